#include "json/reader.h"

namespace kneeviz::json {

std::string with_field(const std::string& field, const std::string& message) {
  return field.empty() ? message : field + ": " + message;
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  // A named pipe would block the open until a writer comes; a device never ends.
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return std::nullopt;
  return text.str();
}

}  // namespace kneeviz::json
