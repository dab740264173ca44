// The catalogue's queries: look-ups, search, and the check of a mapping against a model.
// Reading and validating the file is in catalogue_reader.cpp.

#include "anatomy/region_catalogue.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <utility>

#include "kneeviz_regions_data.h"

namespace kneeviz::anatomy {

namespace {

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

float srgb_to_linear(float c) {
  return c <= 0.04045f ? c / 12.92f : std::pow((c + 0.055f) / 1.055f, 2.4f);
}

// ASCII only: ids are ASCII and display names are English; other bytes compare as they are.
std::string lower(std::string_view text) {
  std::string lowered(text);
  for (char& c : lowered)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return lowered;
}

// How well `query` (lower case) matches `text`: lower is better, -1 for no match.
int match_rank(std::string_view text, std::string_view query) {
  const std::string haystack = lower(text);
  if (haystack == query) return 0;
  if (haystack.starts_with(query)) return 1;
  int rank = -1;
  for (std::size_t at = haystack.find(query); at != std::string::npos; at = haystack.find(query, at + 1)) {
    const char before = haystack[at - 1];  // at > 0: a match at 0 returned above
    const bool word_start = !((before >= 'a' && before <= 'z') || (before >= '0' && before <= '9'));
    if (word_start) return 2;
    rank = 3;
  }
  return rank;
}

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (const std::string& name : names) list += (list.empty() ? "\"" : ", \"") + name + "\"";
  return list;
}

}  // namespace

bool Colour::parse(std::string_view text, Colour& out) {
  if (text.size() != 7 || text[0] != '#') return false;
  int channels[3];
  for (int i = 0; i < 3; ++i) {
    const int high = hex_digit(text[1 + 2 * i]);
    const int low = hex_digit(text[2 + 2 * i]);
    if (high < 0 || low < 0) return false;
    channels[i] = high * 16 + low;
  }
  out = Colour{static_cast<std::uint8_t>(channels[0]), static_cast<std::uint8_t>(channels[1]),
               static_cast<std::uint8_t>(channels[2])};
  return true;
}

std::string Colour::hex() const {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string text = "#";
  for (std::uint8_t channel : {r, g, b}) {
    text += kDigits[channel >> 4];
    text += kDigits[channel & 0xf];
  }
  return text;
}

glm::vec3 Colour::srgb() const {
  return glm::vec3(r, g, b) / 255.f;
}

glm::vec3 Colour::linear() const {
  const glm::vec3 encoded = srgb();
  return {srgb_to_linear(encoded.r), srgb_to_linear(encoded.g), srgb_to_linear(encoded.b)};
}

const RegionCatalogue& RegionCatalogue::builtin() {
  // Parsed once: the panel, the renderer and the CLI all ask for it.
  static const RegionCatalogue catalogue = [] {
    const std::span<const unsigned char> bytes = kneeviz::anatomy::embedded::find("regions.json");
    const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    return from_string(text, "built-in regions.json");
  }();
  return catalogue;
}

const LayerDefinition* RegionCatalogue::find_layer(std::string_view layer_id) const {
  const auto found = std::ranges::find(layers_, layer_id, &LayerDefinition::id);
  return found == layers_.end() ? nullptr : &*found;
}

std::vector<std::string> RegionCatalogue::layer_ids() const {
  std::vector<std::string> ids;
  ids.reserve(layers_.size());
  for (const LayerDefinition& layer : layers_) ids.push_back(layer.id);
  return ids;
}

const RegionGroup* RegionCatalogue::find_group(std::string_view group_id) const {
  const auto found = std::find_if(groups_.begin(), groups_.end(),
                                  [&](const RegionGroup& group) { return group.id == group_id; });
  return found == groups_.end() ? nullptr : &*found;
}

const Structure* RegionCatalogue::find_structure(std::string_view structure_id) const {
  const auto found = std::find_if(structures_.begin(), structures_.end(),
                                  [&](const Structure& structure) { return structure.id == structure_id; });
  return found == structures_.end() ? nullptr : &*found;
}

const RegionGroup* RegionCatalogue::group_of(std::string_view structure_id) const {
  const Structure* structure = find_structure(structure_id);
  return structure ? find_group(structure->group) : nullptr;
}

