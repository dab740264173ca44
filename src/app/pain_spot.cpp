#include "app/pain_spot.h"

#include <cmath>

namespace kneeviz::app {

std::optional<std::string> knee_spot_at(const scene::PosedModel& leg, const glm::vec3& point) {
  const scene::Model& model = leg.model();
  const int knee_node = model.find_node("knee-joint-centre");
  if (knee_node < 0) return std::nullopt;
  const glm::vec3 knee = leg.node_position(knee_node);
  // The thigh's frame at the knee: its long axis, and front and side square to it.
  const int hip_node = model.find_node("hip-joint-centre");
  const glm::vec3 up =
      hip_node >= 0 ? glm::normalize(leg.node_position(hip_node) - knee) : glm::vec3(0, 1, 0);
  glm::vec3 lateral(-1.f, 0.f, 0.f);
  const int lateral_node = model.find_node("lateral-epicondyle"),
            medial_node = model.find_node("medial-epicondyle");
  if (lateral_node >= 0 && medial_node >= 0)
    lateral = leg.node_position(lateral_node) - leg.node_position(medial_node);
  lateral = glm::normalize(lateral - up * glm::dot(lateral, up));
  const glm::vec3 anterior = glm::cross(lateral, up) * (lateral.x < 0.f ? -1.f : 1.f);

  const glm::vec3 d = point - knee;
  constexpr float kReach = 0.12f;  // a hand's breadth above or below the joint
  if (std::abs(glm::dot(d, up)) > kReach) return std::nullopt;
  // 0 front, 90 lateral, 180 back, 270 medial, as around the limb everywhere in kneeviz.
  float angle = glm::degrees(std::atan2(glm::dot(d, lateral), glm::dot(d, anterior)));
  if (angle < 0.f) angle += 360.f;
  if (angle < 45.f || angle >= 315.f) return "front";
  if (angle < 135.f) return "lateral";
  if (angle < 225.f) return "back";
  return "medial";
}

}  // namespace kneeviz::app
