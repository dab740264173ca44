#pragma once
// The region catalogue: which anatomical structures kneeviz knows, how they are grouped and
// coloured, what to tell a patient or student about each, and which meshes of a model show them.
// Read from a JSON file (format: docs/regions.md); the bundled leg's catalogue is built in.
// No GL and no UI here: the renderer and the panel read this data.

#include <cstdint>
#include <filesystem>
#include <glm/vec3.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "json/located_error.h"

namespace kneeviz::anatomy {

// Everything wrong with a catalogue file. what() reads "FILE:LINE:COLUMN: message", with the
// field (e.g. `structures[3].colour`, `meshes["Femur_R"]`) and what was expected in the message.
class CatalogueError : public json::LocatedError {
 public:
  using json::LocatedError::LocatedError;
};

// An sRGB colour from the file's "#rrggbb".
struct Colour {
  std::uint8_t r = 0, g = 0, b = 0;

  // Parses "#rrggbb" (either case); false, leaving `out` alone, for anything else.
  static bool parse(std::string_view text, Colour& out);
  std::string hex() const;   // "#rrggbb", lower case
  glm::vec3 srgb() const;    // components in [0, 1], gamma-encoded as written
  glm::vec3 linear() const;  // components in [0, 1], linear light: what shaders blend

  friend bool operator==(const Colour&, const Colour&) = default;
};

// A layer a clinician peels (the skin, the muscles, the bones): the catalogue declares them, in the
// order the panel lists them, and each group belongs to one (RegionGroup::layer). Saved scenes,
// lessons and --layers name them by id. What lies on a layer is drawn as the layer says.
struct LayerDefinition {
  std::string id;    // kebab-case, stable: "skin"
  std::string name;  // for display: "Skin"
  // It wraps everything else, as the skin does: highlighted structures under it are filled in
  // their colour through it, it takes only a light tint when highlighted itself (at full strength
  // it would flood the whole leg), and it is never dimmed behind a highlight. At most one layer.
  bool envelope = false;
  // It hides highlighted structures behind it from the highlight. Not fine structures lying on
  // others (lymph vessels and nodes on the muscles), which would cut the fill into strips; never
  // the envelope.
  bool occludes = true;

  friend bool operator==(const LayerDefinition&, const LayerDefinition&) = default;
};

struct RegionGroup {
  std::string id;                 // kebab-case, stable: "quadriceps"
  std::string name;               // for display: "Quadriceps"
  Colour colour;                  // the highlight colour of the whole group
  std::string description;        // for patients and students
  std::string layer = "muscles";  // the id of a LayerDefinition: the layer that shows and hides it

  friend bool operator==(const RegionGroup&, const RegionGroup&) = default;
};

struct Structure {
  std::string id;           // kebab-case, stable: "vastus-lateralis"
  std::string name;         // for display: "Vastus lateralis"
  std::string group;        // the id of its RegionGroup
  Colour colour;            // its own shade of the group colour (the group's when the file omits it)
  std::string description;  // for patients and students

  friend bool operator==(const Structure&, const Structure&) = default;
};

// One entry of the file's "meshes" object: a mesh of the model and the structure it shows.
struct MeshMapping {
  std::string mesh;       // the mesh name in the model (kneeviz::scene::Mesh::name)
  std::string structure;  // a Structure id
  int line = 0;           // where the file names the mesh, for messages

  // Equal when mesh and structure are: where they were written does not matter.
  friend bool operator==(const MeshMapping& a, const MeshMapping& b) {
    return a.mesh == b.mesh && a.structure == b.structure;
  }
};

// Something check_against() found. Errors mean the catalogue does not fit the model; warnings
// mean parts of the model or of the catalogue will never be highlighted.
struct MappingProblem {
  enum class Kind {
    MeshMissingFromModel,  // error: the file maps meshes the model does not have
    MeshNotMapped,         // warning: the model has meshes no structure claims
    StructureWithoutMesh,  // warning: structures that no mesh of the model shows
  };
  Kind kind;
  std::vector<std::string> names;  // the meshes (or structure ids) concerned, in file/model order
  std::string message;             // complete, names the file, the lines and the names

  bool is_error() const { return kind == Kind::MeshMissingFromModel; }
};

class RegionCatalogue {
 public:
  // Reads and validates a catalogue file. Throws CatalogueError (file unreadable, malformed JSON,
  // schema error), always naming `path` and, when the text was read, the line and column.
  static RegionCatalogue from_file(const std::filesystem::path& path);
  // The same from text already in memory; `source_name` stands for the file in messages.
  static RegionCatalogue from_string(std::string_view text, std::string source_name);
  // The bundled leg's catalogue: assets/regions.json as embedded at build time, so it works from
  // any working directory. Never throws (the file is checked by the tests).
  static const RegionCatalogue& builtin();

  // The file (or name) it was read from, for messages.
  const std::string& source() const { return source_; }
  int format_version() const { return format_version_; }
  // The model the mapping was written for, as the file says (informative; may be empty).
  const std::string& model() const { return model_; }

  // In file order.
  const std::vector<LayerDefinition>& layers() const { return layers_; }
  const std::vector<RegionGroup>& groups() const { return groups_; }
  const std::vector<Structure>& structures() const { return structures_; }
  const std::vector<MeshMapping>& meshes() const { return meshes_; }

  // nullptr when absent. Pointers stay valid as long as the catalogue is not moved or destroyed.
  const LayerDefinition* find_layer(std::string_view layer_id) const;
  const RegionGroup* find_group(std::string_view group_id) const;
  const Structure* find_structure(std::string_view structure_id) const;
  const RegionGroup* group_of(std::string_view structure_id) const;
  // The structure a mesh of the model shows; nullptr for meshes the file does not map.
  const Structure* structure_for_mesh(std::string_view mesh_name) const;

  // Ids of the layers, in file order.
  std::vector<std::string> layer_ids() const;
  // Ids of the structures of a group, in file order (empty for an unknown group).
  std::vector<std::string> structure_ids_in(std::string_view group_id) const;
  // Names of the meshes that show a structure, in file order.
  std::vector<std::string> meshes_of(std::string_view structure_id) const;

  // Structures whose id, display name or group matches `text` as a case-insensitive substring,
  // best first: exact matches, then matches at the start of the id or name, then at the start of
  // a word, then anywhere, then those found only through their group's id or name; ties keep
  // file order. Blank text matches nothing.
  std::vector<const Structure*> search(std::string_view text) const;

  // Compares the mapping with the mesh names of a loaded model: mapped meshes the model lacks
  // (error), meshes of the model nobody maps and structures without a mesh (warnings). At most
  // one problem of each kind, listing every name; empty when the two agree.
  std::vector<MappingProblem> check_against(const std::vector<std::string>& mesh_names) const;

  // Same content: version, model, layers, groups, structures and mapping. The source and the line
  // numbers are not compared, so a file equals the built-in catalogue it was embedded from.
  friend bool operator==(const RegionCatalogue& a, const RegionCatalogue& b);

 private:
  std::string source_;
  int format_version_ = 0;
  std::string model_;
  std::vector<LayerDefinition> layers_;
  std::vector<RegionGroup> groups_;
  std::vector<Structure> structures_;
  std::vector<MeshMapping> meshes_;

  friend class CatalogueReader;
};

}  // namespace kneeviz::anatomy
