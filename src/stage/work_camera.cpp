#include "stage/work_camera.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "stage/client_stage.h"

namespace kneeviz::stage {

scene::Bounds phase_area(const TechniquePlayer& player) {
  scene::Bounds area = player.working_area().grown(kWorkingAreaMargin);
  if (area.empty()) return area;
  for (const scene::Mesh& hand : player.props())
    for (const scene::Vertex& v : hand.vertices) area.extend(v.position);
  return area;
}

scene::OrbitCamera settled_camera(const scene::Model& model, const technique::Technique& technique,
                                  const client::ClientScene& stage, const scene::Pose& pose,
                                  const scene::Bounds& area, float aspect) {
  scene::OrbitCamera camera;
  camera.set_view(working_view(technique, stage), false);
  camera.frame(client::room_bounds(model, pose, stage), aspect);
  if (!area.empty()) camera.look_at(area.transformed(stage.placement));
  camera.update(camera.transition_seconds + 1.f);
  return camera;
}

scene::ViewAngles working_view(const technique::Technique& technique, const client::ClientScene& stage) {
  const scene::ViewAngles best = best_view_for(technique);
  if (stage.position == client::Position::anatomical) return best;
  // The best side's direction (toward the eye), from the model's space into the room.
  const float yaw = glm::radians(best.yaw_deg);
  const glm::vec3 facing =
      glm::normalize(glm::mat3(stage.placement) * glm::vec3(std::sin(yaw), 0.f, std::cos(yaw)));
  const glm::vec2 across(facing.x, facing.z);  // its part along the floor
  constexpr float kLowest = 30.f, kHighest = 65.f;
  if (glm::length(across) < 0.35f) {
    // The strokes face the ceiling: from the therapist's side, looking well down.
    return {stage.therapist_view.yaw_deg, facing.y > 0.f ? kHighest : kLowest};
  }
  // Strokes facing away from the therapist's side of the table (the inner thigh, toward the other
  // leg): from the therapist's side too, looking well down over the limb. From across the table
  // the other leg filled the foreground and the forearms came from behind the limb, away from the
  // viewer.
  const float therapist_yaw = glm::radians(stage.therapist_side_yaw_deg);
  if (glm::dot(glm::normalize(across), glm::vec2(std::sin(therapist_yaw), std::cos(therapist_yaw))) < 0.f)
    return {stage.therapist_view.yaw_deg, kHighest};
  const float pitch = glm::degrees(std::atan2(facing.y, glm::length(across)));
  return {glm::degrees(std::atan2(across.x, across.y)), std::clamp(pitch + 35.f, kLowest, kHighest)};
}

void WorkCamera::follow(scene::ViewAngles angles, bool at_once) {
  following_ = true;
  angles_ = angles;
  at_once_ = at_once;
}

void WorkCamera::frame(scene::OrbitCamera& camera, int phase, const scene::Bounds& area) {
  if (!following_ || area.empty()) return;
  framed_phase_ = phase;
  const scene::ViewAngles angles = angles_.value_or(camera.angles());
  const bool turning = angles_.has_value();
  angles_.reset();
  // Nearly the framing the camera is heading for already: hold still.
  const float distance = camera.framing_distance(area, angles);
  const float shift = glm::distance(area.centre(), camera.goal_target());
  const float zoom = std::abs(std::log(distance / std::max(camera.goal_distance(), 1e-4f)));
  if (!turning && shift < 0.12f * distance && zoom < 0.15f) return;
  camera.look_at(area, angles, std::exchange(at_once_, false) ? 0.f : kGlideSeconds);
}

}  // namespace kneeviz::stage
