#pragma once
// What the project's JSON readers have in common: parsing with the position of every field, and
// putting a problem at the line and column of its field. There are two kinds. A ThrowingReader stops
// at the first problem with the error type of its file kind (region catalogues, clinic content,
// saved scenes); a CollectingReader keeps going so that every mistake of a file is listed at once
// (techniques, lessons).

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "json/fields.h"
#include "json/positions.h"

namespace kneeviz::json {

// "FIELD: message", or the message alone when there is no field (malformed JSON, I/O).
std::string with_field(const std::string& field, const std::string& message);

// The whole file; nullopt when it cannot be opened or read.
std::optional<std::string> read_whole_file(const std::filesystem::path& path);

// The whole file; throws Error(path, 0, 0, "", why) when it cannot be opened or read.
template <typename Error>
std::string read_whole_file_or_throw(const std::filesystem::path& path) {
  std::error_code error;
  // A named pipe would block the open until a writer comes; a device never ends.
  if (std::filesystem::exists(path, error) && !std::filesystem::is_regular_file(path, error))
    throw Error(path.string(), 0, 0, "", "not a regular file (a pipe, a device, a socket or a folder)");
  std::ifstream file(path, std::ios::binary);
  if (!file) throw Error(path.string(), 0, 0, "", "cannot open the file");
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw Error(path.string(), 0, 0, "", "cannot read the file");
  return text.str();
}

// What a reader says of a file nested beyond kMaxJsonDepth, at the bracket that goes too deep.
inline std::string too_deep_message() {
  return "nested deeper than " + std::to_string(kMaxJsonDepth) +
         " levels; expected a kneeviz file (they nest a few levels deep)";
}

// Whether an error type puts the field in front of its message itself (ClinicError) or takes the
// whole text (CatalogueError, SceneError).
enum class ErrorNamesField { no, yes };

// A reader that throws `Error`, built as Error(file, line, column, field, message), at the first
// problem. Subclasses hold the checks of their format.
template <typename Error>
class ThrowingReader {
 protected:
  ThrowingReader(std::string_view text, std::string source, ErrorNamesField error_names_field)
      : text_(text), source_(std::move(source)), error_names_field_(error_names_field) {}

  // The document, with the positions of its fields found. Malformed JSON is reported at the first
  // byte of the offending token.
  Json parse() {
    if (const auto deep = first_too_deep(text_))
      throw Error(source_, deep->line, deep->column, "", too_deep_message());
    Json document;
    try {
      document = Json::parse(text_);
    } catch (const Json::exception& error) {
      const MalformedJson malformed = describe_malformed(text_, error);
      throw Error(source_, malformed.at.line, malformed.at.column, "", "malformed JSON: " + malformed.detail);
    }
    try {
      positions_ = JsonPositions::scan(text_);
    } catch (const std::invalid_argument& error) {
      // Only if nlohmann accepted text the scanner does not understand: a bug here, not in the file.
      throw Error(source_, 1, 1, "", std::string("cannot locate the fields: ") + error.what());
    }
    return document;
  }

  // Throws at the value at `pointer`, or at its nearest enclosing value for a missing member;
  // `message` is the text that follows "FIELD: ".
  [[noreturn]] void fail_at_pointer(const std::string& pointer, const std::string& display,
                                    const std::string& message) const {
    const TextPosition at = positions_.nearest(pointer);
    throw Error(source_, at.line, at.column, display,
                error_names_field_ == ErrorNamesField::yes ? message : with_field(display, message));
  }
  [[noreturn]] void fail(const Field& field, const std::string& message) const {
    fail_at_pointer(field.pointer, field.display, message);
  }

  // Throws at the first key of `object` that is not `known`.
  void check_keys(const Json& object, const Field& field,
                  std::initializer_list<std::string_view> known) const {
    const std::vector<std::string> unknown = unknown_keys(object, known);
    if (!unknown.empty())
      fail(field.member(unknown.front()), "unknown field; expected " + one_of_keys(known));
  }

  const std::string& source() const { return source_; }
  const JsonPositions& positions() const { return positions_; }

 private:
  std::string_view text_;
  std::string source_;
  ErrorNamesField error_names_field_;
  JsonPositions positions_;
};

// The checks that the region catalogue and the clinic file word alike: "FIELD: expected X, found Y".
template <typename Error>
class ExpectedFoundReader : public ThrowingReader<Error> {
 protected:
  using ThrowingReader<Error>::ThrowingReader;
  using ThrowingReader<Error>::fail;
  using ThrowingReader<Error>::fail_at_pointer;
  using ThrowingReader<Error>::positions;

