#include "session/settings.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "io/atomic_file.h"
#include "json/positions.h"
#include "session/saved_file.h"

namespace kneeviz::session {

namespace {

constexpr int kRecentFormatVersion = 1;

// Keeps the first occurrence of each entry, then the first kMaxRecentFiles.
std::vector<std::string> normalised(const std::vector<std::string>& list) {
  std::vector<std::string> out;
  for (const std::string& entry : list) {
    if (entry.empty() || std::find(out.begin(), out.end(), entry) != out.end()) continue;
    out.push_back(entry);
    if (out.size() == kMaxRecentFiles) break;
  }
  return out;
}

}  // namespace

std::filesystem::path xdg_folder(const char* variable, const std::filesystem::path& under_home,
                                 const std::string& what) {
  std::filesystem::path folder;
  const char* xdg = std::getenv(variable);
  if (xdg && *xdg && std::filesystem::path(xdg).is_absolute()) {
    folder = std::filesystem::path(xdg) / "kneeviz";
  } else {
    const char* home = std::getenv("HOME");
    if (!home || !*home)
      throw io::FileError("cannot find the " + what + ": neither " + variable + " nor HOME is set");
    folder = std::filesystem::path(home) / under_home / "kneeviz";
  }
  make_folder(folder, what);
  return folder;
}

void make_folder(const std::filesystem::path& folder, const std::string& what) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error || !std::filesystem::is_directory(folder))
    throw io::FileError(folder.string() + ": cannot create the " + what +
                        (error ? ": " + error.message() : std::string()));
}

std::filesystem::path config_dir() {
  return xdg_folder("XDG_CONFIG_HOME", ".config", "configuration folder");
}

std::filesystem::path last_scene_path() {
  return config_dir() / "last-scene.json";
}
std::filesystem::path recent_files_path() {
  return config_dir() / "recent-files.json";
}

std::vector<std::string> read_recent(const std::filesystem::path& path, std::string* message,
                                     bool* left_in_place) {
  if (message) message->clear();
  if (left_in_place) *left_in_place = false;
  std::error_code error;
  if (!std::filesystem::exists(path, error) && !error) return {};
  const auto problem = [&](const std::string& what) {
    const Disposal disposal = dispose_unreadable(path, kRecentFormatVersion);
    if (left_in_place) *left_in_place = disposal.left_in_place;
    if (message)
      *message = "kneeviz could not read the recent files list " + path.string() + ": " + what +
                 "; starting with an empty list " + disposal.said;
    return std::vector<std::string>{};
  };
  if (!std::filesystem::is_regular_file(path, error)) return problem("not a regular file");
  std::ifstream in(path, std::ios::binary);
  if (!in) return problem("cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  if (const auto deep = json::first_too_deep(text.str()))
    return problem("nested deeper than " + std::to_string(json::kMaxJsonDepth) + " levels at line " +
                   std::to_string(deep->line) + ", column " + std::to_string(deep->column));
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text.str());
  } catch (const nlohmann::json::exception& refusal) {  // a syntax error, or a number beyond a double
    return problem(std::string("malformed JSON: ") + refusal.what());
  }
  if (!document.is_object() || !document.contains("format_version") ||
      document["format_version"] != kRecentFormatVersion)
    return problem("expected an object with \"format_version\": 1");
  if (!document.contains("recent") || !document["recent"].is_array())
    return problem("expected \"recent\": an array of file names");
  std::vector<std::string> list;
  for (const auto& entry : document["recent"]) {
    if (!entry.is_string()) return problem("expected \"recent\" to hold only strings, found " + entry.dump());
    list.push_back(entry.get<std::string>());
  }
  return normalised(list);
}

void write_recent(const std::filesystem::path& path, const std::vector<std::string>& list) {
  nlohmann::ordered_json document;
  document["format_version"] = kRecentFormatVersion;
  document["recent"] = normalised(list);
  const std::string text = document.dump(2) + "\n";
  io::write_file_atomically(path,
                            std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
}

void add_recent(std::vector<std::string>& list, const std::filesystem::path& file) {
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(file, error);
  if (error) absolute = file;
  const std::string entry = absolute.lexically_normal().string();
  std::erase(list, entry);
  list.insert(list.begin(), entry);
  list = normalised(list);
}

}  // namespace kneeviz::session
