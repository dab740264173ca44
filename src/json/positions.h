#pragma once
// Where things are in a JSON text: the line and column of every object member and array element,
// so that a schema error can point at the real line of the file. nlohmann::json keeps no positions,
// hence this second, read-only pass over text that has already parsed.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace kneeviz::json {

// 1-based line and column; the column counts bytes, as editors and compilers do for ASCII files.
struct TextPosition {
  int line = 1;
  int column = 1;
};

// The position of the byte at `offset` in `text` (an offset past the end gives the end position).
TextPosition position_of_offset(std::string_view text, std::size_t offset);

// A JSON Pointer (RFC 6901) segment: "~" and "/" escaped as "~0" and "~1".
std::string escape_pointer_segment(std::string_view segment);

// How deep kneeviz's JSON files may nest: far beyond any file it writes or ships (scenes nest
// about 5 levels), and shallow enough that no reader, recursive or not, can be driven out of its
// stack or into memory that grows with the square of the depth.
inline constexpr int kMaxJsonDepth = 256;

// Where `text` first opens an array or object nested deeper than `max_depth` levels (outside
// strings), else nullopt. Linear, iterative, and safe on any bytes, valid JSON or not: check this
// before parsing.
std::optional<TextPosition> first_too_deep(std::string_view text, int max_depth = kMaxJsonDepth);

class JsonPositions {
 public:
  // Scans `text`, which must be valid JSON (parse it with nlohmann first): throws
  // std::invalid_argument on text that is not. Records for every value its JSON Pointer.
  static JsonPositions scan(std::string_view text);

  // Where the value at `pointer` is named: the opening quote of its key for an object member, the
  // first byte of the value for an array element, 1:1 for the root. Empty when there is no such
  // value.
  std::optional<TextPosition> find(const std::string& pointer) const;

  // Like find, but a value the document lacks (a missing member) has no position of its own: the
  // nearest enclosing value that has one stands in. 1:1 when not even the root is known.
  TextPosition nearest(std::string pointer) const;

  // The first key that appears twice in one object (nlohmann silently keeps the last one), as the
  // pointer of its second occurrence; empty when every key is unique.
  const std::optional<std::string>& first_duplicate_key() const { return first_duplicate_; }

 private:
  std::unordered_map<std::string, TextPosition> positions_;
  std::optional<std::string> first_duplicate_;

  friend class JsonScanner;
};

}  // namespace kneeviz::json
