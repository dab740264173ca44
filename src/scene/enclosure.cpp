#include "scene/enclosure.h"

#include <algorithm>
#include <cmath>

namespace kneeviz::scene {

namespace {
// The lines sit off the grid's round numbers, where generated vertices and edges tend to lie.
constexpr float kLineOffset = 0.37f;
}  // namespace

Enclosure::Enclosure(const Mesh& envelope, float step) : step_(step) {
  Bounds box;
  for (const Vertex& v : envelope.vertices) box.extend(v.position);
  if (box.empty() || envelope.indices.size() % 3 != 0) return;
  origin_ = glm::vec2(box.min.y, box.min.z) + (kLineOffset - 1.f) * step_;
  count_ = glm::ivec2(glm::ceil((glm::vec2(box.max.y, box.max.z) - origin_) / step_)) + 2;
  // Where each line crosses the surface, and which way (+1 entering, -1 leaving, by winding).
  std::vector<std::vector<std::pair<float, int>>> crossings(std::size_t(count_.x) * std::size_t(count_.y));
  for (std::size_t t = 0; t + 2 < envelope.indices.size(); t += 3) {
    const glm::vec3 a = envelope.vertices.at(envelope.indices[t]).position;
    const glm::vec3 b = envelope.vertices.at(envelope.indices[t + 1]).position;
    const glm::vec3 c = envelope.vertices.at(envelope.indices[t + 2]).position;
    const float d = (b.y - a.y) * (c.z - a.z) - (c.y - a.y) * (b.z - a.z);
    if (d == 0.f) continue;  // edge-on to the lines
    const glm::vec2 lo = (glm::vec2(std::min({a.y, b.y, c.y}), std::min({a.z, b.z, c.z})) - origin_) / step_;
    const glm::vec2 hi = (glm::vec2(std::max({a.y, b.y, c.y}), std::max({a.z, b.z, c.z})) - origin_) / step_;
    for (int yi = std::max(int(std::ceil(lo.x)), 0); yi <= std::min(int(std::floor(hi.x)), count_.x - 1);
         ++yi)
      for (int zi = std::max(int(std::ceil(lo.y)), 0); zi <= std::min(int(std::floor(hi.y)), count_.y - 1);
           ++zi) {
        const float y = origin_.x + float(yi) * step_, z = origin_.y + float(zi) * step_;
        const float u = ((y - a.y) * (c.z - a.z) - (c.y - a.y) * (z - a.z)) / d;
        const float v = ((b.y - a.y) * (z - a.z) - (y - a.y) * (b.z - a.z)) / d;
        if (u < 0.f || v < 0.f || u + v > 1.f) continue;
        crossings[std::size_t(yi) * std::size_t(count_.y) + std::size_t(zi)].push_back(
            {a.x + u * (b.x - a.x) + v * (c.x - a.x), d > 0.f ? 1 : -1});
      }
  }
  lines_.resize(crossings.size());
  for (std::size_t i = 0; i < crossings.size(); ++i) {
    std::sort(crossings[i].begin(), crossings[i].end());
    int winding = 0;
    float start = 0.f;
    for (const auto& [x, sign] : crossings[i]) {
      const bool was_inside = winding != 0;
      winding += sign;
      if (!was_inside && winding != 0) start = x;
      if (was_inside && winding == 0) lines_[i].emplace_back(start, x);
    }
  }
}

const Enclosure::Spans* Enclosure::line(int y, int z) const {
  if (y < 0 || z < 0 || y >= count_.x || z >= count_.y) return nullptr;
  return &lines_[std::size_t(y) * std::size_t(count_.y) + std::size_t(z)];
}

bool Enclosure::holds(const glm::vec3& p, float margin) const {
  const glm::ivec2 nearest(glm::round((glm::vec2(p.y, p.z) - origin_) / step_));
  for (int dy = -1; dy <= 1; ++dy)
    for (int dz = -1; dz <= 1; ++dz) {
      const Spans* spans = line(nearest.x + dy, nearest.y + dz);
      if (!spans) return false;
      const bool inside = std::any_of(spans->begin(), spans->end(), [&](const std::pair<float, float>& s) {
        return s.first <= p.x - margin && p.x + margin <= s.second;
      });
      if (!inside) return false;
    }
  return true;
}

bool Enclosure::holds(const Mesh& mesh, float margin) const {
  return !mesh.vertices.empty() && std::all_of(mesh.vertices.begin(), mesh.vertices.end(),
                                               [&](const Vertex& v) { return holds(v.position, margin); });
}

std::vector<bool> enclosed_by(const Model& model, std::size_t envelope, float margin) {
  std::vector<bool> held(model.meshes.size(), false);
  if (envelope >= model.meshes.size()) return held;
  const Enclosure inside(model.meshes[envelope]);
  const std::vector<glm::mat4> globals = model.global_transforms();
  const Mesh& outer = model.meshes[envelope];
  for (std::size_t i = 0; i < model.meshes.size(); ++i) {
    const Mesh& mesh = model.meshes[i];
    if (i == envelope || mesh.vertices.empty()) continue;
    // Both as stored: skinned meshes in the model's space, rigid ones by their node.
    const auto place = [&](const Mesh& m) {
      return (m.skinned || m.node < 0) ? glm::mat4(1.f) : globals[std::size_t(m.node)];
    };
    const glm::mat4 to_envelope = glm::inverse(place(outer)) * place(mesh);
    held[i] = std::all_of(mesh.vertices.begin(), mesh.vertices.end(), [&](const Vertex& v) {
      return inside.holds(glm::vec3(to_envelope * glm::vec4(v.position, 1.f)), margin);
    });
  }
  return held;
}

}  // namespace kneeviz::scene
