// Reading and validating a region catalogue file: every error names the file, the line and column
// of the offending key, the field, and what was expected (docs/regions.md lists them).

#include <algorithm>
#include <cctype>
#include <fstream>
#include <initializer_list>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "anatomy/json_fields.h"
#include "anatomy/json_positions.h"
#include "anatomy/region_catalogue.h"

namespace kneeviz::anatomy {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;
// Keys that may appear in any object and are ignored: notes for whoever edits the file.
constexpr std::string_view kCommentKey = "$comment";

using namespace json;  // join, type_name, describe, is_kebab_case, describe_malformed, Field

}  // namespace

class CatalogueReader {
 public:
  CatalogueReader(std::string_view text, std::string source) : text_(text), source_(std::move(source)) {}

  RegionCatalogue read() {
    const Json document = parse_json();
    try {
      positions_ = JsonPositions::scan(text_);
    } catch (const std::invalid_argument& error) {
      // Only if nlohmann accepted text the scanner does not understand: a bug here, not in the file.
      throw CatalogueError(source_, 1, 1, "", std::string("cannot locate the fields: ") + error.what());
    }
    if (const auto& duplicate = positions_.first_duplicate_key())
      fail_at_pointer(*duplicate, display_of_pointer(*duplicate),
                      "this key appears twice in the same object; each key may be given once");

    const Field root{"", ""};
    if (!document.is_object())
      fail(root, "expected an object at the top level, found " + type_name(document));
    check_keys(document, root, {"format_version", "model", "groups", "structures", "meshes"});

    RegionCatalogue catalogue;
    catalogue.source_ = source_;
    catalogue.format_version_ = read_version(document, root);
    if (document.contains("model"))
      catalogue.model_ = read_string(document, root, "model", "the model's file name", true);

    const bool has_groups = document.contains("groups");
    const bool has_structures = document.contains("structures");
    if (has_groups != has_structures)
      fail(root.member(has_groups ? "groups" : "structures"),
           "a file gives both \"groups\" and \"structures\", or neither (a mapping-only file that "
           "uses the built-in ones)");
    if (has_groups) {
      catalogue.groups_ = read_groups(document, root.member("groups"));
      catalogue.structures_ = read_structures(document, root.member("structures"), catalogue.groups_);
    } else {
      const RegionCatalogue builtin = RegionCatalogue::builtin();
      catalogue.groups_ = builtin.groups_;
      catalogue.structures_ = builtin.structures_;
    }
    if (!document.contains("meshes"))
      fail(root, "missing \"meshes\": expected an object mapping mesh names of the model to structure ids");
    catalogue.meshes_ = read_meshes(document.at("meshes"), root.member("meshes"), catalogue.structures_);
    return catalogue;
  }

 private:
  std::string_view text_;
  std::string source_;
  JsonPositions positions_;

  Json parse_json() const {
    try {
      return Json::parse(text_);
    } catch (const Json::exception& error) {
      const MalformedJson malformed = describe_malformed(text_, error);
      throw CatalogueError(source_, malformed.at.line, malformed.at.column, "",
                           "malformed JSON: " + malformed.detail);
    }
  }

  [[noreturn]] void fail_at_pointer(const std::string& pointer, const std::string& display,
                                    const std::string& message) const {
    // A missing member has no position of its own: walk up to the nearest value that has one.
    std::string look_up = pointer;
    std::optional<TextPosition> at = positions_.find(look_up);
    while (!at && !look_up.empty()) {
      look_up.erase(look_up.rfind('/'));
      at = positions_.find(look_up);
    }
    const TextPosition position = at.value_or(TextPosition{});
    throw CatalogueError(source_, position.line, position.column, display,
                         (display.empty() ? std::string() : display + ": ") + message);
  }
  [[noreturn]] void fail(const Field& field, const std::string& message) const {
    fail_at_pointer(field.pointer, field.display, message);
  }

  // Rebuilds the message name of a pointer found by the scanner (only for duplicate keys).

