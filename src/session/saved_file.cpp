#include "session/saved_file.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>

#include "json/positions.h"

namespace kneeviz::session {

namespace {

constexpr std::uintmax_t kMaxSavedFileBytes = 64u << 20;

std::string first_line_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// The program a process runs, as the kernel names it; empty where that cannot be known.
std::string program_of(const std::string& pid) {
  return first_line_of("/proc/" + pid + "/comm");
}

}  // namespace

std::optional<long long> format_version_of(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  const std::uintmax_t bytes = std::filesystem::file_size(path, error);
  if (error || bytes > kMaxSavedFileBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || json::first_too_deep(text.str())) return std::nullopt;
  const nlohmann::json document = nlohmann::json::parse(text.str(), nullptr, false);
  if (!document.is_object()) return std::nullopt;
  const auto version = document.find("format_version");
  if (version == document.end() || !version->is_number_integer()) return std::nullopt;
  return version->get<long long>();
}

std::optional<std::filesystem::path> set_aside(const std::filesystem::path& path, std::string* why) {
  char stamp[32] = "";
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  if (localtime_r(&now, &local)) std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  const std::string base = path.string() + ".unreadable-" + stamp;
  std::error_code error;
  for (int n = 1; n < 100; ++n) {
    const std::filesystem::path aside = n == 1 ? base : base + "-" + std::to_string(n);
    if (std::filesystem::exists(aside, error) || error) continue;
    std::filesystem::rename(path, aside, error);
    if (!error) return aside;
    break;
  }
  if (why) *why = error ? error.message() : "every name for it is taken";
  return std::nullopt;
}

Disposal dispose_unreadable(const std::filesystem::path& path, int known_version) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return {true, "(it is not a regular file, so it is left where it is)"};
  if (const std::optional<long long> version = format_version_of(path); version && *version > known_version)
    return {true, "(it was written by a newer kneeviz, format version " + std::to_string(*version) +
                      "; it is left as it is and not written over)"};
  std::string why;
  if (const std::optional<std::filesystem::path> aside = set_aside(path, &why))
    return {false, "(the file is kept as " + aside->string() + ")"};
  return {false, "(it could not be moved aside: " + why + ")"};
}

StartGuard::StartGuard(const std::filesystem::path& folder) : marker_(folder / "starting") {
  std::error_code error;
  if (std::filesystem::exists(marker_, error)) {
    const std::string pid = first_line_of(marker_);
    const std::string ours = program_of("self");
    // Died: the process that wrote it is gone, or now runs something else. Where /proc cannot
    // tell, nothing is assumed.
    earlier_start_died_ = !ours.empty() && program_of(pid) != ours;
  }
  const std::string temporary = marker_.string() + ".tmp";
  if (std::FILE* file = std::fopen(temporary.c_str(), "w")) {
    const bool written = std::fprintf(file, "%ld\n", long(getpid())) > 0;
    if (std::fclose(file) == 0 && written) {
      std::filesystem::rename(temporary, marker_, error);
      held_ = !error;
    }
  }
  if (!held_) std::filesystem::remove(temporary, error);
}

StartGuard::~StartGuard() {
  started();
}

void StartGuard::started() {
  if (!held_) return;
  std::error_code error;
  std::filesystem::remove(marker_, error);
  held_ = false;
}

std::string StartGuard::set_aside_after_crash(const std::vector<std::filesystem::path>& files) const {
  if (!earlier_start_died_) return {};
  std::string moved;
  std::error_code error;
  for (const std::filesystem::path& file : files) {
    if (!std::filesystem::exists(file, error)) continue;
    std::string why;
    const std::optional<std::filesystem::path> aside = set_aside(file, &why);
    moved += (moved.empty() ? "" : "; ") + file.filename().string() +
             (aside ? " is kept as " + aside->string() : " could not be moved aside: " + why);
  }
  if (moved.empty()) return {};
  return "kneeviz closed unexpectedly while it was starting last time, so the files it restores at start "
         "were set aside and the defaults used: " +
         moved;
}

}  // namespace kneeviz::session
