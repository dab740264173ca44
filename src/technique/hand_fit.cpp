#include "technique/hand_fit.h"

#include <meshoptimizer.h>

#include <algorithm>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <limits>

namespace kneeviz::technique {

namespace {

constexpr float kContactBand = 0.004f;  // m above the lowest point that still belongs to the contact surface
constexpr float kCastHeight = 0.25f;    // rays start this far above the hand's plane...
constexpr float kCastBelow = 0.25f;     // ...and look this far below it
constexpr float kConformReach = 0.05f;  // the most a column bends toward the skin (m)
constexpr float kMaxTiltDeg = 35.f;
constexpr float kNoPart = 1.f;      // column bottom where the hand has no part
constexpr float kShell = 0.012f;    // m: the part of each column checked against the skin vertex by vertex
constexpr float kPadGive = 0.006f;  // m of soft pad that flattens on the skin under contact
constexpr float kRampSlope = 1.f;   // how steeply a lifted column raises its neighbours (m per m)
constexpr float kDropSlope = 2.f;   // how steeply a column may fall below its neighbours (m per m)
constexpr float kKeptShare = 0.4f;  // of the hand's triangles kept for fitting and drawing
constexpr float kSimplifyError = 0.002f;     // relative to the hand's size (about 0.8 mm)
constexpr float kWristBlendBefore = 0.015f;  // m before the wrist joint the forearm's turn begins...
constexpr float kWristBlendAfter = 0.025f;   // ...and past it, where it is whole
constexpr std::uint32_t kForearmSampleStride = 8;
constexpr float kOffTheHand = 0.07f;  // m from the wrist past which a forearm clears a hand it rests on
// m: the farthest a forearm sample looks for the skin. One deeper inside than this has a shallower
// neighbour nearer the wrist (which lies on the skin) that is seen.
constexpr float kArmReach = 0.04f;
constexpr float kQueryClearance = 0.025f;  // m above the skin below beyond which no vertex is checked

float smoothstep(float edge0, float edge1, float x) {
  const float t = std::clamp((x - edge0) / (edge1 - edge0), 0.f, 1.f);
  return t * t * (3.f - 2.f * t);
}

struct Heights {
  std::vector<float> values;  // per grid node, NaN where no surface lies under it
};

Heights cast_heights(const HandShape& shape, const HandFrame& frame,
                     std::span<const SkinSurface* const> surfaces) {
  const glm::ivec2 n = shape.grid_size();
  Heights heights;
  heights.values.assign(std::size_t(n.x) * n.y, std::numeric_limits<float>::quiet_NaN());
  for (int k = 0; k < n.y; ++k)
    for (int i = 0; i < n.x; ++i) {
      if (shape.column_bottom(i, k) >= kNoPart) continue;  // nothing of the hand above: no need to know
      const glm::vec2 at = shape.grid_origin() + glm::vec2(i, k) * HandShape::kCell;
      const glm::vec3 start = frame.origin + frame.x * at.x + frame.z * at.y + frame.y * kCastHeight;
      float nearest = std::numeric_limits<float>::max();
      for (const SkinSurface* surface : surfaces) {
        if (!surface || surface->empty()) continue;
        if (const auto hit = surface->intersect(start, -frame.y, 0.f, kCastHeight + kCastBelow)) {
          // A ray that first leaves the surface started inside it: the whole column is covered.
          const bool leaving = glm::dot(hit->normal, -frame.y) > 0.f;
          nearest = std::min(nearest, leaving ? 0.f : hit->distance);
        }
      }
      if (nearest < std::numeric_limits<float>::max())
        heights.values[std::size_t(k) * n.x + i] = kCastHeight - nearest;
    }
  return heights;
}

// Turns the frame toward the plane that fits the heights under the contact surface, and moves its
// origin onto that plane.
HandFrame level_frame(const HandShape& shape, const HandFrame& frame, const Heights& heights) {
  const glm::ivec2 n = shape.grid_size();
  glm::dmat3 a(0.0);
  glm::dvec3 b(0.0);
  int count = 0;
  for (int k = 0; k < n.y; ++k)
    for (int i = 0; i < n.x; ++i) {
      const float h = heights.values[std::size_t(k) * n.x + i];
      if (std::isnan(h) || shape.column_bottom(i, k) > 0.008f) continue;
      const glm::dvec2 at = glm::dvec2(shape.grid_origin()) + glm::dvec2(i, k) * double(HandShape::kCell);
      const glm::dvec3 row(at.x, at.y, 1.0);
      a += glm::outerProduct(row, row);
      b += row * double(h);
      ++count;
    }
  if (count < 6 || std::abs(glm::determinant(a)) < 1e-12) return frame;
  const glm::dvec3 plane = glm::inverse(a) * b;  // h = p.x * x + p.y * z + p.z
  glm::vec3 y = glm::normalize(frame.y - float(plane.x) * frame.x - float(plane.y) * frame.z);
  // A small contact (fingertips, a thumb) tells little about the skin's slope under the rest.
  const float max_tilt = count >= 40 ? kMaxTiltDeg : kMaxTiltDeg * float(count) / 40.f;
  const float max_cos = std::cos(glm::radians(max_tilt));
  if (glm::dot(y, frame.y) < max_cos) {
    const glm::vec3 side = glm::normalize(y - frame.y * glm::dot(y, frame.y));
    y = frame.y * max_cos + side * std::sqrt(1.f - max_cos * max_cos);
  }
  HandFrame levelled;
  levelled.origin = frame.origin + frame.y * float(plane.z);
  levelled.y = y;
  levelled.z = glm::normalize(frame.z - y * glm::dot(frame.z, y));
  levelled.x = glm::cross(y, levelled.z);
  return levelled;
}

float bilinear(const std::vector<float>& grid, glm::ivec2 n, glm::vec2 cell) {
  const glm::vec2 c = glm::clamp(cell, glm::vec2(0.f), glm::vec2(n - 1) - 1e-4f);
  const int i = int(c.x), k = int(c.y);
  const float fx = c.x - float(i), fz = c.y - float(k);
  const auto at = [&](int di, int dk) { return grid[std::size_t(k + dk) * n.x + (i + di)]; };
  return (at(0, 0) * (1.f - fx) + at(1, 0) * fx) * (1.f - fz) + (at(0, 1) * (1.f - fx) + at(1, 1) * fx) * fz;
}

void recompute_normals(scene::Mesh& mesh) {
  for (scene::Vertex& v : mesh.vertices) v.normal = glm::vec3(0.f);
  for (std::size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
    scene::Vertex& a = mesh.vertices[mesh.indices[t]];
    scene::Vertex& b = mesh.vertices[mesh.indices[t + 1]];
    scene::Vertex& c = mesh.vertices[mesh.indices[t + 2]];
    const glm::vec3 n = glm::cross(b.position - a.position, c.position - a.position);  // area-weighted
    a.normal += n;
    b.normal += n;
    c.normal += n;
  }
  for (scene::Vertex& v : mesh.vertices) {
    const float length = glm::length(v.normal);
    v.normal = length > 1e-12f ? v.normal / length : glm::vec3(0.f, 1.f, 0.f);
  }
}

}  // namespace

namespace {

// The hand with about `share` of its triangles where that moves its surface by well under a
// millimetre: the marching cubes' flat stretches of forearm and palm need few. Fitting and drawing
// it each frame cost in proportion.
void simplify(scene::Mesh& mesh, float share) {
  if (mesh.indices.size() < 3) return;
  std::vector<unsigned int> indices(mesh.indices.size());
  const std::size_t triangles = mesh.indices.size() / 3;
  const std::size_t target = std::size_t(float(triangles) * share) * 3;
  const std::size_t kept =
      meshopt_simplify(indices.data(), mesh.indices.data(), mesh.indices.size(), &mesh.vertices[0].position.x,
                       mesh.vertices.size(), sizeof(scene::Vertex), target, kSimplifyError, 0, nullptr);
  indices.resize(kept);
  std::vector<scene::Vertex> vertices(mesh.vertices.size());
  const std::size_t used =
      meshopt_optimizeVertexFetch(vertices.data(), indices.data(), indices.size(), mesh.vertices.data(),
                                  mesh.vertices.size(), sizeof(scene::Vertex));
  vertices.resize(used);
  mesh.vertices = std::move(vertices);
  mesh.indices.assign(indices.begin(), indices.end());
}

}  // namespace

HandShape::HandShape(scene::Mesh mesh, bool mirror, std::optional<HandArm> arm)
    : mesh_(std::move(mesh)), mirrored_(mirror) {
  simplify(mesh_, kKeptShare);
  if (mirror) {
    for (scene::Vertex& v : mesh_.vertices) {
      v.position.x = -v.position.x;
      v.normal.x = -v.normal.x;
    }
    for (std::size_t t = 0; t + 2 < mesh_.indices.size(); t += 3)
      std::swap(mesh_.indices[t + 1], mesh_.indices[t + 2]);
    if (arm) {
      arm->wrist.x = -arm->wrist.x;
      arm->forearm_end.x = -arm->forearm_end.x;
    }
  }
  if (mesh_.vertices.empty()) return;
  glm::vec3 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
  for (const scene::Vertex& v : mesh_.vertices) {
    lo = glm::min(lo, v.position);
    hi = glm::max(hi, v.position);
  }
  glm::vec3 far_end(0.f);
  for (std::uint32_t i = 0; i < mesh_.vertices.size(); ++i)
    if (mesh_.vertices[i].position.z < lo.z + 0.03f) {
      far_end += mesh_.vertices[i].position;
      arm_end_.push_back(i);
    }
  if (!arm_end_.empty() && glm::length(far_end) > 0.f)
    arm_ = glm::normalize(far_end / float(arm_end_.size()));
  if (arm && glm::distance(arm->forearm_end, arm->wrist) > 0.05f) {
    has_wrist_ = true;
    wrist_ = arm->wrist;
    forearm_axis_ = glm::normalize(arm->forearm_end - arm->wrist);
    forearm_weight_.resize(mesh_.vertices.size());
    for (std::size_t i = 0; i < mesh_.vertices.size(); ++i)
      forearm_weight_[i] = smoothstep(-kWristBlendBefore, kWristBlendAfter,
                                      glm::dot(mesh_.vertices[i].position - wrist_, forearm_axis_));
    // About one forearm vertex in eight, the far end's included: enough that no part of the
    // forearm wider than a couple of centimetres passes into the skin unseen.
    for (std::uint32_t i = 0, kept = 0; i < mesh_.vertices.size(); ++i)
      if (forearm_weight_[i] >= 1.f && kept++ % kForearmSampleStride == 0) forearm_samples_.push_back(i);
  }
  grid_origin_ = glm::vec2(lo.x, lo.z) - kCell;
  grid_size_ = glm::ivec2(glm::ceil((glm::vec2(hi.x, hi.z) - grid_origin_) / kCell)) + 2;
  bottom_.assign(std::size_t(grid_size_.x) * grid_size_.y, kNoPart);
  // Each vertex counts for the four nodes of its cell, so every vertex is covered by its corners.
  for (const scene::Vertex& v : mesh_.vertices) {
    const glm::vec2 cell = (glm::vec2(v.position.x, v.position.z) - grid_origin_) / kCell;
    const int i = int(cell.x), k = int(cell.y);
    for (int dk = 0; dk <= 1; ++dk)
      for (int di = 0; di <= 1; ++di) {
        float& bottom = bottom_[std::size_t(k + dk) * grid_size_.x + (i + di)];
        bottom = std::min(bottom, v.position.y);
      }
  }
  // The contact surface, and each vertex's share of its area (a third of each triangle around it).
  std::vector<float> area(mesh_.vertices.size(), 0.f);
  for (std::size_t t = 0; t + 2 < mesh_.indices.size(); t += 3) {
    const glm::vec3& a = mesh_.vertices[mesh_.indices[t]].position;
    const glm::vec3& b = mesh_.vertices[mesh_.indices[t + 1]].position;
    const glm::vec3& c = mesh_.vertices[mesh_.indices[t + 2]].position;
    const float third = glm::length(glm::cross(b - a, c - a)) / 6.f;
    for (int j = 0; j < 3; ++j) area[mesh_.indices[t + j]] += third;
  }
  float total = 0.f;
  glm::vec2 clo(std::numeric_limits<float>::max()), chi(std::numeric_limits<float>::lowest());
  for (std::uint32_t i = 0; i < mesh_.vertices.size(); ++i) {
    const scene::Vertex& v = mesh_.vertices[i];
    if (v.position.y - lo.y > kContactBand || v.normal.y > -0.3f) continue;
    contact_.push_back(i);
    contact_weight_.push_back(area[i]);
    total += area[i];
    clo = glm::min(clo, glm::vec2(v.position.x, v.position.z));
    chi = glm::max(chi, glm::vec2(v.position.x, v.position.z));
  }
  for (float& w : contact_weight_) w = total > 0.f ? w / total : 0.f;
  if (!contact_.empty()) contact_half_ = glm::max((chi - clo) * 0.5f, glm::vec2(0.008f));
  // The lower shell: what lies near the skin once the hand rests on it.
  for (std::uint32_t i = 0; i < mesh_.vertices.size(); ++i) {
    const glm::vec3& p = mesh_.vertices[i].position;
    const glm::vec2 cell = (glm::vec2(p.x, p.z) - grid_origin_) / kCell;
    if (p.y - bilinear(bottom_, grid_size_, cell) <= kShell) shell_.push_back(i);
  }
}

namespace {

// A direction in the hand's frame from its turn off the hand's long axis (about +Y, toward +X
// from -Z) and its rise off the hand's plane, radians.
glm::vec3 from_angles(float yaw, float pitch) {
  return {std::sin(yaw) * std::cos(pitch), std::sin(pitch), -std::cos(yaw) * std::cos(pitch)};
}

// The least rotation taking unit `from` onto unit `to`.
glm::mat3 rotation_between(const glm::vec3& from, const glm::vec3& to) {
  const glm::vec3 axis = glm::cross(from, to);
  const float sine = glm::length(axis), cosine = glm::dot(from, to);
  if (sine < 1e-6f) return glm::mat3(1.f);
  const float angle = std::atan2(sine, cosine);
  return glm::mat3(glm::rotate(glm::mat4(1.f), angle, axis / sine));
}

// Makes the columns' moves a surface the hand can follow without folding over itself. A column
// with no part of the hand over it, or no skin under it (where the hand overhangs the limb), takes
// the mean move of its neighbours, spreading outward from the columns that saw skin: left at 0, the
// hand's outline and overhanging fingers were pulled back to the frame's plane between neighbours
// bent centimetres toward the skin, and sheared into a sawtooth (the heel of a hand over the
// gluteal fold). Then no column lies more than kDropSlope per metre below a neighbour: columns are
// only raised, never pushed toward the skin, so a fall steeper than that (a fist or fingers over a
// limb's edge) lifts off the skin instead of shearing the part above it into folds.
void settle_columns(const HandShape& shape, const Heights& heights, std::vector<float>& move) {
  const glm::ivec2 n = shape.grid_size();
  const auto index = [&](int i, int k) { return std::size_t(k) * n.x + i; };
  const auto inside = [&](int i, int k) { return i >= 0 && k >= 0 && i < n.x && k < n.y; };
  std::vector<char> known(move.size(), 0);
  for (int k = 0; k < n.y; ++k)
    for (int i = 0; i < n.x; ++i)
      known[index(i, k)] = shape.column_bottom(i, k) < kNoPart && !std::isnan(heights.values[index(i, k)]);
  for (bool grew = true; grew;) {
    grew = false;
    std::vector<char> next = known;
    for (int k = 0; k < n.y; ++k)
      for (int i = 0; i < n.x; ++i) {
        if (known[index(i, k)]) continue;
        float sum = 0.f;
        int count = 0;
        for (int dk = -1; dk <= 1; ++dk)
          for (int di = -1; di <= 1; ++di)
            if (inside(i + di, k + dk) && known[index(i + di, k + dk)]) {
              sum += move[index(i + di, k + dk)];
              ++count;
            }
        if (count == 0) continue;
        move[index(i, k)] = sum / float(count);
        next[index(i, k)] = 1;
        grew = true;
      }
    known = std::move(next);
  }
  // Raised in sweeps until settled: a fall is carried at most a few cells, as far as a hand's
  // columns can fall steeply in a row, so a few sweeps do it.
  for (int sweep = 0; sweep < 4; ++sweep)
    for (int k = 0; k < n.y; ++k)
      for (int i = 0; i < n.x; ++i)
        for (int dk = -1; dk <= 1; ++dk)
          for (int di = -1; di <= 1; ++di) {
            if ((di == 0 && dk == 0) || !inside(i + di, k + dk)) continue;
            const float apart = HandShape::kCell * std::sqrt(float(di * di + dk * dk));
            move[index(i, k)] = std::max(move[index(i, k)], move[index(i + di, k + dk)] - kDropSlope * apart);
          }
}

struct WristTurn {
  glm::mat3 turn{1.f};  // in the hand's frame, about the wrist
  float extension_deg = 0.f, deviation_deg = 0.f;
  bool clear = false;  // every forearm sample at least kForearmClearance off the surfaces
};

// How the forearm of `shape`, its wrist at `wrist` in the room and its hand placed by `f`, turns
// to point toward `toward` within the wrist's range, raised until it clears `surfaces`.
WristTurn aim_forearm(const HandShape& shape, const HandFrame& f, const glm::vec3& wrist,
                      const glm::vec3& toward, std::span<const SkinSurface* const> surfaces) {
  const glm::vec3 rest = shape.forearm_axis();
  const float rest_yaw = std::atan2(rest.x, -rest.z);
  const float rest_pitch = std::asin(std::clamp(rest.y, -1.f, 1.f));
  glm::vec3 want = toward - wrist;
  if (glm::length(want) < 1e-4f) return {};
  want = glm::normalize(want);
  const glm::vec3 local{glm::dot(want, f.x), glm::dot(want, f.y), glm::dot(want, f.z)};
  // The forearm's far end turning toward the thumb's side (+X for a right hand) is radial deviation.
  const float thumb_side = shape.mirrored() ? -1.f : 1.f;
  const float radial = std::clamp(
      thumb_side * std::remainder(std::atan2(local.x, -local.z) - rest_yaw, 2.f * glm::pi<float>()),
      -glm::radians(kWristUlnarDeg), glm::radians(kWristRadialDeg));
  const float yaw = rest_yaw + thumb_side * radial;
  const float lowest =
      std::max(rest_pitch - glm::radians(kWristLessExtensionDeg), -glm::radians(kWristMostFlexionDeg));
  const float highest = std::max(
      std::min(rest_pitch + glm::radians(kWristMoreExtensionDeg), glm::radians(kWristMostExtensionDeg)),
      rest_pitch);
  const float wanted_pitch = std::clamp(std::asin(std::clamp(local.y, -1.f, 1.f)), lowest, highest);

  const auto turn_at = [&](float pitch) { return rotation_between(rest, from_angles(yaw, pitch)); };
  // How far the forearm turned by `turn` stays off the surfaces at its nearest sample, less
  // kForearmClearance (negative: too near, or inside), stopping at the first sample below
  // `enough`. Against the skin (the first surface) the whole forearm; against a hand this one rests
  // on, only beyond kOffTheHand from the wrist, whose own part lies on that hand.
  const auto margin = [&](const glm::mat3& turn, float enough) {
    float least = kArmReach;
    for (const std::uint32_t i : shape.forearm_samples()) {
      const glm::vec3 from_wrist = shape.mesh().vertices[i].position - shape.wrist();
      const glm::vec3 local_p = turn * from_wrist;
      const glm::vec3 p = wrist + f.direction(local_p);
      for (std::size_t s = 0; s < surfaces.size(); ++s) {
        const SkinSurface* surface = surfaces[s];
        if (!surface || surface->empty() || (s > 0 && glm::length(from_wrist) < kOffTheHand)) continue;
        const auto hit = surface->closest_point(p, kArmReach);
        if (!hit) continue;
        least = std::min(least, glm::dot(p - hit->point, hit->normal) - kForearmClearance);
        if (least < enough) return least;
      }
    }
    return least;
  };
  const auto clear = [&](float pitch) { return margin(turn_at(pitch), 0.f) >= 0.f; };
  // The least raise (in 5 degree steps) that clears, found by halving: a forearm clear at one
  // rise is clear at any higher one over a limb below it. Where none does (a forearm hemmed in by
  // the other one), the step that keeps it furthest off.
  const float step = glm::radians(5.f);
  const int steps = std::max(0, int(std::ceil((highest - wanted_pitch) / step)));
  const auto pitch_at = [&](int raise) { return std::min(wanted_pitch + float(raise) * step, highest); };
  int raise = 0;
  bool cleared = true;
  if (!clear(pitch_at(0))) {
    if (clear(pitch_at(steps))) {
      int low = 0;
      raise = steps;
      while (raise - low > 1) {
        const int mid = (low + raise) / 2;
        (clear(pitch_at(mid)) ? raise : low) = mid;
      }
    } else {
      cleared = false;
      float best = -std::numeric_limits<float>::max();
      for (int r = 0; r <= steps; ++r) {
        const float here = margin(turn_at(pitch_at(r)), -std::numeric_limits<float>::max());
        if (here > best) {
          best = here;
          raise = r;
        }
      }
    }
  }
  const float pitch = pitch_at(raise);
  WristTurn result;
  result.turn = turn_at(pitch);
  result.extension_deg = glm::degrees(pitch - rest_pitch);
  result.deviation_deg = glm::degrees(radial);
  result.clear = cleared;
  return result;
}

}  // namespace

FittedHand fit_hand(const HandShape& shape, const HandFrame& frame,
                    std::span<const SkinSurface* const> surfaces, bool contact, float press_m, float lift_m,
                    std::optional<glm::vec3> arm_toward) {
  FittedHand fitted;
  fitted.frame = frame;
  fitted.mesh = shape.mesh();
  const glm::ivec2 n = shape.grid_size();
  if (fitted.mesh.vertices.empty()) return fitted;

  Heights heights = cast_heights(shape, frame, surfaces);
  fitted.frame = level_frame(shape, frame, heights);
  heights = cast_heights(shape, fitted.frame, surfaces);

  // How far each column moves along the hand's normal: its contact part onto the skin (the less,
  // the higher it stands above the hand's lowest point), and in any case clear of the skin.
  std::vector<float> move(heights.values.size(), 0.f);
  for (int k = 0; k < n.y; ++k)
    for (int i = 0; i < n.x; ++i) {
      const std::size_t at = std::size_t(k) * n.x + i;
      const float h = heights.values[at];
      const float bottom = shape.column_bottom(i, k);
      if (std::isnan(h) || bottom >= kNoPart) continue;
      const float bend = 1.f - smoothstep(0.008f, 0.03f, bottom);
      move[at] = std::max(bend * std::clamp(h, -kConformReach, kConformReach), h - bottom);
    }

  // A single column lifted far above all its neighbours (its ray met something high: the buttock
  // beyond a flexed hip, the raised fingers of the hand underneath) would pull its vertices into a
  // thin spike: it rises at most kRampSlope per cm above its highest neighbour, and the vertex
  // check below keeps what is then near that surface out of it.
  {
    const std::vector<float> fitted_move = move;
    for (int k = 0; k < n.y; ++k)
      for (int i = 0; i < n.x; ++i) {
        if (shape.column_bottom(i, k) >= kNoPart) continue;
        float highest = -1e9f;
        for (int dk = -1; dk <= 1; ++dk)
          for (int di = -1; di <= 1; ++di) {
            const int ni = i + di, nk = k + dk;
            if ((di == 0 && dk == 0) || ni < 0 || nk < 0 || ni >= n.x || nk >= n.y) continue;
            if (shape.column_bottom(ni, nk) >= kNoPart) continue;
            highest = std::max(highest, fitted_move[std::size_t(nk) * n.x + ni]);
          }
        if (highest > -1e9f)
          move[std::size_t(k) * n.x + i] =
              std::min(fitted_move[std::size_t(k) * n.x + i], highest + kRampSlope * HandShape::kCell);
      }
  }

  settle_columns(shape, heights, move);

  const float offset = contact ? -std::max(press_m, 0.f) : std::max(lift_m, 0.f);
  std::vector<float> column_bottoms(move.size());
  for (int k = 0; k < n.y; ++k)
    for (int i = 0; i < n.x; ++i)
      column_bottoms[std::size_t(k) * n.x + i] = std::min(shape.column_bottom(i, k), 0.05f);
  const HandFrame& f = fitted.frame;
  // The wrist goes where the columns put the hand around it; the forearm beyond it turns about it.
  fitted.wrist = f.origin;
  const bool turns = shape.has_wrist() && arm_toward.has_value();
  WristTurn wrist_turn;
  if (shape.has_wrist()) {
    const glm::vec3 w = shape.wrist();
    const glm::vec2 cell = (glm::vec2(w.x, w.z) - shape.grid_origin()) / HandShape::kCell;
    fitted.wrist = f.point({w.x, w.y + bilinear(move, n, cell) + offset, w.z});
    if (turns) {
      wrist_turn = aim_forearm(shape, f, fitted.wrist, *arm_toward, surfaces);
      fitted.wrist_extension_deg = wrist_turn.extension_deg;
      fitted.wrist_deviation_deg = wrist_turn.deviation_deg;
    }
  }
  std::vector<float> clearance(fitted.mesh.vertices.size(), 0.f);  // height above the skin below
  for (std::size_t i = 0; i < fitted.mesh.vertices.size(); ++i) {
    scene::Vertex& v = fitted.mesh.vertices[i];
    const glm::vec2 cell = (glm::vec2(v.position.x, v.position.z) - shape.grid_origin()) / HandShape::kCell;
    float y = v.position.y;
    if (contact) {
      // The pads flatten on the skin: the lowest few millimetres of each column give way.
      const float bottom = bilinear(column_bottoms, n, cell);
      const float above = y - bottom;
      if (above >= 0.f && above < kPadGive) y = bottom + above * above / kPadGive;
    }
    y += bilinear(move, n, cell) + offset;
    const float below = bilinear(heights.values, n, cell);  // NaN where a corner saw no skin
    clearance[i] = std::isnan(below) ? 0.f : y - below;
    const glm::vec3 on_columns = f.point({v.position.x, y, v.position.z});
    const float arm_share = turns ? shape.forearm_weights()[i] : 0.f;
    if (arm_share > 0.f) {
      // Turned with the forearm: no column under its rest place says anything about where it is.
      const glm::vec3 turned = wrist_turn.turn * (v.position - shape.wrist());
      v.position = glm::mix(on_columns, fitted.wrist + f.direction(turned), arm_share);
      // Checked vertex by vertex below unless it is all forearm, beyond kOffTheHand of the wrist,
      // and the forearm's samples all stand clear (the costliest step of a fit, for the vertices
      // a forearm has). Nearer the wrist the forearm passes over the bumps the hand lies beside
      // (a kneecap, a tibial tuberosity) closer than the samples are apart: one there was 5 mm
      // under the skin while every sample stood 6 mm clear of it.
      clearance[i] = arm_share >= 1.f && wrist_turn.clear &&
                             glm::distance(shape.mesh().vertices[i].position, shape.wrist()) > kOffTheHand
                         ? std::numeric_limits<float>::max()
                         : 0.f;
    } else {
      v.position = on_columns;
    }
  }
  // Between the 1 cm columns a steeply curving limb can rise a few millimetres above the
  // interpolated heights, and the rays see nothing of a surface that faces sideways (the foot
  // beside a forearm): every vertex that went deeper than its press is pushed back out along the
  // skin's normal.
  // A hand in the air was lifted clear by its columns; only what is still under the skin is pushed
  // back to it (pushed to the lift's height along the skin's normals, its finger pads folded).
  const float deepest = contact ? std::max(press_m, 0.f) : 0.f;
  // Only what is near the skin below it, by the column heights, is worth a query (the costliest
  // step of a fit): the rest stands well clear.
  // The first surface (the skin) is the last to push, so nothing ends up under it.
  for (std::size_t i = 0; i < fitted.mesh.vertices.size(); ++i) {
    glm::vec3& p = fitted.mesh.vertices[i].position;
    if (clearance[i] > kQueryClearance) continue;
    // NOLINTNEXTLINE(modernize-loop-convert): std::views::reverse is beyond clang 14 with libstdc++ 12
    for (auto it = surfaces.rbegin(); it != surfaces.rend(); ++it) {
      const SkinSurface* surface = *it;
      if (!surface || surface->empty()) continue;
      const auto hit = surface->closest_point(p, kShell);
      if (!hit) continue;
      const float side = glm::dot(p - hit->point, hit->normal) < 0.f ? -hit->distance : hit->distance;
      if (side < -deepest) p += hit->normal * (-deepest - side);
    }
  }
  recompute_normals(fitted.mesh);

  const glm::vec2 middle = -shape.grid_origin() / HandShape::kCell;
  float skin_height = 0.f;
  {
    const glm::vec2 c = glm::round(middle);
    const std::size_t at = std::size_t(c.y) * n.x + std::size_t(c.x);
    if (at < heights.values.size() && !std::isnan(heights.values[at])) skin_height = heights.values[at];
  }
  fitted.dent.centre = f.origin + f.y * skin_height;
  fitted.dent.normal = f.y;
  fitted.dent.across = f.x;
  fitted.dent.along = f.z;
  fitted.dent.half_size = shape.contact_half_size();
  fitted.dent.depth = contact ? std::max(press_m, 0.f) : 0.f;
  return fitted;
}

float keep_above(scene::Mesh& mesh, const glm::vec3& up, float level) {
  float deepest = 0.f;
  for (scene::Vertex& v : mesh.vertices) {
    const float below = level - glm::dot(up, v.position);
    if (below <= 0.f) continue;
    v.position += up * below;
    deepest = std::max(deepest, below);
  }
  if (deepest > 0.f) recompute_normals(mesh);
  return deepest;
}

std::optional<SurfaceHit> skin_below(const SkinSurface& skin, const glm::vec3& point, const glm::vec3& up) {
  if (skin.empty()) return std::nullopt;
  if (auto hit = skin.intersect(point + up * 0.1f, -up, 0.f, 0.2f)) return hit;
  return skin.closest_point(point);
}

}  // namespace kneeviz::technique