  // Unknown keys are reported, not ignored: a misspelt "color" would otherwise silently fall back.
  void check_keys(const Json& object, const Field& field,
                  std::initializer_list<std::string_view> known) const {
    for (const auto& [key, value] : object.items()) {
      if (key == kCommentKey || std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::vector<std::string> expected(known.begin(), known.end());
      fail(field.member(key), "unknown field; expected one of: " + join(expected) + " (or \"$comment\")");
    }
  }

  const Json& require(const Json& object, const Field& field, std::string_view key,
                      const std::string& expected) const {
    if (!object.contains(key))
      fail_at_pointer(field.pointer, field.member(key).display,
                      "missing; expected " + expected + " (in the object at this line)");
    return object.at(key);
  }

  std::string read_string(const Json& object, const Field& field, std::string_view key,
                          const std::string& expected, bool may_be_empty = false) const {
    const Json& value = require(object, field, key, expected);
    if (!value.is_string() || (!may_be_empty && value.get<std::string>().empty()))
      fail(field.member(key), "expected " + expected + " (a non-empty string), found " + describe(value));
    return value.get<std::string>();
  }

  std::string read_id(const Json& object, const Field& field, const std::string& what) const {
    std::string id = read_string(object, field, "id", "the " + what + "'s id");
    if (!is_kebab_case(id))
      fail(field.member("id"),
           "expected a kebab-case id (lower-case letters and digits joined by "
           "single hyphens, e.g. \"vastus-lateralis\"), found \"" +
               id + "\"");
    return id;
  }

  Colour read_colour(const Json& object, const Field& field) const {
    const Json& value = require(object, field, "colour", "a colour as \"#rrggbb\"");
    Colour colour;
    if (!value.is_string() || !Colour::parse(value.get<std::string>(), colour))
      fail(field.member("colour"),
           "expected a colour as \"#rrggbb\" (six hex digits), found " + describe(value));
    return colour;
  }

  int read_version(const Json& document, const Field& root) const {
    const Json& value = require(document, root, "format_version", "the format version, 1");
    if (!value.is_number_integer() || value.get<long long>() != kFormatVersion)
      fail(root.member("format_version"), "expected format version " + std::to_string(kFormatVersion) +
                                              " (the one this kneeviz reads), found " +
                                              (value.is_number() ? value.dump() : describe(value)));
    return kFormatVersion;
  }

  const Json& read_array(const Json& document, const Field& field, std::string_view key) const {
    const Json& array = document.at(key);
    if (!array.is_array() || array.empty())
      fail(field, "expected a non-empty array of objects, found " +
                      (array.is_array() ? std::string("an empty array") : type_name(array)));
    return array;
  }

  // Remembers the first occurrence of each id, to name it when a second one appears.
  void check_unique(std::map<std::string, std::size_t>& seen, const std::string& id, const Field& list,
                    std::size_t index, const std::string& what) const {
    const auto [first, inserted] = seen.emplace(id, index);
    if (inserted) return;
    const Field first_field = list.element(first->second);
    const int first_line = positions_.find(first_field.pointer).value_or(TextPosition{}).line;
    fail(list.element(index).member("id"), "duplicate " + what + " id \"" + id + "\", already used by " +
                                               first_field.display + " at line " +
                                               std::to_string(first_line) + "; expected ids to be unique");
  }

  std::vector<RegionGroup> read_groups(const Json& document, const Field& list) const {
    const Json& array = read_array(document, list, "groups");
    std::vector<RegionGroup> groups;
    std::map<std::string, std::size_t> seen;
    for (std::size_t index = 0; index < array.size(); ++index) {
      const Field field = list.element(index);
      const Json& object = array[index];
      if (!object.is_object()) fail(field, "expected a group object, found " + type_name(object));
      check_keys(object, field, {"id", "name", "colour", "description"});
      RegionGroup group;
      group.id = read_id(object, field, "group");
      check_unique(seen, group.id, list, index, "group");
      group.name = read_string(object, field, "name", "the group's display name");
      group.colour = read_colour(object, field);
      group.description =
          read_string(object, field, "description", "a short description for patients and students");
      groups.push_back(std::move(group));
    }
    return groups;
  }

  std::vector<Structure> read_structures(const Json& document, const Field& list,
                                         const std::vector<RegionGroup>& groups) const {
    const Json& array = read_array(document, list, "structures");
    std::vector<Structure> structures;
    std::map<std::string, std::size_t> seen;
    for (std::size_t index = 0; index < array.size(); ++index) {
      const Field field = list.element(index);
      const Json& object = array[index];
      if (!object.is_object()) fail(field, "expected a structure object, found " + type_name(object));
      check_keys(object, field, {"id", "name", "group", "colour", "description"});
      Structure structure;
      structure.id = read_id(object, field, "structure");
      check_unique(seen, structure.id, list, index, "structure");
      structure.name = read_string(object, field, "name", "the structure's display name");
      structure.group = read_string(object, field, "group", "the id of one of the groups");
      const auto group = std::find_if(groups.begin(), groups.end(),
                                      [&](const RegionGroup& g) { return g.id == structure.group; });
      if (group == groups.end()) {
        std::vector<std::string> ids;
        for (const RegionGroup& g : groups) ids.push_back(g.id);
        fail(field.member("group"),
             "unknown group \"" + structure.group + "\"; expected one of: " + join(ids));
      }
      // The colour may be left out: the structure then takes its group's.
      structure.colour = object.contains("colour") ? read_colour(object, field) : group->colour;
      structure.description =
          read_string(object, field, "description", "a short description for patients and students");
      structures.push_back(std::move(structure));
    }
    return structures;
  }

  std::vector<MeshMapping> read_meshes(const Json& object, const Field& field,
                                       const std::vector<Structure>& structures) const {
    if (!object.is_object())
      fail(field, "expected an object mapping mesh names to structure ids, found " + type_name(object));
    std::vector<MeshMapping> meshes;
    for (const auto& [mesh, value] : object.items()) {
      if (mesh == kCommentKey) continue;
      const Field entry = field.member(mesh);
      if (mesh.empty()) fail(entry, "expected a mesh name, found an empty key");
      if (!value.is_string())
        fail(entry, "expected the id of the structure this mesh shows (a string), found " + type_name(value));
      const std::string id = value.get<std::string>();
      if (std::none_of(structures.begin(), structures.end(), [&](const Structure& s) { return s.id == id; }))
        fail(entry, "unknown structure \"" + id + "\"; expected the id of one of the " +
                        std::to_string(structures.size()) + " structures (kneeviz list regions)");
      meshes.push_back({mesh, id, positions_.find(entry.pointer).value_or(TextPosition{}).line});
    }
    return meshes;
  }
};

RegionCatalogue RegionCatalogue::from_string(std::string_view text, std::string source_name) {
  return CatalogueReader(text, std::move(source_name)).read();
}

RegionCatalogue RegionCatalogue::from_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw CatalogueError(path.string(), 0, 0, "", "cannot open the file");
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) throw CatalogueError(path.string(), 0, 0, "", "cannot read the file");
  return from_string(text.str(), path.string());
}

}  // namespace kneeviz::anatomy
