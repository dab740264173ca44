#include "anatomy/json_reader.h"

namespace kneeviz::anatomy::json {

std::string with_field(const std::string& field, const std::string& message) {
  return field.empty() ? message : field + ": " + message;
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return std::nullopt;
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return std::nullopt;
  return text.str();
}

}  // namespace kneeviz::anatomy::json
