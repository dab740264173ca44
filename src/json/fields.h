#pragma once
// Helpers shared by the project's JSON readers (region catalogue, technique files): naming what was
// found, checking ids, pointing at the first byte of a bad token, and naming fields in messages
// the way people read them ("phases[2].strokes[0].amplitude_m").

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "json/positions.h"

namespace kneeviz::json {

using Json = nlohmann::ordered_json;

// Allowed in any object and ignored: notes for whoever edits the file.
inline constexpr std::string_view kCommentKey = "$comment";

// "a, b, c".
std::string join(const std::vector<std::string>& items);
// "an object", "a string", "a number"...
std::string type_name(const Json& value);
// What was found, for "expected X, found Y": strings quoted (a blank or a typo shows), numbers as
// written, anything else by its type.
std::string describe(const Json& value);
// The keys of `object` that are neither `known` nor kCommentKey, in the order of the file. Unknown
// keys are reported, not ignored: a misspelt "color" would otherwise silently fall back.
std::vector<std::string> unknown_keys(const Json& object, std::initializer_list<std::string_view> known);
// What an unknown key should have been: "one of: a, b, c (or "$comment")".
std::string one_of_keys(std::initializer_list<std::string_view> known);
// Ids are used in file names, command-line flags and tests: kebab-case keeps them portable.
bool is_kebab_case(std::string_view id);
// nlohmann reports the last byte of the token it could not use; people look for its first byte.
std::size_t token_start(std::string_view text, std::size_t last);

// Why nlohmann refused a text, for "malformed JSON: DETAIL", and where: the first byte of the
// offending token. Besides syntax errors (parse_error), JSON may hold a number beyond a double
// ("1e999"), which nlohmann refuses with an out_of_range that does not say where.
struct MalformedJson {
  TextPosition at;
  std::string detail;
};
MalformedJson describe_malformed(std::string_view text, const Json::exception& error);

// A place in the document: its JSON Pointer (to look up the position) and its name in messages.
struct Field {
  std::string pointer;  // "/phases/2/strokes/0/amplitude_m"
  std::string display;  // "phases[2].strokes[0].amplitude_m"

  Field member(std::string_view key) const {
    const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    });
    std::string shown = plain ? (display.empty() ? "" : display + ".") + std::string(key)
                              : display + "[\"" + std::string(key) + "\"]";
    return {pointer + "/" + escape_pointer_segment(key), std::move(shown)};
  }
  Field element(std::size_t index) const {
    return {pointer + "/" + std::to_string(index), display + "[" + std::to_string(index) + "]"};
  }
};

// How a field at a JSON Pointer ("/phases/2/strokes/0") reads in messages ("phases[2].strokes[0]").
std::string display_of_pointer(const std::string& pointer);

}  // namespace kneeviz::json
