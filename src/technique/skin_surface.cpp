#include "technique/skin_surface.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <string>
#include <utility>

namespace kneeviz::technique {

namespace {

constexpr int kBins = 16;
constexpr std::uint32_t kMaxLeaf = 8;   // a leaf never holds more (unless they cannot be split)
constexpr std::uint32_t kMinSplit = 3;  // at or below this many a node is always a leaf
constexpr float kTraversalCost = 1.f;   // relative to one triangle test
constexpr int kStackSize = 256;
constexpr std::uint32_t kMedianDepth = 100;  // below this depth only median splits: bounded depth

struct Box {
  glm::vec3 min{std::numeric_limits<float>::max()};
  glm::vec3 max{std::numeric_limits<float>::lowest()};
  void extend(const glm::vec3& p) {
    min = glm::min(min, p);
    max = glm::max(max, p);
  }
  void extend(const Box& b) {
    min = glm::min(min, b.min);
    max = glm::max(max, b.max);
  }
  bool empty() const { return min.x > max.x; }
  float area() const {
    if (empty()) return 0.f;
    const glm::vec3 d = max - min;
    return 2.f * (d.x * d.y + d.y * d.z + d.z * d.x);
  }
};

// Entry distance of the ray into the box, or +inf when it misses within (t_min, t_max).
inline float slab(const glm::vec3& min, const glm::vec3& max, const glm::vec3& origin,
                  const glm::vec3& inv_dir, float t_min, float t_max) {
  const glm::vec3 t0 = (min - origin) * inv_dir;
  const glm::vec3 t1 = (max - origin) * inv_dir;
  const glm::vec3 lo = glm::min(t0, t1);
  const glm::vec3 hi = glm::max(t0, t1);
  const float enter = std::max(std::max(lo.x, lo.y), std::max(lo.z, t_min));
  const float leave = std::min(std::min(hi.x, hi.y), std::min(hi.z, t_max));
  return enter <= leave ? enter : std::numeric_limits<float>::infinity();
}

inline float box_distance2(const glm::vec3& min, const glm::vec3& max, const glm::vec3& p) {
  const glm::vec3 d = glm::max(glm::max(min - p, p - max), glm::vec3(0.f));
  return glm::dot(d, d);
}

// Möller–Trumbore, two-sided. Writes t and the barycentrics of v1 and v2.
inline bool ray_triangle(const glm::vec3& origin, const glm::vec3& dir, const glm::vec3& v0,
                         const glm::vec3& e1, const glm::vec3& e2, float& t, float& u, float& v) {
  const glm::vec3 p = glm::cross(dir, e2);
  const float det = glm::dot(e1, p);
  if (std::abs(det) < 1e-20f) return false;
  const float inv = 1.f / det;
  const glm::vec3 s = origin - v0;
  u = glm::dot(s, p) * inv;
  if (u < 0.f || u > 1.f) return false;
  const glm::vec3 q = glm::cross(s, e1);
  v = glm::dot(dir, q) * inv;
  if (v < 0.f || u + v > 1.f) return false;
  t = glm::dot(e2, q) * inv;
  return true;
}

// The point of triangle abc nearest to p (Ericson, Real-Time Collision Detection, 5.1.5), with the
// barycentric weights of b and c.
inline glm::vec3 closest_on_triangle(const glm::vec3& p, const glm::vec3& a, const glm::vec3& b,
                                     const glm::vec3& c, float& wb, float& wc) {
  const glm::vec3 ab = b - a, ac = c - a, ap = p - a;
  const float d1 = glm::dot(ab, ap), d2 = glm::dot(ac, ap);
  if (d1 <= 0.f && d2 <= 0.f) {
    wb = 0.f;
    wc = 0.f;
    return a;
  }
  const glm::vec3 bp = p - b;
  const float d3 = glm::dot(ab, bp), d4 = glm::dot(ac, bp);
  if (d3 >= 0.f && d4 <= d3) {
    wb = 1.f;
    wc = 0.f;
    return b;
  }
  const float vc = d1 * d4 - d3 * d2;
  if (vc <= 0.f && d1 >= 0.f && d3 <= 0.f) {
    const float v = d1 / (d1 - d3);
    wb = v;
    wc = 0.f;
    return a + v * ab;
  }
  const glm::vec3 cp = p - c;
  const float d5 = glm::dot(ab, cp), d6 = glm::dot(ac, cp);
  if (d6 >= 0.f && d5 <= d6) {
    wb = 0.f;
    wc = 1.f;
    return c;
  }
  const float vb = d5 * d2 - d1 * d6;
  if (vb <= 0.f && d2 >= 0.f && d6 <= 0.f) {
    const float w = d2 / (d2 - d6);
    wb = 0.f;
    wc = w;
    return a + w * ac;
  }
  const float va = d3 * d6 - d5 * d4;
  if (va <= 0.f && (d4 - d3) >= 0.f && (d5 - d6) >= 0.f) {
    const float w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
    wb = 1.f - w;
    wc = w;
    return b + w * (c - b);
  }
  const float denom = 1.f / (va + vb + vc);
  wb = vb * denom;
  wc = vc * denom;
  return a + ab * wb + ac * wc;
}

glm::vec3 safe_normalise(const glm::vec3& v) {
  const float length = glm::length(v);
  return length > 1e-12f ? v / length : glm::vec3(0.f);
}

}  // namespace

SkinSurface::SkinSurface(std::vector<glm::vec3> positions, std::vector<glm::vec3> normals,
                         std::vector<std::uint32_t> indices, std::vector<glm::vec3> directions)
    : positions_(std::move(positions)),
      normals_(std::move(normals)),
      directions_(std::move(directions)),
      indices_(std::move(indices)) {
  if (normals_.size() != positions_.size())
    throw GeometryError("surface: " + std::to_string(normals_.size()) + " normals for " +
                        std::to_string(positions_.size()) + " positions");
  if (!directions_.empty() && directions_.size() != positions_.size())
    throw GeometryError("surface: " + std::to_string(directions_.size()) + " directions for " +
                        std::to_string(positions_.size()) + " positions");
  if (indices_.size() % 3 != 0) throw GeometryError("surface: index count is not a multiple of 3");
  for (std::uint32_t i : indices_)
    if (i >= positions_.size()) throw GeometryError("surface: index " + std::to_string(i) + " out of range");
  build();
}

SkinSurface SkinSurface::from_mesh(const scene::Mesh& mesh, const std::vector<glm::mat4>& globals,
                                   const std::vector<glm::mat4>& skinning) {
  const bool skinned = mesh.skinned && !skinning.empty();
  const glm::mat4 place = (skinned || mesh.node < 0 || mesh.node >= static_cast<int>(globals.size()))
                              ? glm::mat4(1.f)
                              : globals[mesh.node];
  const glm::mat3 turn(place);
  std::vector<glm::vec3> positions, normals, fibres;
  positions.reserve(mesh.vertices.size());
  normals.reserve(mesh.vertices.size());
  if (mesh.has_fibres) fibres.reserve(mesh.vertices.size());
  for (const scene::Vertex& v : mesh.vertices) {
    if (skinned) {
      positions.push_back(scene::skin_position(v, skinning));
      normals.push_back(safe_normalise(scene::skin_direction(v.normal, v, skinning)));
    } else {
      positions.emplace_back(place * glm::vec4(v.position, 1.f));
      normals.push_back(safe_normalise(turn * v.normal));
    }
    if (mesh.has_fibres) {
      const glm::vec3 fibre(v.fibre);
      if (glm::dot(fibre, fibre) < 1e-16f)
        fibres.emplace_back(0.f);
      else
        fibres.push_back(skinned ? scene::skin_direction(fibre, v, skinning) : safe_normalise(turn * fibre));
    }
  }
  return SkinSurface(std::move(positions), std::move(normals), mesh.indices, std::move(fibres));
}

SkinSurface SkinSurface::from_model(const scene::Model& model, const scene::Pose& pose,
                                    std::string_view mesh_name) {
  for (const scene::Mesh& mesh : model.meshes) {
    if (mesh.name != mesh_name) continue;
    const scene::PosedModel posed(model, pose);
    return from_mesh(mesh, posed.globals(), posed.skinning());
  }
  throw GeometryError(model.source + ": the model has no mesh named '" + std::string(mesh_name) + "'");
}

void SkinSurface::build() {
  const std::uint32_t n = static_cast<std::uint32_t>(triangle_count());
  nodes_.clear();
  order_.resize(n);
  for (std::uint32_t i = 0; i < n; ++i) order_[i] = i;
  if (n == 0) return;

  std::vector<Box> boxes(n);
  std::vector<glm::vec3> centroids(n);
  for (std::uint32_t i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k) boxes[i].extend(positions_[indices_[3 * i + k]]);
    centroids[i] = (boxes[i].min + boxes[i].max) * 0.5f;
  }

