#pragma once
// A file chooser inside the panel, for scene files and exports: the folders and the files of one
// kind in a folder, read once when the folder is entered (not every frame), so a user can browse
// instead of typing a path. Hidden entries are left out. The listing is plain data, testable
// without a window; the panel draws it (ui/panel.cpp).

#include <filesystem>
#include <string>
#include <vector>

namespace kneeviz::ui {

class FolderListing {
 public:
  FolderListing() = default;
  // Reads `folder`: its subfolders and its files whose extension is one of `extensions` (lower
  // case, with the dot; empty: every file), each list sorted by name, case-insensitively. A
  // folder that cannot be read gives empty lists and error() says why. Never throws.
  FolderListing(std::filesystem::path folder, std::vector<std::string> extensions);

  const std::filesystem::path& folder() const { return folder_; }
  const std::vector<std::string>& folders() const { return folders_; }
  const std::vector<std::string>& files() const { return files_; }
  const std::string& error() const { return error_; }
  // The listing of the folder above (the same one at the root), or of a subfolder by name.
  FolderListing up() const;
  FolderListing into(const std::string& name) const;

 private:
  std::filesystem::path folder_;
  std::vector<std::string> extensions_;
  std::vector<std::string> folders_, files_;
  std::string error_;
};

// Where a chooser opens: the folder of `current` when it names one that exists, else the user's
// home folder, else the working folder.
std::filesystem::path chooser_start(const std::string& current);

}  // namespace kneeviz::ui
