#include "skinning.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "leg_frame.h"

namespace leggen {

namespace {

// Heights above the knee centre where the tendons hand over between joints.
constexpr float kQuadricepsTop = 0.108f;
constexpr float kQuadricepsEnd = 0.066f;
constexpr float kPatellarTop = 0.018f;
constexpr float kPatellarEnd = -0.038f;

float smooth_step(float x) {
  const float t = std::clamp(x, 0.0f, 1.0f);
  return t * t * (3.0f - 2.0f * t);
}

using Dense = std::array<float, kJointCount>;  // every joint's weight, by joint index

Dense single(Joint joint) {
  Dense w{};
  w[static_cast<int>(joint)] = 1.0f;
  return w;
}

Dense pair(Joint a, Joint b, float weight_of_b) {
  Dense w{};
  w[static_cast<int>(a)] = 1.0f - weight_of_b;
  w[static_cast<int>(b)] = weight_of_b;
  return w;
}

// The hip: the thigh's share of soft tissue near the hip rises from 0 above the hip centre to 1
// in the upper thigh (hip_band_share), so the groin and the buttock bend as the hip flexes. Like
// the knee's, the band runs pelvis -> hip blend (half the angle) -> thigh, which keeps its volume.
// Soft tissue only: the femur turns whole with the thigh, the hip bone stays with the pelvis.
Dense with_hip_band(Dense w, const vec3& p) {
  const float thigh = w[static_cast<int>(Joint::Thigh)];
  if (thigh == 0.0f) return w;
  const float u = hip_band_share(p);
  w[static_cast<int>(Joint::Thigh)] = 0.0f;
  if (u >= 0.5f) {
    w[static_cast<int>(Joint::HipBlend)] += thigh * (2.0f - 2.0f * u);
    w[static_cast<int>(Joint::Thigh)] += thigh * (2.0f * u - 1.0f);
  } else {
    w[static_cast<int>(Joint::Pelvis)] += thigh * (1.0f - 2.0f * u);
    w[static_cast<int>(Joint::HipBlend)] += thigh * (2.0f * u);
  }
  return w;
}

// The four largest weights, largest first (readers that keep fewer influences keep the main
// ones), summing to 1; unused slots point at joint 0 with weight 0.
JointWeights packed(const Dense& dense) {
  std::array<int, kJointCount> order{};
  for (int j = 0; j < kJointCount; ++j) order[j] = j;
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return dense[a] > dense[b]; });
  JointWeights out;
  float sum = 0.0f;
  for (int k = 0; k < 4; ++k) sum += dense[order[k]];
  for (int k = 0; k < 4; ++k) {
    const float weight = dense[order[k]] / sum;
    out.joints[k] = weight == 0.0f ? 0 : static_cast<uint8_t>(order[k]);
    out.weights[k] = weight;
  }
  return out;
}

// The extensor apparatus: thigh above the quadriceps tendon, thigh to patella along it, the
// patella, patella to shank along the patellar tendon, shank below (the ranges of the two tendon
// bindings).
std::array<float, 4> extensor_chain(float y) {
  std::array<float, 4> w{0, 0, 0, 0};
  const float to_patella = smooth_step((kQuadricepsTop - y) / (kQuadricepsTop - kQuadricepsEnd));
  const float to_shank = smooth_step((kPatellarTop - y) / (kPatellarTop - kPatellarEnd));
  w[static_cast<int>(Joint::Thigh)] = 1.0f - to_patella;
  w[static_cast<int>(Joint::Patella)] = to_patella * (1.0f - to_shank);
  w[static_cast<int>(Joint::Shank)] = to_patella * to_shank;
  return w;
}

// Every joint's weight (zero where it has no influence), by joint index, as written to the GLB.
Dense dense_weights(Binding binding, const vec3& p) {
  const JointWeights w = weights_for(binding, p);
  Dense dense{};
  for (int k = 0; k < 4; ++k) dense[w.joints[k]] += w.weights[k];
  return dense;
}

Dense knee_weights(Binding binding, const vec3& p);

}  // namespace