  // The member `key`; a missing one is reported at the line of `object`.
  const Json& require(const Json& object, const Field& field, std::string_view key,
                      const std::string& expected) const {
    if (!object.contains(key))
      fail_at_pointer(field.pointer, field.member(key).display,
                      "missing; expected " + expected + " (in the object at this line)");
    return object.at(key);
  }

  // A string member, which must not be empty unless `may_be_empty`.
  std::string read_string(const Json& object, const Field& field, std::string_view key,
                          const std::string& expected, bool may_be_empty = false) const {
    const Json& value = require(object, field, key, expected);
    if (!value.is_string() || (!may_be_empty && value.get<std::string>().empty()))
      fail(field.member(key), "expected " + expected + " (a non-empty string), found " + describe(value));
    return value.get<std::string>();
  }

  // The "id" member of the `what` at `field`, in kebab-case; the message shows `example`.
  std::string read_id(const Json& object, const Field& field, const std::string& what,
                      std::string_view example) const {
    std::string id = read_string(object, field, "id", "the " + what + "'s id");
    if (!is_kebab_case(id))
      fail(field.member("id"),
           "expected a kebab-case id (lower-case letters and digits joined by single "
           "hyphens, e.g. \"" +
               std::string(example) + "\"), found \"" + id + "\"");
    return id;
  }

  // "format_version", which must be `version`, the one this kneeviz reads.
  int read_version(const Json& document, const Field& root, int version) const {
    const Json& value =
        require(document, root, "format_version", "the format version, " + std::to_string(version));
    if (!value.is_number_integer() || value.get<long long>() != version)
      fail(root.member("format_version"), "expected format version " + std::to_string(version) +
                                              " (the one this kneeviz reads), found " +
                                              (value.is_number() ? value.dump() : describe(value)));
    return version;
  }

  // A non-empty array member; `what` names its items in messages.
  const Json& read_array(const Json& object, const Field& parent, std::string_view key,
                         const std::string& what) const {
    const Json& array = require(object, parent, key, "a non-empty array of " + what);
    if (!array.is_array() || array.empty())
      fail(parent.member(key), "expected a non-empty array of " + what + ", found " +
                                   (array.is_array() ? std::string("an empty array") : type_name(array)));
    return array;
  }

  // Remembers the first occurrence of each id, to name it when a second one appears.
  void check_unique(std::map<std::string, std::size_t>& seen, const std::string& id, const Field& list,
                    std::size_t index, const std::string& what) const {
    const auto [first, inserted] = seen.emplace(id, index);
    if (inserted) return;
    const Field first_field = list.element(first->second);
    const int first_line = positions().find(first_field.pointer).value_or(TextPosition{}).line;
    fail(list.element(index).member("id"), "duplicate " + what + " id \"" + id + "\", already used by " +
                                               first_field.display + " at line " +
                                               std::to_string(first_line) + "; expected ids to be unique");
  }
};

// A reader that keeps going after a problem, a value it cannot use left at its default. `Problem`
// is an aggregate {file, line, column, field, message, expected} with a text() that prints it.
template <typename Problem>
class CollectingReader {
 public:
  std::vector<Problem>& problems() { return problems_; }

 protected:
  CollectingReader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {}

  // The document, with the positions of its fields found; nullopt, reported, when there is none.
  std::optional<Json> parse() {
    if (const auto deep = first_too_deep(text_)) {
      problems_.push_back({source_, deep->line, deep->column, "", too_deep_message(), ""});
      return std::nullopt;
    }
    Json document;
    try {
      document = Json::parse(text_);
    } catch (const Json::exception& error) {
      const MalformedJson malformed = describe_malformed(text_, error);
      problems_.push_back(
          {source_, malformed.at.line, malformed.at.column, "", "malformed JSON: " + malformed.detail, ""});
      return std::nullopt;
    }
    try {
      positions_ = JsonPositions::scan(text_);
    } catch (const std::invalid_argument& error) {
      // Only if nlohmann accepted text the scanner does not understand: a bug here, not in the file.
      problems_.push_back({source_, 1, 1, "", std::string("cannot locate the fields: ") + error.what(), ""});
      return std::nullopt;
    }
    return document;
  }