const Structure* RegionCatalogue::structure_for_mesh(std::string_view mesh_name) const {
  const auto found = std::find_if(meshes_.begin(), meshes_.end(),
                                  [&](const MeshMapping& mapping) { return mapping.mesh == mesh_name; });
  return found == meshes_.end() ? nullptr : find_structure(found->structure);
}

std::vector<std::string> RegionCatalogue::structure_ids_in(std::string_view group_id) const {
  std::vector<std::string> ids;
  for (const Structure& structure : structures_)
    if (structure.group == group_id) ids.push_back(structure.id);
  return ids;
}

std::vector<std::string> RegionCatalogue::meshes_of(std::string_view structure_id) const {
  std::vector<std::string> names;
  for (const MeshMapping& mapping : meshes_)
    if (mapping.structure == structure_id) names.push_back(mapping.mesh);
  return names;
}

std::vector<const Structure*> RegionCatalogue::search(std::string_view text) const {
  const std::string query = lower(text);
  if (query.find_first_not_of(" \t") == std::string::npos) return {};

  constexpr int kGroupOnly = 4;
  std::vector<std::pair<int, const Structure*>> ranked;
  for (const Structure& structure : structures_) {
    int best = -1;
    for (const int rank : {match_rank(structure.id, query), match_rank(structure.name, query)})
      if (rank >= 0 && (best < 0 || rank < best)) best = rank;
    if (best < 0) {
      // Typing a group ("hamstrings") lists its structures, after any direct match.
      const RegionGroup* group = find_group(structure.group);
      if (group && (match_rank(group->id, query) >= 0 || match_rank(group->name, query) >= 0))
        best = kGroupOnly;
    }
    if (best >= 0) ranked.emplace_back(best, &structure);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<const Structure*> matches;
  matches.reserve(ranked.size());
  for (const auto& [rank, structure] : ranked) matches.push_back(structure);
  return matches;
}

std::vector<MappingProblem> RegionCatalogue::check_against(const std::vector<std::string>& mesh_names) const {
  const std::set<std::string, std::less<>> in_model(mesh_names.begin(), mesh_names.end());
  std::vector<MappingProblem> problems;

  MappingProblem missing{MappingProblem::Kind::MeshMissingFromModel, {}, {}};
  std::string missing_details;
  int first_missing_line = 0;
  std::set<std::string> structures_shown;
  for (const MeshMapping& mapping : meshes_) {
    if (in_model.contains(mapping.mesh)) {
      structures_shown.insert(mapping.structure);
      continue;
    }
    if (missing.names.empty()) first_missing_line = mapping.line;
    missing.names.push_back(mapping.mesh);
    missing_details += std::string(missing_details.empty() ? "" : ", ") + "\"" + mapping.mesh + "\" (line " +
                       std::to_string(mapping.line) + ", for " + mapping.structure + ")";
  }
  if (!missing.names.empty()) {
    missing.message = json::file_place(source_, first_missing_line, 1) + ": the model has no mesh named " +
                      missing_details + "; expected every key of \"meshes\" to be a mesh name of the model";
    problems.push_back(std::move(missing));
  }

  MappingProblem unmapped{MappingProblem::Kind::MeshNotMapped, {}, {}};
  std::set<std::string, std::less<>> reported;
  for (const std::string& name : mesh_names)
    if (!structure_for_mesh(name) && reported.insert(name).second) unmapped.names.push_back(name);
  if (!unmapped.names.empty()) {
    unmapped.message = source_ + ": the model's meshes " + quoted_list(unmapped.names) +
                       " are not in \"meshes\"; they cannot be highlighted or picked";
    problems.push_back(std::move(unmapped));
  }

  MappingProblem unshown{MappingProblem::Kind::StructureWithoutMesh, {}, {}};
  for (const Structure& structure : structures_)
    if (!structures_shown.contains(structure.id)) unshown.names.push_back(structure.id);
  if (!unshown.names.empty()) {
    unshown.message = source_ + ": no mesh of the model shows the structures " + quoted_list(unshown.names) +
                      "; they appear in the list but nothing lights up";
    problems.push_back(std::move(unshown));
  }
  return problems;
}

bool operator==(const RegionCatalogue& a, const RegionCatalogue& b) {
  return a.format_version_ == b.format_version_ && a.model_ == b.model_ && a.layers_ == b.layers_ &&
         a.groups_ == b.groups_ && a.structures_ == b.structures_ && a.meshes_ == b.meshes_;
}

}  // namespace kneeviz::anatomy
