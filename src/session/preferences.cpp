#include "session/preferences.h"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "io/atomic_file.h"
#include "json/positions.h"
#include "session/learner_history.h"
#include "session/saved_file.h"
#include "session/settings.h"

namespace kneeviz::session {

namespace {

constexpr int kPreferencesFormatVersion = 1;
// A window larger than this is no window any screen has: the file is not one of ours.
constexpr int kMaxWindowExtent = 32768;

struct Invalid {
  std::string what;
};

int integer_in(const nlohmann::json& object, const char* parent, const char* key, int low, int high) {
  const std::string field = std::string("\"") + parent + "\".\"" + key + "\"";
  if (!object.contains(key) || !object[key].is_number_integer())
    throw Invalid{field + ": expected a whole number"};
  const auto value = object[key].get<long long>();
  if (value < low || value > high)
    throw Invalid{field + ": expected " + std::to_string(low) + " to " + std::to_string(high) + ", found " +
                  std::to_string(value)};
  return int(value);
}

Preferences parse(const std::string& text) {
  if (const auto deep = json::first_too_deep(text))
    throw Invalid{"nested deeper than " + std::to_string(json::kMaxJsonDepth) + " levels at line " +
                  std::to_string(deep->line) + ", column " + std::to_string(deep->column)};
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& refusal) {
    throw Invalid{std::string("malformed JSON: ") + refusal.what()};
  }
  if (!document.is_object() || !document.contains("format_version") ||
      document["format_version"] != kPreferencesFormatVersion)
    throw Invalid{"expected an object with \"format_version\": 1"};
  Preferences preferences;
  if (document.contains("window")) {
    const nlohmann::json& window = document["window"];
    if (!window.is_object()) throw Invalid{"\"window\": expected an object"};
    WindowPlacement placement;
    placement.x = integer_in(window, "window", "x", -kMaxWindowExtent, kMaxWindowExtent);
    placement.y = integer_in(window, "window", "y", -kMaxWindowExtent, kMaxWindowExtent);
    placement.width = integer_in(window, "window", "width", 1, kMaxWindowExtent);
    placement.height = integer_in(window, "window", "height", 1, kMaxWindowExtent);
    if (window.contains("maximised")) {
      if (!window["maximised"].is_boolean())
        throw Invalid{"\"window\".\"maximised\": expected true or false"};
      placement.maximised = window["maximised"].get<bool>();
    }
    preferences.window = placement;
  }
  if (document.contains("export")) {
    const nlohmann::json& settings = document["export"];
    if (!settings.is_object()) throw Invalid{"\"export\": expected an object"};
    ExportSettings exports;
    if (!settings.contains("file") || !settings["file"].is_string() ||
        settings["file"].get<std::string>().size() > 4096)
      throw Invalid{"\"export\".\"file\": expected a file name"};
    exports.file = settings["file"].get<std::string>();
    exports.size_index = integer_in(settings, "export", "size", 0, 15);
    exports.fps = integer_in(settings, "export", "fps", 10, 60);
    preferences.exports = exports;
  }
  if (document.contains("practice")) {
    const nlohmann::json& settings = document["practice"];
    if (!settings.is_object()) throw Invalid{"\"practice\": expected an object"};
    PracticeSettings practice;
    if (settings.contains("learner")) {
      if (!settings["learner"].is_string() ||
          settings["learner"].get<std::string>().size() > kMaxLearnerNameBytes)
        throw Invalid{"\"practice\".\"learner\": expected a name of at most " +
                      std::to_string(kMaxLearnerNameBytes) + " bytes"};
      practice.learner = settings["learner"].get<std::string>();
    }
    if (settings.contains("follow_me")) {
      if (!settings["follow_me"].is_boolean())
        throw Invalid{"\"practice\".\"follow_me\": expected true or false"};
      practice.follow_me = settings["follow_me"].get<bool>();
    }
    preferences.practice = practice;
  }
  if (document.contains("ui_scale")) {
    const nlohmann::json& scale = document["ui_scale"];
    if (!scale.is_number() || scale.get<double>() < kMinUiScale || scale.get<double>() > kMaxUiScale)
      throw Invalid{"\"ui_scale\": expected a number from 1 to 2.5, found " + scale.dump()};
    preferences.ui_scale = scale.get<float>();
  }
  return preferences;
}

}  // namespace

std::filesystem::path preferences_path() {
  return config_dir() / "preferences.json";
}

Preferences read_preferences(const std::filesystem::path& path, std::string* message, bool* left_in_place) {
  if (message) message->clear();
  if (left_in_place) *left_in_place = false;
  std::error_code error;
  if (!std::filesystem::exists(path, error) && !error) return {};
  std::string what;
  if (!std::filesystem::is_regular_file(path, error)) {
    what = "not a regular file";
  } else if (std::ifstream in(path, std::ios::binary); !in) {
    what = "cannot read the file";
  } else {
    std::ostringstream text;
    text << in.rdbuf();
    try {
      return parse(text.str());
    } catch (const Invalid& invalid) {
      what = invalid.what;
    }
  }
  // Kept for the user, out of the way of the next write (or, from a newer kneeviz, left alone).
  const Disposal disposal = dispose_unreadable(path, kPreferencesFormatVersion);
  if (left_in_place) *left_in_place = disposal.left_in_place;
  if (message)
    *message = "kneeviz could not read its preferences " + path.string() + ": " + what +
               "; using the defaults " + disposal.said;
  return {};
}

void write_preferences(const std::filesystem::path& path, const Preferences& preferences) {
  nlohmann::ordered_json document;
  document["format_version"] = kPreferencesFormatVersion;
  if (preferences.window) {
    const WindowPlacement& w = *preferences.window;
    document["window"] = {
        {"x", w.x}, {"y", w.y}, {"width", w.width}, {"height", w.height}, {"maximised", w.maximised}};
  }
  if (preferences.ui_scale) document["ui_scale"] = *preferences.ui_scale;
  if (preferences.exports)
    document["export"] = {{"file", preferences.exports->file},
                          {"size", preferences.exports->size_index},
                          {"fps", preferences.exports->fps}};
  if (preferences.practice)
    document["practice"] = {{"learner", preferences.practice->learner},
                            {"follow_me", preferences.practice->follow_me}};
  const std::string text = document.dump(2) + "\n";
  io::write_file_atomically(path,
                            std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

}  // namespace kneeviz::session
