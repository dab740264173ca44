// Point-in-mesh by the winding number of a ray along +X (signed crossings), with triangles bucketed by (y, z)
// so thousands of queries stay fast; plus the distance from a point to the surface, so tests can
// allow a small tolerance for points that graze it.
#pragma once

#include <algorithm>
#include <cmath>
#include <glm/glm.hpp>
#include <map>
#include <tuple>
#include <utility>
#include <vector>

namespace leggen_test {

class InsideTest {
 public:
  InsideTest(std::vector<glm::vec3> positions, std::vector<unsigned> indices)
      : positions_(std::move(positions)), indices_(std::move(indices)) {
    for (size_t t = 0; t < indices_.size(); t += 3) {
      glm::vec3 lo(1e9f), hi(-1e9f);
      for (int k = 0; k < 3; ++k) {
        const glm::vec3& p = positions_[indices_[t + k]];
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
      }
      for (int y = cell(lo.y); y <= cell(hi.y); ++y) {
        for (int z = cell(lo.z); z <= cell(hi.z); ++z) buckets_[{y, z}].push_back(t);
      }
      for (int x = cell3(lo.x); x <= cell3(hi.x); ++x) {
        for (int y = cell3(lo.y); y <= cell3(hi.y); ++y) {
          for (int z = cell3(lo.z); z <= cell3(hi.z); ++z) cells_[{x, y, z}].push_back(t);
        }
      }
    }
  }

  bool inside(const glm::vec3& p) const {
    const auto found = buckets_.find({cell(p.y), cell(p.z)});
    if (found == buckets_.end()) return false;
    // Winding number along the ray (crossings signed by the way the triangle faces), so points
    // where a posed surface overlaps itself (calf pressed into thigh) still count as inside.
    int winding = 0;
    for (size_t t : found->second) {
      const glm::vec3& a = positions_[indices_[t]];
      const glm::vec3& b = positions_[indices_[t + 1]];
      const glm::vec3& c = positions_[indices_[t + 2]];
      // Barycentric test of (p.y, p.z) in the triangle's (y, z) projection.
      const float d = (b.y - a.y) * (c.z - a.z) - (c.y - a.y) * (b.z - a.z);
      if (d == 0.0f) continue;
      const float u = ((p.y - a.y) * (c.z - a.z) - (c.y - a.y) * (p.z - a.z)) / d;
      const float v = ((b.y - a.y) * (p.z - a.z) - (p.y - a.y) * (b.z - a.z)) / d;
      if (u < 0 || v < 0 || u + v > 1) continue;
      const float x = a.x + u * (b.x - a.x) + v * (c.x - a.x);
      if (x > p.x) winding += d > 0.0f ? 1 : -1;
    }
    return winding != 0;
  }

  // Distance from p to the surface, searched within about 1 cm (larger values are capped).
  float distance_to_surface(const glm::vec3& p) const {
    float best = 0.02f;
    const int cx = cell3(p.x), cy = cell3(p.y), cz = cell3(p.z);
    for (int x = cx - 1; x <= cx + 1; ++x) {
      for (int y = cy - 1; y <= cy + 1; ++y) {
        for (int z = cz - 1; z <= cz + 1; ++z) {
          const auto found = cells_.find({x, y, z});
          if (found == cells_.end()) continue;
          for (size_t t : found->second) {
            best = std::min(best, point_triangle(p, positions_[indices_[t]], positions_[indices_[t + 1]],
                                                 positions_[indices_[t + 2]]));
          }
        }
      }
    }
    return best;
  }

  // Distance along the ray from origin (unit direction) to the first crossing, or a negative
  // value when it hits nothing. Brute force; meant for a few hundred rays.
  float first_hit(const glm::vec3& origin, const glm::vec3& direction) const {
    float best = -1.0f;
    for (size_t t = 0; t < indices_.size(); t += 3) {
      const glm::vec3& a = positions_[indices_[t]];
      const glm::vec3 e1 = positions_[indices_[t + 1]] - a;
      const glm::vec3 e2 = positions_[indices_[t + 2]] - a;
      const glm::vec3 h = glm::cross(direction, e2);
      const float det = glm::dot(e1, h);
      if (std::abs(det) < 1e-14f) continue;
      const glm::vec3 s = origin - a;
      const float u = glm::dot(s, h) / det;
      if (u < 0.0f || u > 1.0f) continue;
      const glm::vec3 q = glm::cross(s, e1);
      const float v = glm::dot(direction, q) / det;
      if (v < 0.0f || u + v > 1.0f) continue;
      const float distance = glm::dot(e2, q) / det;
      if (distance > 0.0f && (best < 0.0f || distance < best)) best = distance;
    }
    return best;
  }

 private:
  static int cell(float v) { return static_cast<int>(std::floor(v / 0.004f)); }
  static int cell3(float v) { return static_cast<int>(std::floor(v / 0.01f)); }

  static float point_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                              const glm::vec3& c) {
    // Ericson, Real-Time Collision Detection, 5.1.5.
    const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
    const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
    if (d1 <= 0 && d2 <= 0) return glm::distance(p, a);
    const glm::vec3 bp = p - b;
    const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
    if (d3 >= 0 && d4 <= d3) return glm::distance(p, b);
    const float vc = d1 * d4 - d3 * d2;
    if (vc <= 0 && d1 >= 0 && d3 <= 0) return glm::distance(p, a + ab * (d1 / (d1 - d3)));
    const glm::vec3 cp = p - c;
    const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
    if (d6 >= 0 && d5 <= d6) return glm::distance(p, c);
    const float vb = d5 * d2 - d1 * d6;
    if (vb <= 0 && d2 >= 0 && d6 <= 0) return glm::distance(p, a + ac * (d2 / (d2 - d6)));
    const float va = d3 * d6 - d5 * d4;
    if (va <= 0 && (d4 - d3) >= 0 && (d5 - d6) >= 0) {
      return glm::distance(p, b + (c - b) * ((d4 - d3) / ((d4 - d3) + (d5 - d6))));
    }
    const float denom = 1.0f / (va + vb + vc);
    return glm::distance(p, a + ab * (vb * denom) + ac * (vc * denom));
  }

  std::vector<glm::vec3> positions_;
  std::vector<unsigned> indices_;
  std::map<std::pair<int, int>, std::vector<size_t>> buckets_;
  std::map<std::tuple<int, int, int>, std::vector<size_t>> cells_;
};

}  // namespace leggen_test
