#include "io/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include <unistd.h>

namespace kneeviz::io {

void write_file_atomically(const std::filesystem::path& file, std::span<const unsigned char> bytes) {
  const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    throw FileError(file.string() + ": cannot write, the folder " + folder.string() +
                    " does not exist");
  // Hidden, beside the target (so the rename stays on one file system), unique to this process.
  std::string temporary_name = ".";
  temporary_name += file.filename().string();
  temporary_name += ".tmp";
  temporary_name += std::to_string(::getpid());
  const std::filesystem::path temporary = folder / temporary_name;
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  if (!out)
    throw FileError(file.string() + ": cannot write: " + std::strerror(errno));
  // An empty file is written too; fwrite must not be handed an empty span's null pointer.
  bool written = (bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size()) &&
                 std::fflush(out) == 0 && ::fsync(::fileno(out)) == 0;
  int write_errno = errno;
  if (std::fclose(out) != 0 && written) {
    written = false;
    write_errno = errno;
  }
  if (!written) {
    std::filesystem::remove(temporary, error);
    throw FileError(file.string() + ": cannot write: " + std::strerror(write_errno));
  }
  std::filesystem::rename(temporary, file, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw FileError(file.string() + ": cannot replace the file: " + error.message());
  }
}

}  // namespace kneeviz::io
