#include "tubes.h"

#include <algorithm>
#include <cmath>

namespace leggen {

namespace {

vec3 catmull_rom(const vec3& a, const vec3& b, const vec3& c, const vec3& d, float t) {
  const float t2 = t * t, t3 = t2 * t;
  return 0.5f * ((2.0f * b) + (-a + c) * t + (2.0f * a - 5.0f * b + 4.0f * c - d) * t2 +
                 (-a + 3.0f * b - 3.0f * c + d) * t3);
}

}  // namespace

std::vector<vec3> sample_spline(const std::vector<vec3>& keys, int per_span) {
  std::vector<vec3> samples;
  const size_t n = keys.size();
  auto key = [&](long i) {
    if (i < 0) return 2.0f * keys[0] - keys[1];
    if (i >= static_cast<long>(n)) return 2.0f * keys[n - 1] - keys[n - 2];
    return keys[static_cast<size_t>(i)];
  };
  for (size_t span = 0; span + 1 < n; ++span) {
    const long s = static_cast<long>(span);
    for (int j = 0; j < per_span; ++j) {
      samples.push_back(catmull_rom(key(s - 1), key(s), key(s + 1), key(s + 2),
                                    static_cast<float>(j) / static_cast<float>(per_span)));
    }
  }
  samples.push_back(keys.back());
  return samples;
}

void append_tube(const std::vector<vec3>& line, const std::vector<float>& radius, int sides, float tip,
                 TriangleMesh& mesh) {
  const uint32_t first = static_cast<uint32_t>(mesh.positions.size());
  vec3 side(0.0f);
  const size_t rings = line.size();
  for (size_t i = 0; i < rings; ++i) {
    const vec3 tangent = glm::normalize(line[std::min(i + 1, rings - 1)] - line[i > 0 ? i - 1 : 0]);
    if (i == 0) {
      const vec3 helper = std::abs(tangent.y) < 0.9f ? vec3(0, 1, 0) : vec3(1, 0, 0);
      side = glm::normalize(glm::cross(tangent, helper));
    }
    side = glm::normalize(side - glm::dot(side, tangent) * tangent);
    const vec3 up = glm::cross(tangent, side);
    for (int k = 0; k < sides; ++k) {
      const float angle = 6.2831853f * static_cast<float>(k) / static_cast<float>(sides);
      const vec3 radial = std::cos(angle) * side + std::sin(angle) * up;
      mesh.positions.push_back(line[i] + radial * radius[i]);
      mesh.normals.push_back(radial);
    }
  }
  const size_t n = static_cast<size_t>(sides);
  auto ring = [&](size_t i, int k) {
    return first + static_cast<uint32_t>(i * n + static_cast<size_t>(k) % n);
  };
  for (size_t i = 0; i + 1 < rings; ++i) {
    for (int k = 0; k < sides; ++k) {
      // Rings wind counter-clockwise about the tangent, so this order faces outwards.
      mesh.indices.insert(mesh.indices.end(), {ring(i, k), ring(i, k + 1), ring(i + 1, k + 1)});
      mesh.indices.insert(mesh.indices.end(), {ring(i, k), ring(i + 1, k + 1), ring(i + 1, k)});
    }
  }
  const vec3 start_direction = glm::normalize(line[0] - line[1]);
  const vec3 end_direction = glm::normalize(line[rings - 1] - line[rings - 2]);
  const uint32_t start_tip = static_cast<uint32_t>(mesh.positions.size());
  mesh.positions.push_back(line[0] + start_direction * tip);
  mesh.normals.push_back(start_direction);
  const uint32_t end_tip = start_tip + 1;
  mesh.positions.push_back(line[rings - 1] + end_direction * tip);
  mesh.normals.push_back(end_direction);
  for (int k = 0; k < sides; ++k) {
    mesh.indices.insert(mesh.indices.end(), {start_tip, ring(0, k + 1), ring(0, k)});
    mesh.indices.insert(mesh.indices.end(), {end_tip, ring(rings - 1, k), ring(rings - 1, k + 1)});
  }
}

}  // namespace leggen
