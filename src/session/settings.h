#pragma once
// Where kneeviz keeps its own files, following the XDG base directory specification: the last
// scene (restored at start) and the recently opened scene files.

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace kneeviz::session {

inline constexpr std::size_t kMaxRecentFiles = 10;

// $<variable>/kneeviz when the variable is set to an absolute path (the XDG specification ignores
// a relative one), else $HOME/<under_home>/kneeviz; created with its parents if missing. Throws
// io::FileError naming `what` ("configuration folder") when neither gives a folder or it cannot be
// created.
std::filesystem::path xdg_folder(const char* variable, const std::filesystem::path& under_home,
                                 const std::string& what);
// Creates `folder` with its parents if missing; throws io::FileError naming `what` when it cannot.
void make_folder(const std::filesystem::path& folder, const std::string& what);

// $XDG_CONFIG_HOME/kneeviz when XDG_CONFIG_HOME is set to an absolute path (the specification
// ignores a relative one), else $HOME/.config/kneeviz. Created, with its parents, if missing.
// Throws io::FileError when neither variable gives a folder or the folder cannot be created.
std::filesystem::path config_dir();
// <config>/last-scene.json: the scene saved on exit and restored at start.
std::filesystem::path last_scene_path();
// <config>/recent-files.json: the recently opened scene files.
std::filesystem::path recent_files_path();

// The list in a recent-files file, most recent first, without duplicates, at most 10. A missing
// file gives an empty list; an unreadable or invalid one gives an empty list and sets *message
// (when given) to a sentence naming the file and the problem, and is moved aside (set_aside) so it
// never fails twice; one written by a newer kneeviz, or not a regular file, is left in place and
// *left_in_place set: the caller must not write over it. Never throws.
std::vector<std::string> read_recent(const std::filesystem::path& path, std::string* message = nullptr,
                                     bool* left_in_place = nullptr);
// Writes the list atomically, keeping its order, dropping later duplicates and all past the
// tenth. Throws io::FileError when the file cannot be written.
void write_recent(const std::filesystem::path& path, const std::vector<std::string>& list);
// Moves (or adds) `file` to the front of the list, drops its other occurrences and trims the list
// to 10. `file` is made absolute and normal first, so "./a.json" and "a.json" are one entry.
void add_recent(std::vector<std::string>& list, const std::filesystem::path& file);

}  // namespace kneeviz::session
