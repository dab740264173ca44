#include "io/atomic_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

namespace kneeviz::io {

std::filesystem::path temporary_beside(const std::filesystem::path& folder, const std::string& name,
                                       const std::string& suffix) {
  return folder / ("." + name + ".tmp" + std::to_string(::getpid()) + suffix);
}

void remove_stale_temporaries(const std::filesystem::path& folder, const std::string& name) {
  std::error_code error;
  if (!std::filesystem::is_directory("/proc/self", error)) return;
  const std::string prefix = "." + name + ".tmp";
  const std::string own = std::to_string(::getpid());
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    const std::string file = entry.path().filename().string();
    if (!file.starts_with(prefix)) continue;
    const std::size_t digits = file.find_first_not_of("0123456789", prefix.size());
    const std::string pid = file.substr(prefix.size(), digits - prefix.size());
    if (pid.empty() || pid == own || std::filesystem::exists("/proc/" + pid, error)) continue;
    std::error_code ignored;
    std::filesystem::remove_all(entry.path(), ignored);
  }
}

void write_file_atomically(const std::filesystem::path& file, std::span<const unsigned char> bytes) {
  const std::filesystem::path folder = file.has_parent_path() ? file.parent_path() : ".";
  std::error_code error;
  if (!std::filesystem::is_directory(folder, error))
    throw FileError(file.string() + ": cannot write, the folder " + folder.string() + " does not exist");
  remove_stale_temporaries(folder, file.filename().string());
  // Hidden, beside the target (so the rename stays on one file system), unique to this process.
  const std::filesystem::path temporary = temporary_beside(folder, file.filename().string());
  std::FILE* out = std::fopen(temporary.c_str(), "wb");
  if (!out) throw FileError(file.string() + ": cannot write: " + std::strerror(errno));
  // An empty file is written too; fwrite must not be handed an empty span's null pointer.
  bool written = (bytes.empty() || std::fwrite(bytes.data(), 1, bytes.size(), out) == bytes.size()) &&
                 std::fflush(out) == 0 && ::fsync(::fileno(out)) == 0;
  int write_errno = errno;
  if (std::fclose(out) != 0 && written) {
    written = false;
    write_errno = errno;
  }
  std::error_code cleanup;
  if (!written) {
    std::filesystem::remove(temporary, cleanup);
    throw FileError(file.string() + ": cannot write: " + std::strerror(write_errno));
  }
  std::filesystem::rename(temporary, file, error);
  if (error) {
    std::filesystem::remove(temporary, cleanup);  // its own error: the rename's is the one to tell
    throw FileError(file.string() + ": cannot replace the file: " + error.message());
  }
}

}  // namespace kneeviz::io