  nodes_.reserve(2 * static_cast<std::size_t>(n));
  nodes_.push_back(Node{{}, 0, {}, n});
  std::vector<std::pair<std::uint32_t, std::uint32_t>> pending{{0u, 0u}};  // node, depth
  while (!pending.empty()) {
    const auto [index, depth] = pending.back();
    pending.pop_back();
    const std::uint32_t first = nodes_[index].first, count = nodes_[index].count;

    Box bounds, centre_bounds;
    for (std::uint32_t i = first; i < first + count; ++i) {
      bounds.extend(boxes[order_[i]]);
      centre_bounds.extend(centroids[order_[i]]);
    }
    nodes_[index].min = bounds.min;
    nodes_[index].max = bounds.max;
    if (count <= kMinSplit) continue;

    const glm::vec3 extent = centre_bounds.max - centre_bounds.min;
    const int axis = extent.x >= extent.y && extent.x >= extent.z ? 0 : (extent.y >= extent.z ? 1 : 2);
    std::uint32_t middle = first;
    if (extent[axis] > 1e-9f && depth < kMedianDepth) {
      // Binned surface area heuristic along the widest axis of the centroids.
      std::array<Box, kBins> bin_box{};
      std::array<std::uint32_t, kBins> bin_count{};
      const float scale = kBins / extent[axis];
      auto bin_of = [&](std::uint32_t tri) {
        const int b = static_cast<int>((centroids[tri][axis] - centre_bounds.min[axis]) * scale);
        return std::clamp(b, 0, kBins - 1);
      };
      for (std::uint32_t i = first; i < first + count; ++i) {
        const int b = bin_of(order_[i]);
        bin_box[b].extend(boxes[order_[i]]);
        ++bin_count[b];
      }
      std::array<float, kBins> right_cost{};
      Box right;
      std::uint32_t right_n = 0;
      for (int b = kBins - 1; b > 0; --b) {
        right.extend(bin_box[b]);
        right_n += bin_count[b];
        right_cost[b] = right.area() * static_cast<float>(right_n);
      }
      Box left;
      std::uint32_t left_n = 0;
      float best_cost = std::numeric_limits<float>::max();
      int best_split = -1;
      for (int b = 1; b < kBins; ++b) {
        left.extend(bin_box[b - 1]);
        left_n += bin_count[b - 1];
        if (left_n == 0 || left_n == count) continue;
        const float cost = left.area() * static_cast<float>(left_n) + right_cost[b];
        if (cost < best_cost) {
          best_cost = cost;
          best_split = b;
        }
      }
      const float leaf_cost = bounds.area() * static_cast<float>(count);
      if (best_split < 0) {
        middle = first;  // everything in one bin: fall through to a median split
      } else if (count <= kMaxLeaf && kTraversalCost * bounds.area() + best_cost >= leaf_cost) {
        continue;  // cheaper as a leaf
      } else {
        middle = static_cast<std::uint32_t>(
            std::partition(order_.begin() + first, order_.begin() + first + count,
                           [&](std::uint32_t tri) { return bin_of(tri) < best_split; }) -
            order_.begin());
      }
    }
    if (middle == first || middle == first + count) {
      if (count <= kMaxLeaf) continue;
      // Median split by centroid (ties by triangle index, so the result is deterministic).
      middle = first + count / 2;
      std::nth_element(order_.begin() + first, order_.begin() + middle, order_.begin() + first + count,
                       [&](std::uint32_t a, std::uint32_t b) {
                         if (centroids[a][axis] != centroids[b][axis])
                           return centroids[a][axis] < centroids[b][axis];
                         return a < b;
                       });
    }
    const std::uint32_t left_index = static_cast<std::uint32_t>(nodes_.size());
    nodes_.push_back(Node{{}, first, {}, middle - first});
    nodes_.push_back(Node{{}, middle, {}, first + count - middle});
    nodes_[index].first = left_index;
    nodes_[index].count = 0;
    pending.emplace_back(left_index + 1, depth + 1);
    pending.emplace_back(left_index, depth + 1);
  }

