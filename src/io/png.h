#pragma once
// PNG files, written atomically.

#include <cstdint>
#include <filesystem>
#include <glm/glm.hpp>
#include <vector>

namespace kneeviz::io {

// The PNG file's bytes for an image; rgba: top row first, 4 bytes a pixel. An image whose every
// alpha is 255 is written as RGB. Throws FileError when the size and the bytes disagree.
std::vector<unsigned char> encode_png(glm::ivec2 size, const std::vector<std::uint8_t>& rgba);

// Writes encode_png's bytes to the file atomically. rgba: top row first, 4 bytes a pixel.
// Throws FileError naming the file.
void write_png(const std::filesystem::path& file, glm::ivec2 size, const std::vector<std::uint8_t>& rgba);

}  // namespace kneeviz::io
