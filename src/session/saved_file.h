#pragma once
// kneeviz's own saved files (the last scene, the recent files, the window's preferences) must never
// stop the window twice: one that cannot be read is moved aside, kept for the user, so the next
// save starts afresh; one written by a newer kneeviz is left where it is and not written over; and
// a start that dies while restoring them is noticed at the next start, which sets them aside.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace kneeviz::session {

// The integer "format_version" at the top of a JSON file, if it has one; nothing for a file that
// is missing, not a regular file, over 64 MiB, nested too deep or not JSON. Never throws.
std::optional<long long> format_version_of(const std::filesystem::path& path);

// Moves the file out of the way as <path>.unreadable-YYYYMMDD-HHMMSS (with -2, -3... when that
// name is taken). Returns the new path, or nothing when it could not be moved, with the reason in
// *why (when given). Never throws.
std::optional<std::filesystem::path> set_aside(const std::filesystem::path& path, std::string* why = nullptr);

// What to do with a saved file kneeviz could not use.
struct Disposal {
  bool left_in_place = false;  // written by a newer kneeviz, or not a regular file: not to be written over
  std::string said;            // how the message ends: where the file is now, e.g. "(kept as FILE)"
};
// A file whose format_version is above `known_version` stays where it is, as does anything that is
// not a regular file (a folder, a pipe); any other is set aside.
Disposal dispose_unreadable(const std::filesystem::path& path, int known_version);

// A marker, <folder>/starting, held from before the saved files are read until the window has
// drawn its first frame. When a start finds one left by a kneeviz that is no longer running, that
// start died on the way (perhaps on a saved file), and the files are set aside before they are
// read again. The marker names the process that holds it, so a second window opened while the
// first is starting is not mistaken for a crash.
class StartGuard {
 public:
  // Reads any earlier marker, then writes this process's. Never throws: without a writable
  // folder there is nothing to guard.
  explicit StartGuard(const std::filesystem::path& folder);
  ~StartGuard();
  StartGuard(const StartGuard&) = delete;
  StartGuard& operator=(const StartGuard&) = delete;

  // An earlier start died before it drew its first frame.
  bool earlier_start_died() const { return earlier_start_died_; }
  // Sets aside each of the files that exists, after an earlier start died; returns a sentence for
  // the user naming where they went, or an empty one when nothing was there.
  std::string set_aside_after_crash(const std::vector<std::filesystem::path>& files) const;
  // The window is up: removes the marker.
  void started();

 private:
  std::filesystem::path marker_;
  bool earlier_start_died_ = false;
  bool held_ = false;
};

}  // namespace kneeviz::session
