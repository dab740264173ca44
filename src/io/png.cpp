#include "io/png.h"

#include <png.h>

#include <algorithm>
#include <csetjmp>
#include <string>

#include "io/atomic_file.h"

namespace kneeviz::io {

namespace {

struct Encoding {
  std::vector<unsigned char> bytes;
  std::string problem;  // libpng's message when it gave up
};

void append(png_structp png, png_bytep data, png_size_t length) {
  auto* out = static_cast<Encoding*>(png_get_io_ptr(png));
  out->bytes.insert(out->bytes.end(), data, data + length);
}

void flush(png_structp) {}

[[noreturn]] void fail(png_structp png, png_const_charp message) {
  static_cast<Encoding*>(png_get_error_ptr(png))->problem = message;
  png_longjmp(png, 1);
}

void warn(png_structp, png_const_charp) {}

// libpng reports errors by longjmp, so nothing between the setjmp and the end of this function
// owns memory: the rows and the output live in the caller. Returns false when libpng gave up.
bool encode(Encoding& out, glm::ivec2 size, int channels, png_bytep const* rows) {
  png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &out, fail, warn);
  if (!png) return false;
  png_infop info = png_create_info_struct(png);
  if (!info || setjmp(png_jmpbuf(png))) {
    png_destroy_write_struct(&png, info ? &info : nullptr);
    return false;
  }
  png_set_write_fn(png, &out, append, flush);
  png_set_IHDR(png, info, png_uint_32(size.x), png_uint_32(size.y), 8,
               channels == 4 ? PNG_COLOR_TYPE_RGBA : PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
               PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
  // Speed over size: zlib's fastest level and no row filter. On a 1920x1080 render this writes in
  // about a tenth of the time stb took at its default, and a smaller file (the dithered
  // background defeats the filters). docs/performance.md has the figures.
  png_set_compression_level(png, 1);
  png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_NONE);
  png_write_info(png, info);
  png_write_image(png, const_cast<png_bytepp>(rows));
  png_write_end(png, info);
  png_destroy_write_struct(&png, &info);
  return true;
}

}  // namespace

std::vector<unsigned char> encode_png(glm::ivec2 size, const std::vector<std::uint8_t>& rgba) {
  if (size.x <= 0 || size.y <= 0 || rgba.size() != std::size_t(size.x) * std::size_t(size.y) * 4)
    throw FileError("cannot encode a " + std::to_string(size.x) + "x" + std::to_string(size.y) +
                    " PNG from " + std::to_string(rgba.size()) + " bytes; expected 4 bytes a pixel");
  // An opaque picture (every render) is written as RGB: a quarter less to compress.
  bool opaque = true;
  for (std::size_t i = 3; i < rgba.size() && opaque; i += 4) opaque = rgba[i] == 255;
  const int channels = opaque ? 3 : 4;
  std::vector<std::uint8_t> packed;
  const std::uint8_t* pixels = rgba.data();
  if (opaque) {
    packed.resize(rgba.size() / 4 * 3);
    for (std::size_t from = 0, to = 0; from < rgba.size(); from += 4, to += 3) {
      packed[to] = rgba[from];
      packed[to + 1] = rgba[from + 1];
      packed[to + 2] = rgba[from + 2];
    }
    pixels = packed.data();
  }
  std::vector<png_bytep> rows(std::size_t(size.y));
  const std::size_t stride = std::size_t(size.x) * std::size_t(channels);
  for (std::size_t y = 0; y < rows.size(); ++y) rows[y] = const_cast<png_bytep>(pixels + y * stride);
  Encoding out;
  out.bytes.reserve(rgba.size() / 4);
  if (!encode(out, size, channels, rows.data()))
    throw FileError("the image could not be encoded as PNG" +
                    (out.problem.empty() ? "" : ": " + out.problem));
  return std::move(out.bytes);
}

void write_png(const std::filesystem::path& file, glm::ivec2 size, const std::vector<std::uint8_t>& rgba) {
  std::vector<unsigned char> encoded;
  try {
    encoded = encode_png(size, rgba);
  } catch (const FileError& error) {
    throw FileError(file.string() + ": " + error.what());
  }
  write_file_atomically(file, encoded);
}

}  // namespace kneeviz::io
