#include "anatomy/json_fields.h"

#include <cctype>

namespace kneeviz::anatomy::json {

std::string join(const std::vector<std::string>& items) {
  std::string joined;
  for (const std::string& item : items) {
    if (!joined.empty()) joined += ", ";
    joined += item;
  }
  return joined;
}

std::string type_name(const Json& value) {
  switch (value.type()) {
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::null:
      return "null";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    default:
      return "something else";
  }
}

// What was found, for "found X": strings quoted (a blank or a typo shows), numbers as written.
std::string describe(const Json& value) {
  if (value.is_string()) return "\"" + value.get<std::string>() + "\"";
  if (value.is_number()) return value.dump();
  return type_name(value);
}

bool is_kebab_case(std::string_view id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char previous = ' ';
  for (char c : id) {
    const bool allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!allowed || (c == '-' && previous == '-')) return false;
    previous = c;
  }
  return true;
}

// nlohmann reports the last byte of the token it could not use; people look for its first byte.
std::size_t token_start(std::string_view text, std::size_t last) {
  if (last >= text.size()) return last;
  if (text[last] == '"') {
    for (std::size_t at = last; at-- > 0 && text[at] != '\n';) {
      if (text[at] != '"') continue;
      std::size_t backslashes = 0;
      while (at > backslashes && text[at - 1 - backslashes] == '\\') ++backslashes;
      if (backslashes % 2 == 0) return at;
    }
    return last;
  }
  const auto in_literal = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '+' || c == '-';
  };
  std::size_t start = last;
  while (start > 0 && in_literal(text[start]) && in_literal(text[start - 1])) --start;
  return start;
}

std::string display_of_pointer(const std::string& pointer) {
  Field field{"", ""};
  std::size_t start = 1;
  while (start <= pointer.size()) {
    std::size_t end = pointer.find('/', start);
    if (end == std::string::npos) end = pointer.size();
    std::string segment = pointer.substr(start, end - start);
    // JSON Pointer escapes: ~1 is '/', ~0 is '~'.
    for (std::size_t at = 0; (at = segment.find('~', at)) != std::string::npos; ++at)
      segment.replace(at, 2, segment.compare(at, 2, "~1") == 0 ? "/" : "~");
    const bool index = !segment.empty() && std::all_of(segment.begin(), segment.end(), [](unsigned char c) {
      return std::isdigit(c) != 0;
    });
    field = index ? field.element(std::stoul(segment)) : field.member(segment);
    start = end + 1;
  }
  return field.display;
}

}  // namespace kneeviz::anatomy::json
