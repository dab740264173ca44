#include "app/client_stage.h"

#include "scene/pose.h"

namespace kneeviz::app {

client::Position position_for(const std::optional<client::Position>& chosen,
                              const technique::Technique* technique) {
  if (chosen) return *chosen;
  if (technique)
    if (const auto own = client::position_from_description(technique->client_position)) return *own;
  return client::Position::anatomical;
}

client::Supports supports_for(client::Position position, const technique::Technique* technique) {
  return client::supports_from_description(technique ? std::string_view(technique->client_position) : "",
                                           position);
}

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

const client::ClientScene& StageKeeper::at(client::Position position, const client::Supports& supports,
                                           float knee_flexion_deg) {
  const bool same = laid_ && stage_.position == position && supports_.knee_bolster == supports.knee_bolster &&
                    supports_.ankle_cushion == supports.ankle_cushion &&
                    supports_.pillow == supports.pillow &&
                    (position == client::Position::anatomical || knee_flexion_deg_ == knee_flexion_deg);
  if (!same) {
    stage_ = client::lay_client(model_, scene::Pose{knee_flexion_deg}, position, supports);
    supports_ = supports;
    knee_flexion_deg_ = knee_flexion_deg;
    laid_ = true;
  }
  return stage_;
}

std::vector<scene::Mesh> props_in_room(const std::vector<scene::Mesh>& hands,
                                       const client::ClientScene& stage) {
  std::vector<scene::Mesh> props = hands;
  for (scene::Mesh& hand : props) client::transform_mesh(hand, stage.placement);
  props.insert(props.end(), stage.props.begin(), stage.props.end());
  return props;
}

std::vector<scene::SkinDent> dents_in_room(const std::vector<scene::SkinDent>& dents,
                                           const glm::mat4& placement) {
  std::vector<scene::SkinDent> moved;
  moved.reserve(dents.size());
  for (const scene::SkinDent& dent : dents) moved.push_back(transformed(dent, placement));
  return moved;
}

scene::Bounds room_bounds(const scene::Model& model, const scene::Pose& pose, const client::ClientScene& stage) {
  scene::Bounds box = scene::posed_bounds(model, pose).transformed(stage.placement);
  for (const scene::Mesh& prop : stage.props)
    for (const scene::Vertex& v : prop.vertices) box.extend(v.position);
  return box;
}

void put_on_stage(render::Snapshot& snapshot, const client::ClientScene& stage) {
  const glm::mat4& to_room = stage.placement;
  snapshot.placement = to_room;
  for (scene::Mesh& prop : snapshot.props) client::transform_mesh(prop, to_room);
  for (scene::SkinDent& dent : snapshot.dents) dent = transformed(dent, to_room);
  render::transform_overlay(snapshot.overlay, to_room);
  render::transform_overlay(snapshot.surface_overlay, to_room);
  if (snapshot.frame_on) snapshot.frame_on = snapshot.frame_on->transformed(to_room);
  snapshot.props.insert(snapshot.props.end(), stage.props.begin(), stage.props.end());
}

}  // namespace kneeviz::app