float hip_band_share(const vec3& p) {
  const LegFrame& f = leg_frame();
  // Behind the hip and toward the midline the band reaches further down: the buttock and the
  // inner groin stay more with the pelvis, so the ischial tuberosity and the pubis stay under
  // them as the thigh swings forward.
  const float back = smooth_step((f.hip.z - 0.020f - p.z) / 0.060f);
  const float medial = smooth_step((p.x - f.hip.x - 0.040f) / 0.040f);
  const float below = kHipBandBelow + kHipBandBackBelow * std::max(back, medial);
  return smooth_step((f.hip.y + kHipBandAbove - p.y) / (kHipBandAbove + below));
}

JointWeights weights_for(Binding binding, const vec3& p) {
  switch (binding) {
    case Binding::Femur:
      return packed(single(Joint::Thigh));
    case Binding::Pelvis:
      return packed(single(Joint::Pelvis));
    default:
      return packed(with_hip_band(knee_weights(binding, p), p));
  }
}

namespace {

// The weights of the first edition, the knee's: thigh, shank, knee blend and patella.
Dense knee_weights(Binding binding, const vec3& p) {
  const LegFrame& f = leg_frame();
  const float y = p.y - f.knee.y;
  switch (binding) {
    case Binding::Femur:
    case Binding::Pelvis:
    case Binding::Thigh:
      return single(Joint::Thigh);
    case Binding::Shank:
      return single(Joint::Shank);
    case Binding::Patella:
      return single(Joint::Patella);
    case Binding::ThighToPatella:
      // Tendon top (about 11 cm above the knee centre) rides with the thigh, its end with the
      // patella's base.
      return pair(Joint::Thigh, Joint::Patella,
                  smooth_step((kQuadricepsTop - y) / (kQuadricepsTop - kQuadricepsEnd)));
    case Binding::PatellaToShank:
      return pair(Joint::Patella, Joint::Shank,
                  smooth_step((kPatellarTop - y) / (kPatellarTop - kPatellarEnd)));
    case Binding::KneeBand: {
      // Soft tissue: a band that ramps shank -> knee-blend -> thigh along the limb axis. Behind
      // the knee the band is wider, so the popliteal crease bends gradually and keeps its
      // volume instead of folding.
      // Every weight varies slowly: where two joints' transforms differ by d, a weight changing
      // over a distance L shears the surface by about d / L, and triangles flip once that nears 1.
      // The band is therefore wide and smooth, and shifted up behind and at the sides, so that
      // the skin over the fibular head and the tibial condyles (4-6 cm below the joint line)
      // already follows the shank as the bones beneath it do, while the skin behind the femoral
      // condyles stays mostly with the thigh. Behind the knee it is widest, so the popliteal
      // crease bends gradually: tissue a distance r behind the knee axis, where the rotation
      // share changes by da over dy, is pushed up into the tissue above it by r da/dy and folds
      // once that nears 1 (at 120 degrees, with r about 6 cm, the band needs over 20 cm). Above
      // the knee it cannot grow much (the back of the thigh would swing forward into the femur),
      // so it reaches further down the calf instead, except laterally, where the skin over the
      // fibular head must follow the shank.
      const float back = smooth_step((f.knee.z + 0.010f - p.z) / 0.060f);
      const float popliteal =
          back * smooth_step((p.x - kPoplitealLateralX) / (kPoplitealMedialX - kPoplitealLateralX));
      const float below = kKneeBandBelow + kKneeBandBackBelow * back + kPoplitealBelow * popliteal;
      const float above = kKneeBandAbove + kKneeBandBackAbove * back;
      const float along = y - kFlexionAxisFromKnee.y;  // from the flexion axis, the band's middle
      const float u = smooth_step((along + below) / (below + above));
      Dense w{};
      if (u >= 0.5f) {
        w[static_cast<int>(Joint::KneeBlend)] = 2.0f - 2.0f * u;
        w[static_cast<int>(Joint::Thigh)] = 2.0f * u - 1.0f;
      } else {
        w[static_cast<int>(Joint::Shank)] = 1.0f - 2.0f * u;
        w[static_cast<int>(Joint::KneeBlend)] = 2.0f * u;
      }
      // In front of the knee, tissue follows the extensor chain exactly as the tendons do
      // (thigh, quadriceps tendon, patella, patellar tendon, shank), so the patella and the
      // tendons stay under the skin as the patella rides round the condyles. The front share
      // fades out slowly over the sides of the knee.
      const float front = smooth_step((p.z - f.knee.z - 0.000f) / kFrontFadeZ) *
                          smooth_step((0.075f - std::abs(p.x + 0.002f)) / kFrontFadeX);
      if (front > 0.0f) {
        const std::array<float, 4> chain = extensor_chain(y);
        for (int j = 0; j < 4; ++j) w[j] = (1.0f - front) * w[j] + front * chain[j];
      }
      return w;
    }
  }
  return single(Joint::Thigh);
}

}  // namespace