  triangles_.resize(n);
  for (std::uint32_t slot = 0; slot < n; ++slot) {
    const std::uint32_t tri = order_[slot];
    const std::size_t first = 3 * std::size_t(tri);
    const glm::vec3& a = positions_[indices_[first]];
    triangles_[slot] = {a, positions_[indices_[first + 1]] - a, positions_[indices_[first + 2]] - a};
  }
}

SurfaceHit SkinSurface::make_hit(std::uint32_t slot, float u, float v, float distance) const {
  SurfaceHit hit;
  hit.triangle = order_[slot];
  hit.barycentric = {1.f - u - v, u, v};
  hit.distance = distance;
  const std::uint32_t* tri = &indices_[3 * static_cast<std::size_t>(hit.triangle)];
  hit.point = hit.barycentric.x * positions_[tri[0]] + hit.barycentric.y * positions_[tri[1]] +
              hit.barycentric.z * positions_[tri[2]];
  glm::vec3 normal = hit.barycentric.x * normals_[tri[0]] + hit.barycentric.y * normals_[tri[1]] +
                     hit.barycentric.z * normals_[tri[2]];
  if (glm::dot(normal, normal) < 1e-12f) normal = glm::cross(triangles_[slot].e1, triangles_[slot].e2);
  hit.normal = safe_normalise(normal);
  return hit;
}

