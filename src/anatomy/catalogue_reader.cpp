// Reading and validating a region catalogue file: every error names the file, the line and column
// of the offending key, the field, and what was expected (docs/regions.md lists them).

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "anatomy/region_catalogue.h"
#include "json/fields.h"
#include "json/positions.h"
#include "json/reader.h"

namespace kneeviz::anatomy {

namespace {

using Json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;
// Shown in the message about an id that is not kebab-case.
constexpr std::string_view kIdExample = "vastus-lateralis";

using namespace json;  // join, type_name, describe, Field, ExpectedFoundReader, ...

}  // namespace

class CatalogueReader : public ExpectedFoundReader<CatalogueError> {
 public:
  CatalogueReader(std::string_view text, std::string source)
      : ExpectedFoundReader(text, std::move(source), ErrorNamesField::no) {}

  RegionCatalogue read() {
    const Json document = parse();
    if (const auto& duplicate = positions().first_duplicate_key())
      fail_at_pointer(*duplicate, display_of_pointer(*duplicate),
                      "this key appears twice in the same object; each key may be given once");

    const Field root{"", ""};
    if (!document.is_object())
      fail(root, "expected an object at the top level, found " + type_name(document));
    check_keys(document, root, {"format_version", "model", "layers", "groups", "structures", "meshes"});

    RegionCatalogue catalogue;
    catalogue.source_ = source();
    catalogue.format_version_ = read_version(document, root, kFormatVersion);
    if (document.contains("model"))
      catalogue.model_ = read_string(document, root, "model", "the model's file name", true);

    const bool has_groups = document.contains("groups");
    const bool has_structures = document.contains("structures");
    if (has_groups != has_structures)
      fail(root.member(has_groups ? "groups" : "structures"),
           "a file gives both \"groups\" and \"structures\", or neither (a mapping-only file that "
           "uses the built-in ones)");
    if (document.contains("layers") && !has_groups)
      fail(root.member("layers"),
           "a file declares \"layers\" together with the \"groups\" that lie on them; a mapping-only "
           "file uses the built-in layers and groups");
    if (has_groups) {
      // A file written before catalogues declared their layers takes the built-in ones.
      catalogue.layers_ =
          document.contains("layers") ? read_layers(document, root) : RegionCatalogue::builtin().layers_;
      catalogue.groups_ = read_groups(document, root, catalogue.layers_);
      catalogue.structures_ = read_structures(document, root, catalogue.groups_);
    } else {
      const RegionCatalogue& builtin = RegionCatalogue::builtin();
      catalogue.layers_ = builtin.layers_;
      catalogue.groups_ = builtin.groups_;
      catalogue.structures_ = builtin.structures_;
    }
    if (!document.contains("meshes"))
      fail(root, "missing \"meshes\": expected an object mapping mesh names of the model to structure ids");
    catalogue.meshes_ = read_meshes(document.at("meshes"), root.member("meshes"), catalogue.structures_);
    return catalogue;
  }

 private:
  Colour read_colour(const Json& object, const Field& field) const {
    const Json& value = require(object, field, "colour", "a colour as \"#rrggbb\"");
    Colour colour;
    if (!value.is_string() || !Colour::parse(value.get<std::string>(), colour))
      fail(field.member("colour"),
           "expected a colour as \"#rrggbb\" (six hex digits), found " + describe(value));
    return colour;
  }

  // The layer of a group whose file names none, as kneeviz mapped them before groups declared it:
  // a catalogue written then keeps its skin peelable and its bones on the bones layer.
  static std::string default_layer(const std::string& group_id) {
    if (group_id == "skin" || group_id == "bones" || group_id == "it-band" || group_id == "lymphatic")
      return group_id;
    if (group_id == "vessels-nerves") return "vessels";
    return "muscles";
  }

  static std::string layer_choices(const std::vector<LayerDefinition>& layers) {
    std::vector<std::string> ids;
    ids.reserve(layers.size());
    for (const LayerDefinition& layer : layers) ids.push_back(layer.id);
    return "one of " + join(ids);
  }

  // A group's "layer": the id of one of `layers`; left out, default_layer() if that is one.
  std::string read_layer(const Json& object, const Field& field, const std::string& group_id,
                         const std::vector<LayerDefinition>& layers) const {
    const std::string expected = layer_choices(layers);
    const auto declared = [&](const std::string& id) {
      return std::ranges::find(layers, id, &LayerDefinition::id) != layers.end();
    };
    if (!object.contains("layer")) {
      std::string layer = default_layer(group_id);
      if (!declared(layer))
        fail(field, "missing \"layer\" (no layer \"" + layer + "\" to put it on by default); expected " +
                        "the layer that shows and hides the group: " + expected);
      return layer;
    }
    std::string layer =
        read_string(object, field, "layer", "the layer that shows and hides the group: " + expected);
    if (!declared(layer))
      fail(field.member("layer"), "unknown layer \"" + layer + "\"; expected " + expected);
    return layer;
  }

