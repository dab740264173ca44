#include "json/positions.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <unordered_set>
#include <vector>

namespace kneeviz::json {

std::optional<TextPosition> first_too_deep(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return position_of_offset(text, i);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::nullopt;
}

TextPosition position_of_offset(std::string_view text, std::size_t offset) {
  offset = std::min(offset, text.size());
  TextPosition position;
  std::size_t line_start = 0;
  for (std::size_t i = 0; i < offset; ++i) {
    if (text[i] == '\n') {
      ++position.line;
      line_start = i + 1;
    }
  }
  position.column = static_cast<int>(offset - line_start) + 1;
  return position;
}

std::string escape_pointer_segment(std::string_view segment) {
  std::string escaped;
  escaped.reserve(segment.size());
  for (char c : segment) {
    if (c == '~')
      escaped += "~0";
    else if (c == '/')
      escaped += "~1";
    else
      escaped += c;
  }
  return escaped;
}

// A recursive descent over valid JSON that only remembers where each value begins. It trusts the
// grammar (nlohmann has checked it) but still refuses to run off the end of malformed input.
class JsonScanner {
 public:
  JsonScanner(std::string_view text, JsonPositions& out) : text_(text), out_(out) {
    for (std::size_t i = 0; i < text_.size(); ++i)
      if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }

  void scan_document() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") at_ = 3;  // a UTF-8 byte order mark, as nlohmann allows
    skip_whitespace();
    out_.positions_[""] = TextPosition{};
    scan_value("");
    skip_whitespace();
    if (at_ < text_.size()) fail("trailing characters");
  }

 private:
  std::string_view text_;
  JsonPositions& out_;
  std::size_t at_ = 0;
  std::vector<std::size_t> line_starts_{0};

  [[noreturn]] void fail(const char* what) const {
    throw std::invalid_argument(std::string("JsonPositions: not valid JSON: ") + what);
  }

  // Binary search over the line starts: the files are small, but scan() visits every value.
  TextPosition position(std::size_t offset) const {
    const auto next_line = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const std::size_t line_index = static_cast<std::size_t>(next_line - line_starts_.begin()) - 1;
    return TextPosition{static_cast<int>(line_index) + 1,
                        static_cast<int>(offset - line_starts_[line_index]) + 1};
  }

  char peek() const {
    if (at_ >= text_.size()) fail("unexpected end");
    return text_[at_];
  }

  void skip_whitespace() {
    while (at_ < text_.size() &&
           (text_[at_] == ' ' || text_[at_] == '\t' || text_[at_] == '\n' || text_[at_] == '\r'))
      ++at_;
  }

  // Returns the decoded string; `at_` is left after the closing quote.
  std::string scan_string() {
    if (peek() != '"') fail("expected a string");
    const std::size_t start = at_++;
    bool escaped = false;
    while (peek() != '"') {
      if (text_[at_] == '\\') {
        escaped = true;
        ++at_;
      }
      ++at_;
    }
    ++at_;
    const std::string_view literal = text_.substr(start, at_ - start);
    if (!escaped) return std::string(literal.substr(1, literal.size() - 2));
    // Escapes (\u sequences included) are rare in keys: let nlohmann decode them.
    return nlohmann::json::parse(literal).get<std::string>();
  }

  void scan_value(const std::string& pointer) {
    switch (peek()) {
      case '{':
        scan_object(pointer);
        break;
      case '[':
        scan_array(pointer);
        break;
      case '"':
        scan_string();
        break;
      default:
        // Numbers, true, false, null: everything up to the next structural character.
        while (at_ < text_.size() && text_[at_] != ',' && text_[at_] != '}' && text_[at_] != ']' &&
               text_[at_] != ' ' && text_[at_] != '\n' && text_[at_] != '\r' && text_[at_] != '\t')
          ++at_;
    }
  }

  void scan_object(const std::string& pointer) {
    ++at_;  // '{'
    std::unordered_set<std::string> seen_keys;
    skip_whitespace();
    if (peek() == '}') {
      ++at_;
      return;
    }
    while (true) {
      skip_whitespace();
      const std::size_t key_offset = at_;
      const std::string key = scan_string();
      const std::string member = pointer + "/" + escape_pointer_segment(key);
      if (!seen_keys.insert(key).second && !out_.first_duplicate_) out_.first_duplicate_ = member;
      // A duplicate keeps the position of its second occurrence, the one nlohmann keeps.
      out_.positions_[member] = position(key_offset);
      skip_whitespace();
      if (peek() != ':') fail("expected ':'");
      ++at_;
      skip_whitespace();
      scan_value(member);
      skip_whitespace();
      const char next = peek();
      ++at_;
      if (next == '}') return;
      if (next != ',') fail("expected ',' or '}'");
    }
  }

  void scan_array(const std::string& pointer) {
    ++at_;  // '['
    skip_whitespace();
    if (peek() == ']') {
      ++at_;
      return;
    }
    for (std::size_t index = 0;; ++index) {
      skip_whitespace();
      const std::string element = pointer + "/" + std::to_string(index);
      out_.positions_[element] = position(at_);
      scan_value(element);
      skip_whitespace();
      const char next = peek();
      ++at_;
      if (next == ']') return;
      if (next != ',') fail("expected ',' or ']'");
    }
  }
};

JsonPositions JsonPositions::scan(std::string_view text) {
  JsonPositions positions;
  JsonScanner scanner(text, positions);
  scanner.scan_document();
  return positions;
}

std::optional<TextPosition> JsonPositions::find(const std::string& pointer) const {
  const auto found = positions_.find(pointer);
  if (found == positions_.end()) return std::nullopt;
  return found->second;
}

TextPosition JsonPositions::nearest(std::string pointer) const {
  std::optional<TextPosition> at = find(pointer);
  while (!at && !pointer.empty()) {
    pointer.erase(pointer.rfind('/'));
    at = find(pointer);
  }
  return at.value_or(TextPosition{});
}

}  // namespace kneeviz::json
