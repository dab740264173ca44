#include "app/work_camera.h"

#include <cmath>

namespace kneeviz::app {

scene::Bounds phase_area(const TechniquePlayer& player) {
  scene::Bounds area = player.working_area().grown(kWorkingAreaMargin);
  if (area.empty()) return area;
  for (const scene::Mesh& hand : player.props())
    for (const scene::Vertex& v : hand.vertices) area.extend(v.position);
  return area;
}

void WorkCamera::follow(scene::ViewAngles angles) {
  following_ = true;
  angles_ = angles;
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
  camera.look_at(area, angles, kGlideSeconds);
}

}  // namespace kneeviz::app
