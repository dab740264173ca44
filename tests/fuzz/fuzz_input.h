#pragma once
// What the fuzz targets share: the input as text, and as a file for the readers that take a path.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace kneeviz::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// The input written to a file in a folder of this process in the temporary folder; the folder,
// with whatever a reader left beside the file (a copy set aside), removed on destruction. The
// extension is the reader's only hint of the format.
class InputFile {
 public:
  InputFile(const std::uint8_t* data, std::size_t size, std::string_view extension)
      : folder_(std::filesystem::temp_directory_path() / ("kneeviz-fuzz-" + std::to_string(::getpid()))),
        path_(folder_ / ("input" + std::string(extension))) {
    std::error_code ignored;
    std::filesystem::create_directories(folder_, ignored);
    std::ofstream(path_, std::ios::binary)
        .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile() {
    std::error_code ignored;
    std::filesystem::remove_all(folder_, ignored);
  }

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path folder_, path_;
};

}  // namespace kneeviz::fuzz
