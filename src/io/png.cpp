#include "io/png.h"

#include <stb_image_write.h>

#include "io/atomic_file.h"

namespace kneeviz::io {

void write_png(const std::filesystem::path& file, glm::ivec2 size,
               const std::vector<std::uint8_t>& rgba) {
  std::vector<unsigned char> encoded;
  const auto append = [](void* context, void* data, int length) {
    auto* out = static_cast<std::vector<unsigned char>*>(context);
    const auto* bytes = static_cast<const unsigned char*>(data);
    out->insert(out->end(), bytes, bytes + length);
  };
  if (!stbi_write_png_to_func(append, &encoded, size.x, size.y, 4, rgba.data(), size.x * 4))
    throw FileError(file.string() + ": the image could not be encoded as PNG");
  write_file_atomically(file, encoded);
}

}  // namespace kneeviz::io
