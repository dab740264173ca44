#include "stage/client_stage.h"

#include "scene/pose.h"

namespace kneeviz::stage {

client::Position position_for(const std::optional<client::Position>& chosen,
                              const technique::Technique* technique) {
  if (chosen) return *chosen;
  if (technique)
    if (const auto own = client::position_from_description(technique->client_position)) return *own;
  return client::Position::anatomical;
}

client::Supports supports_for(client::Position position, const technique::Technique* technique) {
  if (technique) return client::supports_from_description(technique->client_position, position);
  // No technique: the supports a client is usually given in the position (face down, a cushion
  // under the ankles, so the feet do not stand on their toes).
  client::Supports usual = client::supports_from_description("", position);
  usual.ankle_cushion = position == client::Position::prone;
  return usual;
}

namespace {

// The dent moved by a rigid transform.
scene::SkinDent transformed(const scene::SkinDent& dent, const glm::mat4& transform) {
  const glm::mat3 turn(transform);
  scene::SkinDent moved = dent;
  moved.centre = glm::vec3(transform * glm::vec4(dent.centre, 1.f));
  moved.normal = turn * dent.normal;
  moved.across = turn * dent.across;
  moved.along = turn * dent.along;
  moved.shift = turn * dent.shift;
  return moved;
}

}  // namespace

technique::Lying lying_on(const client::ClientScene& stage) {
  technique::Lying lying;
  lying.hip_flexion_deg = stage.pose.hip_flexion_deg;
  if (stage.position == client::Position::anatomical) return lying;
  // The placement is rigid: room y = (R p).y + T.y = dot(p, R^T e_y) + T.y.
  const glm::mat3 rotation(stage.placement);
  lying.on_table = true;
  lying.up = glm::normalize(glm::transpose(rotation) * glm::vec3(0.f, 1.f, 0.f));
  lying.table_level = client::kTableTopY - client::kPaddingSink - stage.placement[3].y;
  const float yaw = glm::radians(stage.therapist_side_yaw_deg);  // a view from where they stand
  lying.toward_therapist =
      glm::normalize(glm::transpose(rotation) * glm::vec3(std::sin(yaw), 0.f, std::cos(yaw)));
  if (!stage.client_volumes.empty())
    lying.into_client = [volumes = stage.client_volumes, placement = stage.placement](const glm::vec3& p) {
      return client::deepest_inside(volumes, glm::vec3(placement * glm::vec4(p, 1.f)));
    };
  return lying;
}

render::Frame StagedScene::frame(const scene::OrbitCamera& camera, const render::DisplaySettings& display,
                                 float time_seconds, bool simplified) const {
  render::Frame out{camera, display, styles, time_seconds, props, dents, hands, simplified};
  if (ghost_hands) out.ghost_props = hands;
  return out;
}

void StagedScene::fill(render::Snapshot& snapshot) const {
  snapshot.pose = posed.pose();
  snapshot.styles = styles;
  snapshot.props = props;
  snapshot.contoured_props = hands;
  snapshot.ghost_props = ghost_hands ? hands : 0;
  snapshot.dents = dents;
  snapshot.placement = posed.placement();
  snapshot.overlay = strokes;
  snapshot.surface_overlay = zones;
}

namespace {

const std::vector<scene::SkinDent> kNoDents;
const std::vector<glm::mat4> kNoMatrices;

}  // namespace

scene::ExportMesh posed_mesh(const scene::Mesh& mesh, const scene::PosedModel* posed,
                             const std::vector<scene::SkinDent>& dents) {
  scene::ExportMesh out;
  out.positions.reserve(mesh.vertices.size());
  out.normals.reserve(mesh.vertices.size());
  const std::vector<glm::mat4>& globals = posed ? posed->placed_globals() : kNoMatrices;
  const std::vector<glm::mat4>& skinning = posed ? posed->placed_skinning() : kNoMatrices;
  const glm::mat4 place =
      (mesh.skinned || mesh.node < 0 || globals.empty()) ? glm::mat4(1.f) : globals[std::size_t(mesh.node)];
  for (const scene::Vertex& v : mesh.vertices) {
    glm::mat4 move = place;
    if (mesh.skinned && !skinning.empty())
      move = v.weights.x * skinning[v.joints.x] + v.weights.y * skinning[v.joints.y] +
             v.weights.z * skinning[v.joints.z] + v.weights.w * skinning[v.joints.w];
    const glm::vec3 p = glm::vec3(move * glm::vec4(v.position, 1.f));
    out.positions.push_back(dents.empty() ? p : scene::apply_dents(p, dents));
    const glm::vec3 n = glm::transpose(glm::inverse(glm::mat3(move))) * v.normal;
    out.normals.push_back(glm::length(n) > 1e-12f ? glm::normalize(n) : glm::vec3(0.f, 1.f, 0.f));
  }
  out.indices = mesh.indices;
  out.colour = mesh.material.base_colour;
  return out;
}

std::vector<PosedStructure> posed_structures(const StagedScene& staged) {
  const scene::Model& model = staged.posed.model();
  std::vector<PosedStructure> out;
  for (std::size_t i = 0; i < model.meshes.size(); ++i) {
    const render::MeshStyle style = i < staged.styles.size() ? staged.styles[i] : render::MeshStyle{};
    if (!style.visible || style.opacity <= 0.f || model.meshes[i].indices.empty()) continue;
    const bool dented = style.dented && !staged.dents.empty();
    out.push_back({i, posed_mesh(model.meshes[i], &staged.posed, dented ? staged.dents : kNoDents), dented});
  }
  return out;
}

StagedScene compose_scene(const TechniquePlayer& player, const anatomy::RegionView& regions,
                          std::vector<render::MeshStyle> styles, const client::ClientScene& stage,
                          float knee_flexion_deg, const Showing& showing) {
  const glm::mat4& to_room = stage.placement;
  StagedScene staged{
      scene::PosedModel(player.model(), {knee_flexion_deg, stage.pose.hip_flexion_deg}, to_room)};
  player.apply_styles(regions, styles);
  staged.styles = std::move(styles);
  if (showing.hands) {
    staged.props = player.props();
    for (scene::Mesh& hand : staged.props) client::transform_mesh(hand, to_room);
    staged.hands = staged.props.size();
    staged.ghost_hands = showing.ghost_hands;
    if (!showing.ghost_hands)
      for (const scene::SkinDent& dent : player.dents()) staged.dents.push_back(transformed(dent, to_room));
  }
  staged.props.insert(staged.props.end(), stage.props.begin(), stage.props.end());
  if (player.active()) {
    if (showing.strokes) {
      staged.strokes = player.overlay();
      render::transform_overlay(staged.strokes, to_room);
    }
    staged.zones = player.zone_overlay();
    render::transform_overlay(staged.zones, to_room);
  }
  return staged;
}

}  // namespace kneeviz::stage
