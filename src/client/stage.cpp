#include "client/stage.h"

#include <algorithm>
#include <cmath>
#include <glm/gtc/constants.hpp>
#include <glm/gtc/quaternion.hpp>

namespace kneeviz::client {

const ClientScene& StageKeeper::at(Position position, const Supports& supports, float knee_flexion_deg) {
  const bool same = laid_ && stage_.position == position && supports_.knee_bolster == supports.knee_bolster &&
                    supports_.ankle_cushion == supports.ankle_cushion &&
                    supports_.pillow == supports.pillow &&
                    (position == Position::anatomical || knee_flexion_deg_ == knee_flexion_deg);
  if (!same) {
    stage_ = lay_client(model_, scene::Pose{knee_flexion_deg}, position, supports);
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

const ClientScene& StageGlide::show(const ClientScene& target, double now) {
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

scene::Bounds room_bounds(const scene::Model& model, const scene::Pose& pose, const ClientScene& stage) {
  const scene::Pose laid{pose.knee_flexion_deg, stage.pose.hip_flexion_deg};
  scene::Bounds box = scene::PosedModel(model, laid).bounds().transformed(stage.placement);
  for (const scene::Mesh& prop : stage.props)
    for (const scene::Vertex& v : prop.vertices) box.extend(v.position);
  return box;
}

}  // namespace kneeviz::client