  // The document, which must be an object, for the reader to go on with: nullopt when it does not
  // parse or is something else. A key given twice is reported and reading goes on.
  std::optional<Json> parse_object() {
    std::optional<Json> document = parse();
    if (!document) return std::nullopt;
    if (const auto& duplicate = positions_.first_duplicate_key())
      report_at(*duplicate, display_of_pointer(*duplicate), "this key appears twice in the same object",
                "each key once");
    if (document->is_object()) return document;
    report(Field{"", ""}, "found " + type_name(*document) + " at the top level", "an object");
    return std::nullopt;
  }

  // Where the value at `pointer` is, or its nearest enclosing value for a missing member.
  TextPosition position_of(const std::string& pointer) const { return positions_.nearest(pointer); }

  void report_at(const std::string& pointer, const std::string& display, std::string message,
                 std::string expected) {
    const TextPosition at = position_of(pointer);
    problems_.push_back({source_, at.line, at.column, display, std::move(message), std::move(expected)});
  }
  void report(const Field& field, std::string message, std::string expected) {
    report_at(field.pointer, field.display, std::move(message), std::move(expected));
  }

  void check_keys(const Json& object, const Field& field, std::initializer_list<std::string_view> known) {
    for (const std::string& key : unknown_keys(object, known))
      report(field.member(key), "unknown field", one_of_keys(known));
  }

  // The member, or nullptr; a missing required member is reported at the object's line.
  const Json* find(const Json& object, const Field& field, std::string_view key, bool required,
                   const std::string& expected) {
    const auto found = object.find(key);
    if (found != object.end()) return &*found;
    if (required) report_at(field.pointer, field.member(key).display, "missing", expected);
    return nullptr;
  }

  // A required, non-empty array member, or nullptr (reported).
  // The non-empty array at `key`; with `max_items`, one of at most that many (a file asking for a
  // million steps or phases is refused here rather than laid out in time and drawn).
  const Json* find_list(const Json& object, const Field& field, std::string_view key,
                        const std::string& expected, std::size_t max_items = 0) {
    const Json* array = find(object, field, key, true, expected);
    if (array && (!array->is_array() || array->empty())) {
      report(field.member(key),
             "found " + (array->is_array() ? std::string("an empty array") : type_name(*array)), expected);
      return nullptr;
    }
    if (array && max_items > 0 && array->size() > max_items) {
      report(field.member(key), "found " + std::to_string(array->size()) + " items",
             expected + " of at most " + std::to_string(max_items));
      return nullptr;
    }
    return array;
  }

  std::optional<std::string> read_string(const Json& object, const Field& field, std::string_view key,
                                         const std::string& what, bool required = true) {
    const std::string expected = what + " (a non-empty string)";
    const Json* value = find(object, field, key, required, expected);
    if (!value) return std::nullopt;
    if (!value->is_string() || value->get<std::string>().empty()) {
      report(field.member(key), "found " + describe(*value), expected);
      return std::nullopt;
    }
    return value->get<std::string>();
  }

  // "format_version", which must be `version`, the one this kneeviz reads.
  void read_version(const Json& document, const Field& root, int version) {
    const std::string expected =
        "format version " + std::to_string(version) + " (the one this kneeviz reads)";
    const Json* value = find(document, root, "format_version", true, expected);
    if (value && (!value->is_number_integer() || value->get<long long>() != version))
      report(root.member("format_version"), "found " + describe(*value), expected);
  }

  const std::string& source() const { return source_; }
  const JsonPositions& positions() const { return positions_; }

 private:
  std::string_view text_;
  std::string source_;
  JsonPositions positions_;
  std::vector<Problem> problems_;
};

// "FILE:LINE:COL: FIELD: message; expected ..." (FIELD: and the expectation only when known).
template <typename Problem>
std::string problem_text(const Problem& problem) {
  std::string out = problem.file + ":";
  if (problem.line > 0) out += std::to_string(problem.line) + ":" + std::to_string(problem.column) + ":";
  out += " " + with_field(problem.field, problem.message);
  if (!problem.expected.empty()) out += "; expected " + problem.expected;
  return out;
}

// One problem a line, for an exception's what().
template <typename Problem>
std::string join_lines(const std::vector<Problem>& problems) {
  std::string lines;
  for (const Problem& problem : problems) {
    if (!lines.empty()) lines += '\n';
    lines += problem.text();
  }
  return lines;
}

// A reader finds problems in the order of its checks; people read them in the order of the file.
template <typename Problem>
void sort_by_position(std::vector<Problem>& problems) {
  std::stable_sort(problems.begin(), problems.end(), [](const Problem& a, const Problem& b) {
    return std::pair(a.line, a.column) < std::pair(b.line, b.column);
  });
}

}  // namespace kneeviz::json
