#pragma once
// The window's own preferences, kept between runs in <config>/preferences.json: where the window
// was, how large and whether maximised, the size of the panel and its text, and the export
// settings. Separate from the scene (what was on screen), so that opening another scene keeps them.
//   {"format_version": 1, "window": {"x": 40, "y": 30, "width": 1600, "height": 900,
//    "maximised": false}, "ui_scale": 1.5, "export": {"file": "knee.mp4", "size": 1, "fps": 30},
//    "practice": {"learner": "Anna Berg", "follow_me": true}}

#include <filesystem>
#include <optional>
#include <string>

namespace kneeviz::session {

// The panel and its text from 100 % to 250 % of their size on an ordinary (96 DPI) screen.
inline constexpr float kMinUiScale = 1.f;
inline constexpr float kMaxUiScale = 2.5f;

struct WindowPlacement {
  int x = 0, y = 0;           // the window's top-left corner on the desktop
  int width = 0, height = 0;  // its size, in the desktop's (screen) coordinates
  bool maximised = false;
  bool operator==(const WindowPlacement&) const = default;
};

// The panel's export settings as the user last left them.
struct ExportSettings {
  std::string file;    // a .png, a .mp4 or a folder for frames
  int size_index = 1;  // into the panel's list of sizes
  int fps = 30;        // 10 to 60
  bool operator==(const ExportSettings&) const = default;
};

// Practice mode as the learner last left it: their name (empty: none) and the guide.
struct PracticeSettings {
  std::string learner;  // at most kMaxLearnerNameBytes (session/learner_history.h)
  bool follow_me = true;
  bool operator==(const PracticeSettings&) const = default;
};

struct Preferences {
  std::optional<WindowPlacement> window;     // none: the first start, which opens maximised
  std::optional<float> ui_scale;             // none: follow the monitor's DPI
  std::optional<ExportSettings> exports;     // none: the panel's defaults
  std::optional<PracticeSettings> practice;  // none: no learner named, following
  bool operator==(const Preferences&) const = default;
};

// <config>/preferences.json.
std::filesystem::path preferences_path();

// The preferences in `path`. A missing file gives the defaults. A file that cannot be read or is
// not valid gives the defaults and sets *message (when given) to a sentence naming the file, the
// place and what was expected; the file is then moved aside (session::set_aside), kept for the
// user, so the next write starts afresh and the same file never fails twice. One written by a
// newer kneeviz, or not a regular file, is left in place and *left_in_place set: the caller must
// not write over it. Never throws.
Preferences read_preferences(const std::filesystem::path& path, std::string* message = nullptr,
                             bool* left_in_place = nullptr);
// Writes them atomically (temporary file, then rename). Throws io::FileError when it cannot.
void write_preferences(const std::filesystem::path& path, const Preferences& preferences);

}  // namespace kneeviz::session