std::optional<SurfaceHit> SkinSurface::intersect(const glm::vec3& origin, const glm::vec3& direction,
                                                 float t_min, float t_max) const {
  if (nodes_.empty()) return std::nullopt;
  const glm::vec3 inv_dir = 1.f / direction;
  float best_t = t_max, best_u = 0.f, best_v = 0.f;
  std::uint32_t best_slot = 0;
  bool found = false;
  std::uint32_t stack[kStackSize];
  int top = 0;
  if (slab(nodes_[0].min, nodes_[0].max, origin, inv_dir, t_min, best_t) ==
      std::numeric_limits<float>::infinity())
    return std::nullopt;
  stack[top++] = 0;
  while (top > 0) {
    const Node& node = nodes_[stack[--top]];
    if (node.count > 0) {
      for (std::uint32_t slot = node.first; slot < node.first + node.count; ++slot) {
        const Triangle& tri = triangles_[slot];
        float t, u, v;
        if (ray_triangle(origin, direction, tri.v0, tri.e1, tri.e2, t, u, v) && t > t_min && t < best_t) {
          best_t = t;
          best_u = u;
          best_v = v;
          best_slot = slot;
          found = true;
        }
      }
      continue;
    }
    const Node& a = nodes_[node.first];
    const Node& b = nodes_[node.first + 1];
    const float ta = slab(a.min, a.max, origin, inv_dir, t_min, best_t);
    const float tb = slab(b.min, b.max, origin, inv_dir, t_min, best_t);
    const std::uint32_t near = ta <= tb ? node.first : node.first + 1;
    const std::uint32_t far = ta <= tb ? node.first + 1 : node.first;
    const float t_near = std::min(ta, tb), t_far = std::max(ta, tb);
    if (t_far != std::numeric_limits<float>::infinity()) stack[top++] = far;
    if (t_near != std::numeric_limits<float>::infinity()) stack[top++] = near;
  }
  if (!found) return std::nullopt;
  return make_hit(best_slot, best_u, best_v, best_t);
}

std::vector<SurfaceHit> SkinSurface::intersect_all(const glm::vec3& origin, const glm::vec3& direction,
                                                   float t_min, float t_max) const {
  std::vector<SurfaceHit> hits;
  if (nodes_.empty()) return hits;
  const glm::vec3 inv_dir = 1.f / direction;
  std::uint32_t stack[kStackSize];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& node = nodes_[stack[--top]];
    if (slab(node.min, node.max, origin, inv_dir, t_min, t_max) == std::numeric_limits<float>::infinity())
      continue;
    if (node.count > 0) {
      for (std::uint32_t slot = node.first; slot < node.first + node.count; ++slot) {
        const Triangle& tri = triangles_[slot];
        float t, u, v;
        if (ray_triangle(origin, direction, tri.v0, tri.e1, tri.e2, t, u, v) && t > t_min && t < t_max)
          hits.push_back(make_hit(slot, u, v, t));
      }
      continue;
    }
    stack[top++] = node.first + 1;
    stack[top++] = node.first;
  }
  std::sort(hits.begin(), hits.end(), [](const SurfaceHit& a, const SurfaceHit& b) {
    return a.distance != b.distance ? a.distance < b.distance : a.triangle < b.triangle;
  });
  return hits;
}

