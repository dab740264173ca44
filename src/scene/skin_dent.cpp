#include "scene/skin_dent.h"

#include <algorithm>
#include <cmath>

namespace kneeviz::scene {

namespace {
float smoothstep(float edge0, float edge1, float x) {
  const float t = std::clamp((x - edge0) / (edge1 - edge0), 0.f, 1.f);
  return t * t * (3.f - 2.f * t);
}
}  // namespace

float dent_weight(const SkinDent& dent, const glm::vec3& point) {
  const glm::vec3 local = point - dent.centre;
  const float height = glm::dot(local, dent.normal);
  if (height > 0.03f || height < -0.05f) return 0.f;
  const float u = glm::dot(local, dent.across) / std::max(dent.half_size.x, 1e-4f);
  const float v = glm::dot(local, dent.along) / std::max(dent.half_size.y, 1e-4f);
  const float r = std::sqrt(u * u + v * v);
  return (1.f - smoothstep(0.8f, 1.4f, r)) * (1.f - smoothstep(0.02f, 0.05f, -height));
}

glm::vec3 apply_dents(const glm::vec3& point, const std::vector<SkinDent>& dents) {
  glm::vec3 moved = point;
  const std::size_t count = std::min<std::size_t>(dents.size(), kMaxSkinDents);
  for (std::size_t i = 0; i < count; ++i) {
    const float w = dent_weight(dents[i], point);
    moved += w * (dents[i].shift - dents[i].normal * dents[i].depth);
  }
  return moved;
}

}  // namespace kneeviz::scene
