#include "anatomy/region_view.h"

#include <algorithm>
#include <charconv>
#include <stdexcept>

namespace kneeviz::anatomy {

namespace {
// Every layer the catalogue declares, visible and opaque.
std::vector<Layer> layers_of(const RegionCatalogue& catalogue) {
  std::vector<Layer> layers;
  layers.reserve(catalogue.layers().size());
  for (const LayerDefinition& layer : catalogue.layers()) layers.push_back({layer.id, layer.name});
  return layers;
}
}  // namespace

RegionView::RegionView(const scene::Model& model, RegionCatalogue catalogue)
    : model_(model), catalogue_(std::move(catalogue)), layers_(layers_of(catalogue_)) {
  mesh_structure_.reserve(model.meshes.size());
  for (const scene::Mesh& mesh : model.meshes)
    mesh_structure_.push_back(catalogue_.structure_for_mesh(mesh.name));
}

Layer* RegionView::find_layer(std::string_view id) {
  for (Layer& layer : layers_)
    if (id == layer.id) return &layer;
  return nullptr;
}

Layer* RegionView::envelope_layer() {
  for (const LayerDefinition& definition : catalogue_.layers())
    if (definition.envelope) return find_layer(definition.id);
  return nullptr;
}

std::string_view RegionView::layer_of_group(std::string_view group_id) const {
  const RegionGroup* group = catalogue_.find_group(group_id);
  return group ? std::string_view(group->layer) : std::string_view("muscles");
}

bool RegionView::set_highlighted(std::string_view group_id, bool on) {
  if (!catalogue_.find_group(group_id)) return false;
  if (on)
    highlighted_.emplace(group_id);
  else
    highlighted_.erase(std::string(group_id));
  return true;
}

void RegionView::set_structure_hidden(std::string_view structure_id, bool hidden) {
  if (hidden)
    hidden_structures_.emplace(structure_id);
  else
    hidden_structures_.erase(std::string(structure_id));
}

bool RegionView::structure_hidden(std::string_view structure_id) const {
  return hidden_structures_.count(std::string(structure_id)) > 0;
}

void RegionView::hide_selection() {
  if (selected_) set_structure_hidden(*selected_, true);
  selected_.reset();
}

void RegionView::isolate_selection() {
  if (!selected_) return;
  for (const Structure& s : catalogue_.structures()) set_structure_hidden(s.id, s.id != *selected_);
  // The isolated structure must not stay behind a hidden or faint layer.
  if (const RegionGroup* group = catalogue_.group_of(*selected_))
    if (Layer* layer = find_layer(layer_of_group(group->id))) {
      layer->visible = true;
      layer->opacity = std::max(layer->opacity, 0.6f);
    }
}

void RegionView::show_all() {
  hidden_structures_.clear();
  for (Layer& layer : layers_) {
    layer.visible = true;
    if (layer.opacity <= 0.f) layer.opacity = 1.f;  // a layer hidden by opacity 0 comes back whole
  }
}

const Structure* RegionView::structure_of_mesh(std::size_t mesh) const {
  return mesh < mesh_structure_.size() ? mesh_structure_[mesh] : nullptr;
}

std::vector<std::size_t> RegionView::meshes_of(std::string_view structure_id) const {
  std::vector<std::size_t> result;
  for (std::size_t i = 0; i < mesh_structure_.size(); ++i)
    if (mesh_structure_[i] && mesh_structure_[i]->id == structure_id) result.push_back(i);
  return result;
}

std::vector<scene::MeshStyle> RegionView::styles() const {
  std::vector<scene::MeshStyle> styles(model_.meshes.size());
  const bool any_highlight =
      !highlighted_.empty() || !highlighted_structures_.empty() || selected_.has_value();
  for (std::size_t i = 0; i < styles.size(); ++i) {
    const Structure* structure = mesh_structure_[i];
    if (!structure) continue;
    scene::MeshStyle& style = styles[i];
    const std::string_view layer_id = layer_of_group(structure->group);
    for (const Layer& layer : layers_)
      if (layer_id == layer.id) {
        style.visible = layer.visible && layer.opacity > 0.f;
        style.opacity = layer.opacity;
      }
    if (structure_hidden(structure->id)) style.visible = false;
    const LayerDefinition* definition = catalogue_.find_layer(layer_id);
    const bool envelope = definition && definition->envelope;
    style.envelope = envelope;
    style.occludes = !definition || (definition->occludes && !envelope);
    const bool is_selected = selected_ && *selected_ == structure->id;
    const bool group_lit =
        highlighted_.count(structure->group) > 0 || highlighted_structures_.count(structure->id) > 0;
    if (group_lit || is_selected) {
      const RegionGroup* group = catalogue_.find_group(structure->group);
      // The skin, selected, takes a light tint: at full strength it would flood the whole leg.
      style.highlight = envelope ? 0.3f : 1.f;
      // A group takes its own colour; a single selected structure its own shade.
      style.highlight_colour = (group_lit && group) ? group->colour.srgb() : structure->colour.srgb();
      style.lymph_flow = structure->group == "lymphatic";
    } else if (any_highlight && !envelope) {
      style.dim = 0.8f;
    }
  }
  return styles;
}

void RegionView::apply_layer_spec(std::string_view spec) {
  std::string known;
  for (const Layer& layer : layers_) known += std::string(known.empty() ? "" : ", ") + layer.id;
  while (!spec.empty()) {
    const std::size_t comma = spec.find(',');
    const std::string_view part = spec.substr(0, comma);
    spec = comma == std::string_view::npos ? std::string_view() : spec.substr(comma + 1);
    if (part.empty()) continue;
    const std::size_t equals = part.find('=');
    const std::string_view id = part.substr(0, equals);
    Layer* layer = find_layer(id);
    if (!layer)
      throw std::invalid_argument("unknown layer '" + std::string(id) + "' in --layers (layers: " + known +
                                  ")");
    float opacity = 1.f;
    if (equals != std::string_view::npos) {
      const std::string_view value = part.substr(equals + 1);
      const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), opacity);
      if (error != std::errc() || end != value.data() + value.size() || opacity < 0.f || opacity > 1.f)
        throw std::invalid_argument("--layers " + std::string(part) +
                                    ": expected an opacity from 0 to 1 after '='");
    }
    // 0 hides the layer and keeps its opacity, so showing it again brings back what it was.
    if (opacity > 0.f) layer->opacity = opacity;
    layer->visible = opacity > 0.f;
  }
}

}  // namespace kneeviz::anatomy