std::optional<SurfaceHit> SkinSurface::closest_point(const glm::vec3& point, float max_distance) const {
  if (nodes_.empty()) return std::nullopt;
  float best_d2 = max_distance < std::sqrt(std::numeric_limits<float>::max())
                      ? max_distance * max_distance
                      : std::numeric_limits<float>::max();
  float best_u = 0.f, best_v = 0.f;
  std::uint32_t best_slot = 0;
  bool found = false;
  struct Entry {
    std::uint32_t node;
    float d2;
  };
  Entry stack[kStackSize];
  int top = 0;
  stack[top++] = {0, box_distance2(nodes_[0].min, nodes_[0].max, point)};
  while (top > 0) {
    const Entry entry = stack[--top];
    if (entry.d2 > best_d2) continue;
    const Node& node = nodes_[entry.node];
    if (node.count > 0) {
      for (std::uint32_t slot = node.first; slot < node.first + node.count; ++slot) {
        const Triangle& tri = triangles_[slot];
        float wb, wc;
        const glm::vec3 q = closest_on_triangle(point, tri.v0, tri.v0 + tri.e1, tri.v0 + tri.e2, wb, wc);
        const glm::vec3 d = q - point;
        const float d2 = glm::dot(d, d);
        if (d2 < best_d2 || (!found && d2 <= best_d2)) {
          best_d2 = d2;
          best_u = wb;
          best_v = wc;
          best_slot = slot;
          found = true;
        }
      }
      continue;
    }
    const Node& a = nodes_[node.first];
    const Node& b = nodes_[node.first + 1];
    const float da = box_distance2(a.min, a.max, point);
    const float db = box_distance2(b.min, b.max, point);
    // Nearer child on top, so it is searched first and prunes the other.
    if (da <= db) {
      if (db <= best_d2) stack[top++] = {node.first + 1, db};
      if (da <= best_d2) stack[top++] = {node.first, da};
    } else {
      if (da <= best_d2) stack[top++] = {node.first, da};
      if (db <= best_d2) stack[top++] = {node.first + 1, db};
    }
  }
  if (!found) return std::nullopt;
  return make_hit(best_slot, best_u, best_v, std::sqrt(best_d2));
}

std::vector<std::uint32_t> SkinSurface::vertices_within(const glm::vec3& point, float radius) const {
  std::vector<std::uint32_t> found;
  if (nodes_.empty() || !(radius > 0.f)) return found;
  const float r2 = radius * radius;
  std::uint32_t stack[kStackSize];
  int top = 0;
  stack[top++] = 0;
  while (top > 0) {
    const Node& node = nodes_[stack[--top]];
    if (box_distance2(node.min, node.max, point) > r2) continue;
    if (node.count == 0) {
      stack[top++] = node.first + 1;
      stack[top++] = node.first;
      continue;
    }
    for (std::uint32_t slot = node.first; slot < node.first + node.count; ++slot)
      for (int k = 0; k < 3; ++k) {
        const std::uint32_t v = indices_[3 * static_cast<std::size_t>(order_[slot]) + k];
        const glm::vec3 d = positions_[v] - point;
        if (glm::dot(d, d) <= r2) found.push_back(v);
      }
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  return found;
}

glm::vec3 SkinSurface::interpolate_direction(const SurfaceHit& hit) const {
  if (directions_.empty() || hit.triangle >= triangle_count()) return glm::vec3(0.f);
  const std::uint32_t* tri = &indices_[3 * static_cast<std::size_t>(hit.triangle)];
  return hit.barycentric.x * directions_[tri[0]] + hit.barycentric.y * directions_[tri[1]] +
         hit.barycentric.z * directions_[tri[2]];
}

scene::Bounds SkinSurface::bounds() const {
  scene::Bounds box;
  if (!nodes_.empty()) {
    box.extend(nodes_[0].min);
    box.extend(nodes_[0].max);
  }
  return box;
}

}  // namespace kneeviz::technique
