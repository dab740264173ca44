#include "ui/file_chooser.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <system_error>

namespace kneeviz::ui {
namespace {

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

void sort_names(std::vector<std::string>& names) {
  std::sort(names.begin(), names.end(), [](const std::string& a, const std::string& b) {
    const std::string la = lower(a), lb = lower(b);
    return la != lb ? la < lb : a < b;
  });
}

}  // namespace

FolderListing::FolderListing(std::filesystem::path folder, std::vector<std::string> extensions)
    : folder_(std::move(folder)), extensions_(std::move(extensions)) {
  std::error_code error;
  std::filesystem::directory_iterator entries(folder_, error);
  if (error) {
    error_ = folder_.string() + ": cannot list the folder: " + error.message();
    return;
  }
  for (const auto& entry : entries) {
    const std::string name = entry.path().filename().string();
    if (name.empty() || name.front() == '.') continue;
    std::error_code kind_error;
    if (entry.is_directory(kind_error)) {
      folders_.push_back(name);
    } else if (entry.is_regular_file(kind_error)) {
      const std::string extension = lower(entry.path().extension().string());
      if (extensions_.empty() ||
          std::find(extensions_.begin(), extensions_.end(), extension) != extensions_.end())
        files_.push_back(name);
    }
  }
  sort_names(folders_);
  sort_names(files_);
}

FolderListing FolderListing::up() const {
  const std::filesystem::path absolute = std::filesystem::absolute(folder_).lexically_normal();
  const std::filesystem::path parent = absolute.has_relative_path() ? absolute.parent_path() : absolute;
  // "/a/b/" normalises with an empty last part: its parent is "/a/b" itself, so go one more.
  return {absolute.filename().empty() && absolute.has_relative_path() ? parent.parent_path() : parent,
          extensions_};
}

FolderListing FolderListing::into(const std::string& name) const {
  return {folder_ / name, extensions_};
}

std::filesystem::path chooser_start(const std::string& current) {
  std::error_code error;
  if (!current.empty()) {
    std::filesystem::path folder = std::filesystem::absolute(current, error).parent_path();
    if (!error && std::filesystem::is_directory(folder, error)) return folder;
  }
  if (const char* home = std::getenv("HOME"); home && *home && std::filesystem::is_directory(home, error))
    return home;
  return std::filesystem::current_path(error);
}

}  // namespace kneeviz::ui
