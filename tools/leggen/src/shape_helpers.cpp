#include "shape_helpers.h"

#include <cmath>

namespace leggen {

vec3 project_onto(const Sdf& field, const vec3& p, float offset) {
  vec3 q = p;
  for (int iteration = 0; iteration < 12; ++iteration) {
    const float error = field.distance(q) - offset;
    const vec3 g = gradient(field, q, 0.0003f);
    const float g2 = glm::dot(g, g);
    if (g2 < 1e-10f) break;
    q -= error * g / g2;
    if (std::abs(error) < 1e-6f) break;
  }
  return q;
}

vec3 surface_normal(const Sdf& field, const vec3& p) {
  const vec3 g = gradient(field, p, 0.0003f);
  const float length = glm::length(g);
  return length > 1e-9f ? g / length : vec3(0, 1, 0);
}

}  // namespace leggen