  // An optional true/false member; `fallback` when left out.
  bool read_flag(const Json& object, const Field& field, std::string_view key, bool fallback) const {
    if (!object.contains(key)) return fallback;
    const Json& value = object.at(key);
    if (!value.is_boolean()) fail(field.member(key), "expected true or false, found " + describe(value));
    return value.get<bool>();
  }

  std::vector<LayerDefinition> read_layers(const Json& document, const Field& root) const {
    const Field list = root.member("layers");
    const Json& array = read_array(document, root, "layers", "objects");
    std::vector<LayerDefinition> layers;
    std::map<std::string, std::size_t> seen;
    std::optional<std::size_t> envelope;
    for (std::size_t index = 0; index < array.size(); ++index) {
      const Field field = list.element(index);
      const Json& object = array[index];
      if (!object.is_object()) fail(field, "expected a layer object, found " + type_name(object));
      check_keys(object, field, {"id", "name", "envelope", "occludes"});
      LayerDefinition layer;
      layer.id = read_id(object, field, "layer", "skin");
      check_unique(seen, layer.id, list, index, "layer");
      layer.name = read_string(object, field, "name", "the layer's display name");
      layer.envelope = read_flag(object, field, "envelope", false);
      if (layer.envelope && envelope)
        fail(field.member("envelope"), "layer \"" + layers[*envelope].id +
                                           "\" already wraps the rest; expected at most one envelope layer");
      if (layer.envelope) envelope = index;
      layer.occludes = read_flag(object, field, "occludes", !layer.envelope);
      if (layer.envelope && layer.occludes)
        fail(field.member("occludes"),
             "the envelope never hides highlighted structures (they are filled through it); expected false");
      layers.push_back(std::move(layer));
    }
    return layers;
  }

  std::vector<RegionGroup> read_groups(const Json& document, const Field& root,
                                       const std::vector<LayerDefinition>& layers) const {
    const Field list = root.member("groups");
    const Json& array = read_array(document, root, "groups", "objects");
    std::vector<RegionGroup> groups;
    std::map<std::string, std::size_t> seen;
    for (std::size_t index = 0; index < array.size(); ++index) {
      const Field field = list.element(index);
      const Json& object = array[index];
      if (!object.is_object()) fail(field, "expected a group object, found " + type_name(object));
      check_keys(object, field, {"id", "name", "colour", "description", "layer"});
      RegionGroup group;
      group.id = read_id(object, field, "group", kIdExample);
      check_unique(seen, group.id, list, index, "group");
      group.name = read_string(object, field, "name", "the group's display name");
      group.colour = read_colour(object, field);
      group.description =
          read_string(object, field, "description", "a short description for patients and students");
      group.layer = read_layer(object, field, group.id, layers);
      groups.push_back(std::move(group));
    }
    return groups;
  }

  std::vector<Structure> read_structures(const Json& document, const Field& root,
                                         const std::vector<RegionGroup>& groups) const {
    const Field list = root.member("structures");
    const Json& array = read_array(document, root, "structures", "objects");
    std::vector<Structure> structures;
    std::map<std::string, std::size_t> seen;
    for (std::size_t index = 0; index < array.size(); ++index) {
      const Field field = list.element(index);
      const Json& object = array[index];
      if (!object.is_object()) fail(field, "expected a structure object, found " + type_name(object));
      check_keys(object, field, {"id", "name", "group", "colour", "description"});
      Structure structure;
      structure.id = read_id(object, field, "structure", kIdExample);
      check_unique(seen, structure.id, list, index, "structure");
      structure.name = read_string(object, field, "name", "the structure's display name");
      structure.group = read_string(object, field, "group", "the id of one of the groups");
      const auto group = std::find_if(groups.begin(), groups.end(),
                                      [&](const RegionGroup& g) { return g.id == structure.group; });
      if (group == groups.end()) {
        std::vector<std::string> ids;
        ids.reserve(groups.size());
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
      meshes.push_back({mesh, id, positions().find(entry.pointer).value_or(TextPosition{}).line});
    }
    return meshes;
  }
};

RegionCatalogue RegionCatalogue::from_string(std::string_view text, std::string source_name) {
  return CatalogueReader(text, std::move(source_name)).read();
}

RegionCatalogue RegionCatalogue::from_file(const std::filesystem::path& path) {
  return from_string(json::read_whole_file_or_throw<CatalogueError>(path), path.string());
}

}  // namespace kneeviz::anatomy
