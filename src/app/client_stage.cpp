#include "app/client_stage.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/quaternion.hpp>

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
  if (technique) return client::supports_from_description(technique->client_position, position);
  // No technique: the supports a client is usually given in the position (face down, a cushion
  // under the ankles, so the feet do not stand on their toes).
  client::Supports usual = client::supports_from_description("", position);
  usual.ankle_cushion = position == client::Position::prone;
  return usual;
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

glm::mat4 placement_between(const glm::mat4& a, const glm::mat4& b, float t, float lift) {
  const glm::quat from = glm::quat_cast(glm::mat3(a)), to = glm::quat_cast(glm::mat3(b));
  glm::mat4 out = glm::mat4_cast(glm::slerp(from, to, t));
  const glm::vec3 position = glm::mix(glm::vec3(a[3]), glm::vec3(b[3]), t) +
                             glm::vec3(0.f, lift * std::sin(glm::pi<float>() * t), 0.f);
  out[3] = glm::vec4(position, 1.f);
  return out;
}

const client::ClientScene& StageGlide::show(const client::ClientScene& target, double now) {
  if (!started_) {
    started_ = true;
    shown_position_ = target.position;
    last_ = target.placement;
  }
  if (target.position != shown_position_) {  // a new position: the turn starts from what is shown
    shown_position_ = target.position;
    from_ = last_;
    since_ = now;
    moving_ = true;
  }
  if (moving_ && now - since_ >= kSeconds) moving_ = false;
  if (!moving_) {
    last_ = target.placement;
    return target;
  }
  const float t = float(std::clamp((now - since_) / kSeconds, 0.0, 1.0));
  const float eased = t * t * (3.f - 2.f * t);
  between_.position = target.position;
  between_.pose = target.pose;  // the hip as it will land: no snap when it does
  between_.therapist_view = target.therapist_view;
  between_.therapist_side_yaw_deg = target.therapist_side_yaw_deg;
  between_.placement = placement_between(from_, target.placement, eased, kLiftM);
  between_.props.clear();
  for (const scene::Mesh& prop : target.props)
    if (prop.name == "table") between_.props.push_back(prop);
  last_ = between_.placement;
  return between_;
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

scene::Bounds room_bounds(const scene::Model& model, const scene::Pose& pose,
                          const client::ClientScene& stage) {
  const scene::Pose laid{pose.knee_flexion_deg, stage.pose.hip_flexion_deg};
  scene::Bounds box = scene::posed_bounds(model, laid).transformed(stage.placement);
  for (const scene::Mesh& prop : stage.props)
    for (const scene::Vertex& v : prop.vertices) box.extend(v.position);
  return box;
}

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
  return lying;
}

void put_on_stage(render::Snapshot& snapshot, const client::ClientScene& stage) {
  const glm::mat4& to_room = stage.placement;
  snapshot.placement = to_room;
  snapshot.pose.hip_flexion_deg = stage.pose.hip_flexion_deg;  // the hip as the position lays it
  for (scene::Mesh& prop : snapshot.props) client::transform_mesh(prop, to_room);
  for (scene::SkinDent& dent : snapshot.dents) dent = transformed(dent, to_room);
  render::transform_overlay(snapshot.overlay, to_room);
  render::transform_overlay(snapshot.surface_overlay, to_room);
  if (snapshot.frame_on) snapshot.frame_on = snapshot.frame_on->transformed(to_room);
  snapshot.props.insert(snapshot.props.end(), stage.props.begin(), stage.props.end());
}

}  // namespace kneeviz::app
