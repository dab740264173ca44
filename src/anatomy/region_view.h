#pragma once
// What the user has chosen to see of the anatomy: highlighted groups, layers with their
// visibility and opacity, hidden or isolated structures, the selection. Turns that into a style
// per mesh for the renderer. No GL, no UI: the panel, the keyboard and the command line all edit
// this one state.

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "scene/mesh_style.h"
#include "scene/model.h"

namespace kneeviz::anatomy {

// A layer of the catalogue (LayerDefinition) as the user has set it.
struct Layer {
  std::string id;
  std::string name;
  bool visible = true;
  float opacity = 1.f;
};

class RegionView {
 public:
  // Binds a catalogue to a model's meshes. Meshes the catalogue does not map belong to no group
  // and no layer; they stay visible and are never highlighted.
  RegionView(const scene::Model& model, RegionCatalogue catalogue);
  // It keeps pointers into its catalogue and a reference to the model: neither copied nor moved.
  RegionView(const RegionView&) = delete;
  RegionView& operator=(const RegionView&) = delete;

  const RegionCatalogue& catalogue() const { return catalogue_; }
  std::vector<Layer>& layers() { return layers_; }
  const std::vector<Layer>& layers() const { return layers_; }
  Layer* find_layer(std::string_view id);
  // The layer that wraps the rest (LayerDefinition::envelope: the skin); nullptr when none does.
  Layer* envelope_layer();
  // The layer a group belongs to, as the catalogue declares it; "muscles" for an id the catalogue
  // lacks.
  std::string_view layer_of_group(std::string_view group_id) const;

  // Highlighting, by group id. Returns false for an id the catalogue lacks.
  bool set_highlighted(std::string_view group_id, bool on);
  const std::set<std::string>& highlighted_groups() const { return highlighted_; }
  const std::set<std::string>& hidden_structures() const { return hidden_structures_; }
  bool highlighted(std::string_view group_id) const { return highlighted_.count(std::string(group_id)) > 0; }
  void clear_highlights() {
    highlighted_.clear();
    highlighted_structures_.clear();
  }
  // Highlights single structures in their group's colour (a pain spot's structures, say),
  // replacing the structures highlighted before; groups stay as they are.
  void set_highlighted_structures(const std::vector<std::string>& structure_ids) {
    highlighted_structures_ = {structure_ids.begin(), structure_ids.end()};
  }

  // Per-structure visibility (on top of layers).
  void set_structure_hidden(std::string_view structure_id, bool hidden);
  bool structure_hidden(std::string_view structure_id) const;
  void hide_selection();
  // Shows only the selected structure (and its layer), hiding every other structure.
  void isolate_selection();
  // Every structure and layer visible again (opacities kept).
  void show_all();

  void select(std::optional<std::string> structure_id) { selected_ = std::move(structure_id); }
  const std::optional<std::string>& selected() const { return selected_; }

  // The structure a mesh shows, or nullptr.
  const Structure* structure_of_mesh(std::size_t mesh) const;
  // Meshes that show a structure.
  std::vector<std::size_t> meshes_of(std::string_view structure_id) const;

  // One style per mesh of the model. time drives nothing here; the renderer pulses.
  std::vector<scene::MeshStyle> styles() const;

  // Applies "skin=0.3,bones=1,lymphatic=0": opacity per layer, 0 hides it. Throws
  // std::invalid_argument naming the bad part and the layers there are.
  void apply_layer_spec(std::string_view spec);

 private:
  const scene::Model& model_;
  RegionCatalogue catalogue_;
  std::vector<const Structure*> mesh_structure_;  // per mesh
  std::vector<Layer> layers_;
  std::set<std::string> highlighted_;
  std::set<std::string> highlighted_structures_;
  std::set<std::string> hidden_structures_;
  std::optional<std::string> selected_;
};

}  // namespace kneeviz::anatomy
