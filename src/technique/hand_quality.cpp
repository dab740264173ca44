#include "technique/hand_quality.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>

namespace kneeviz::technique {

namespace {
// Signed distance of `point` from the skin: negative under it; nullopt when farther than `reach`.
std::optional<float> signed_distance(const SkinSurface& skin, const glm::vec3& point, float reach) {
  const auto hit = skin.closest_point(point, reach);
  if (!hit) return std::nullopt;
  const float side = glm::dot(point - hit->point, hit->normal);
  return side < 0.f ? -hit->distance : hit->distance;
}
glm::vec3 triangle_normal(const scene::Mesh& mesh, std::size_t first) {
  const glm::vec3& a = mesh.vertices[mesh.indices[first]].position;
  const glm::vec3& b = mesh.vertices[mesh.indices[first + 1]].position;
  const glm::vec3& c = mesh.vertices[mesh.indices[first + 2]].position;
  const glm::vec3 n = glm::cross(b - a, c - a);
  const float length = glm::length(n);
  return length > 1e-12f ? n / length : glm::vec3(0.f);
}
}  // namespace

int folded_edges(const scene::Mesh& rest, const scene::Mesh& posed, float fold_deg,
                 std::vector<glm::vec3>* where) {
  if (rest.indices.size() != posed.indices.size() || rest.vertices.size() != posed.vertices.size()) return 0;
  // Each edge with the triangles on its two sides, found by sorting (vertex pair, triangle).
  struct EdgeSide {
    std::uint64_t edge;
    std::uint32_t triangle;
  };
  std::vector<EdgeSide> sides;
  sides.reserve(rest.indices.size());
  for (std::size_t t = 0; t + 2 < rest.indices.size(); t += 3)
    for (std::size_t e = 0; e < 3; ++e) {
      const std::uint64_t a = rest.indices[t + e], b = rest.indices[t + (e + 1) % 3];
      sides.push_back({std::min(a, b) << 32 | std::max(a, b), std::uint32_t(t)});
    }
  std::sort(sides.begin(), sides.end(), [](const EdgeSide& l, const EdgeSide& r) { return l.edge < r.edge; });
  const float limit = glm::radians(fold_deg);
  const auto angle = [](const glm::vec3& n1, const glm::vec3& n2) {
    return std::acos(std::clamp(glm::dot(n1, n2), -1.f, 1.f));
  };
  int folds = 0;
  for (std::size_t i = 0; i + 1 < sides.size(); ++i) {
    if (sides[i].edge != sides[i + 1].edge) continue;
    const std::size_t t1 = sides[i].triangle, t2 = sides[i + 1].triangle;
    const glm::vec3 r1 = triangle_normal(rest, t1), r2 = triangle_normal(rest, t2);
    const glm::vec3 p1 = triangle_normal(posed, t1), p2 = triangle_normal(posed, t2);
    if (r1 == glm::vec3(0.f) || r2 == glm::vec3(0.f) || p1 == glm::vec3(0.f) || p2 == glm::vec3(0.f))
      continue;
    if (angle(p1, p2) - angle(r1, r2) <= limit) continue;
    ++folds;
    if (where)
      where->push_back(0.5f * (rest.vertices[sides[i].edge >> 32].position +
                               rest.vertices[sides[i].edge & 0xffffffffu].position));
  }
  return folds;
}

HandQuality measure_hands(const TechniqueTimeline& timeline, const TherapistHands& hands, double step,
                          int vertex_stride, const ZoneAt& zone_at) {
  HandQuality quality;
  quality.technique = timeline.technique().id;
  double share_sum = 0.0;
  int share_count = 0;
  const int stride = std::max(vertex_stride, 1);
  for (double t = 0.0; t <= timeline.duration() + 1e-9; t += step) {
    ++quality.samples;
    const HandPose pose = timeline.pose_at(t);
    const SkinSurface& skin = timeline.frame_at(pose.time).skin();
    const PosedHands posed = hands.pose(timeline, t);
    const HandUse use = hands_in_phase(timeline.technique(), pose.phase);
    if ((use == HandUse::side_by_side) && pose.contact && !pose.transition) {
      ++quality.two_hand_samples;
      if (!posed.hands[0].working || !posed.hands[1].working || !posed.hands[1].on_skin)
        ++quality.two_hand_misses;
    }
    bool on_zone = false;
    for (const PosedHand& hand : posed.hands) {
      quality.max_press_m = std::max(quality.max_press_m, hand.press_m);
      const auto& vertices = hand.mesh.vertices;
      const bool firm = hand.on_skin && hand.pressure > kLightPressure + 1e-6f;
      for (std::size_t i = 0; i < vertices.size(); i += std::size_t(stride)) {
        if (firm && zone_at && !on_zone) {
          if (const auto hit = skin.closest_point(vertices[i].position, 0.005f)) {
            const std::string zone = zone_at(timeline.frame_at(pose.time), hit->point);
            if (!zone.empty()) {
              on_zone = true;
              ++quality.zone_samples;
              if (quality.zone_example.empty()) {
                char at[32];
                std::snprintf(at, sizeof at, "%.2f s", t);
                quality.zone_example = hand.name + " on " + zone + " at " + at;
              }
            }
          }
        }
        const auto d = signed_distance(skin, vertices[i].position, 0.02f);
        if (!d || *d >= 0.f) continue;
        quality.max_depth_m = std::max(quality.max_depth_m, -*d);
        if (-*d - hand.press_m > quality.max_excess_m) {
          quality.max_excess_m = -*d - hand.press_m;
          quality.worst_time = t;
          quality.worst_hand = hand.name;
        }
      }
      if (hand.shape) {
        const int folds = folded_edges(hand.shape->mesh(), hand.mesh);
        if (folds > quality.max_folds) {
          quality.max_folds = folds;
          quality.folds_time = t;
          quality.folds_hand = hand.name;
        }
      }
      if (!hand.on_skin || !hand.shape) continue;
      // Deeper than asked is counted by max_excess_m above.
      const float on = contact_share(hand, skin);
      if (on < quality.min_contact_share) {
        quality.min_contact_share = on;
        quality.min_share_time = t;
        quality.min_share_hand = hand.name;
      }
      share_sum += on;
      ++share_count;
      if (on < kContactShareGoal) ++quality.low_share_samples;
    }
  }
  quality.share_samples = share_count;
  quality.mean_contact_share = share_count ? float(share_sum / share_count) : 0.f;
  if (!share_count) quality.min_contact_share = 0.f;
  return quality;
}

}  // namespace kneeviz::technique
