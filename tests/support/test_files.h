#pragma once
// Files the tests write for themselves: a private temporary folder, and small helpers to write and
// read whole files.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace kneeviz::test {

// A fresh folder under the system's temporary folder, removed with everything in it on
// destruction. Tests never share one, so they can run in parallel.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(std::string_view name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

void write_text(const std::filesystem::path& file, std::string_view text);
void write_bytes(const std::filesystem::path& file, const std::vector<unsigned char>& bytes);
std::vector<unsigned char> read_bytes(const std::filesystem::path& file);
std::string read_text(const std::filesystem::path& file);

// Names in `folder` (files and folders, not recursive), sorted.
std::vector<std::string> list_folder(const std::filesystem::path& folder);

}  // namespace kneeviz::test
