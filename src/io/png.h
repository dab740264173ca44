#pragma once
// PNG files, written atomically.

#include <cstdint>
#include <filesystem>
#include <vector>

#include <glm/glm.hpp>

namespace kneeviz::io {

// rgba: top row first, 4 bytes a pixel. Throws FileError.
void write_png(const std::filesystem::path& file, glm::ivec2 size,
               const std::vector<std::uint8_t>& rgba);

}  // namespace kneeviz::io
