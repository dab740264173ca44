#pragma once
// Writing user files whole or not at all: into a temporary file beside the target, then renamed
// over it, so that an interrupted write never leaves a half-written file.

#include <filesystem>
#include <span>
#include <stdexcept>

namespace kneeviz::io {

class FileError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Throws FileError naming the file and the reason (missing folder, permissions, disk full...).
void write_file_atomically(const std::filesystem::path& file, std::span<const unsigned char> bytes);

}  // namespace kneeviz::io
