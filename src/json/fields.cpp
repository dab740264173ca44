#include "json/fields.h"

#include <charconv>
#include <system_error>

namespace kneeviz::json {

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

std::vector<std::string> unknown_keys(const Json& object, std::initializer_list<std::string_view> known) {
  std::vector<std::string> unknown;
  for (const auto& item : object.items()) {
    const std::string& key = item.key();
    if (key != kCommentKey && std::find(known.begin(), known.end(), key) == known.end())
      unknown.push_back(key);
  }
  return unknown;
}

std::string one_of_keys(std::initializer_list<std::string_view> known) {
  return "one of: " + join(std::vector<std::string>(known.begin(), known.end())) + " (or \"$comment\")";
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

namespace {

bool in_number(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-';
}

// The offset of the first number spelt `number` outside strings; 0 when there is none.
std::size_t find_number(std::string_view text, std::string_view number) {
  bool in_string = false;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (in_string) {
      if (text[at] == '\\')
        ++at;
      else if (text[at] == '"')
        in_string = false;
    } else if (text[at] == '"') {
      in_string = true;
    } else if (text.substr(at).starts_with(number) && (at == 0 || !in_number(text[at - 1])) &&
               (at + number.size() == text.size() || !in_number(text[at + number.size()]))) {
      return at;
    }
  }
  return 0;
}

}  // namespace

MalformedJson describe_malformed(std::string_view text, const Json::exception& error) {
  std::string detail = error.what();
  if (const auto* syntax = dynamic_cast<const Json::parse_error*>(&error)) {
    // "[json.exception.parse_error.101] parse error at line 3, column 7: DETAIL"; error.byte counts
    // the bytes read, up to the last byte of the offending token.
    const std::size_t column_word = detail.find("column ");
    const std::size_t colon = detail.find(": ", column_word == std::string::npos ? 0 : column_word);
    if (colon != std::string::npos) detail = detail.substr(colon + 2);
    const std::size_t last = syntax->byte == 0 ? 0 : syntax->byte - 1;
    return {position_of_offset(text, token_start(text, last)), detail};
  }
  // "[json.exception.out_of_range.406] number overflow parsing '1e999'".
  const std::size_t open = detail.find('\'');
  const std::size_t close = detail.rfind('\'');
  if (open == std::string::npos || close <= open) return {{}, detail};
  const std::string number = detail.substr(open + 1, close - open - 1);
  return {position_of_offset(text, find_number(text, number)), "the number " + number + " is too large"};
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
    // A key of digits too many for an index ("99999999999999999999") stays a key.
    std::size_t index = 0;
    const char* const end_of_segment = segment.data() + segment.size();
    const auto [end_of_digits, status] = std::from_chars(segment.data(), end_of_segment, index);
    const bool is_index = status == std::errc() && end_of_digits == end_of_segment;
    field = is_index ? field.element(index) : field.member(segment);
    start = end + 1;
  }
  return field.display;
}

}  // namespace kneeviz::json