void refine_for_skinning(TriangleMesh& mesh, Binding binding, float tolerance) {
  std::vector<Dense> weights;
  weights.reserve(mesh.positions.size());
  for (const vec3& p : mesh.positions) weights.push_back(dense_weights(binding, p));
  auto bend = [&](uint32_t a, uint32_t b) {
    float change = 0.0f;
    for (int j = 0; j < kJointCount; ++j) change = std::max(change, std::abs(weights[a][j] - weights[b][j]));
    return glm::distance(mesh.positions[a], mesh.positions[b]) * change;
  };
  auto key = [](uint32_t a, uint32_t b) { return (static_cast<uint64_t>(a) << 32) | b; };
  for (;;) {
    // Each round splits the worst edges first, each triangle at most once; the order is fixed by
    // the vertex indices, so the result is deterministic.
    std::unordered_map<uint64_t, uint32_t> face_of_edge;  // directed edge -> its triangle
    std::vector<std::tuple<float, uint32_t, uint32_t>> candidates;
    for (uint32_t t = 0; size_t{t} * 3 < mesh.indices.size(); ++t) {
      for (int k = 0; k < 3; ++k) {
        const uint32_t a = mesh.indices[3 * t + k], b = mesh.indices[3 * t + (k + 1) % 3];
        face_of_edge[key(a, b)] = t;
        if (a < b && bend(a, b) > tolerance) candidates.emplace_back(bend(a, b), a, b);
      }
    }
    if (candidates.empty()) return;
    std::sort(candidates.begin(), candidates.end(), [](const auto& x, const auto& y) {
      return std::make_tuple(-std::get<0>(x), std::get<1>(x), std::get<2>(x)) <
             std::make_tuple(-std::get<0>(y), std::get<1>(y), std::get<2>(y));
    });
    std::vector<bool> split(mesh.indices.size() / 3, false);
    for (const auto& [worst, a, b] : candidates) {
      const uint32_t left = face_of_edge.at(key(a, b)), right = face_of_edge.at(key(b, a));
      if (split[left] || split[right]) continue;
      split[left] = split[right] = true;
      const auto middle = static_cast<uint32_t>(mesh.positions.size());
      const vec3 p = 0.5f * (mesh.positions[a] + mesh.positions[b]);
      mesh.positions.push_back(p);
      mesh.normals.push_back(glm::normalize(mesh.normals[a] + mesh.normals[b]));
      weights.push_back(dense_weights(binding, p));
      // Triangle (from, to, apex) becomes (from, middle, apex) and (middle, to, apex).
      for (const auto& [face, from, to] : {std::tuple{left, a, b}, std::tuple{right, b, a}}) {
        uint32_t* corner = &mesh.indices[3 * size_t{face}];
        int k = 0;
        while (corner[k] != from || corner[(k + 1) % 3] != to) ++k;
        const uint32_t apex = corner[(k + 2) % 3];
        corner[(k + 1) % 3] = middle;
        mesh.indices.insert(mesh.indices.end(), {middle, to, apex});
      }
    }
  }
}

}  // namespace leggen
