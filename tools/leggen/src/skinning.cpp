#include "skinning.h"

#include "leg_frame.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <utility>

namespace leggen {

namespace {

// Heights above the knee centre where the tendons hand over between joints.
constexpr float kQuadricepsTop = 0.108f;
constexpr float kQuadricepsEnd = 0.066f;
constexpr float kPatellarTop = 0.018f;
constexpr float kPatellarEnd = -0.058f;

float smoothStep(float x) {
  const float t = std::clamp(x, 0.0f, 1.0f);
  return t * t * (3.0f - 2.0f * t);
}

JointWeights single(Joint joint) {
  JointWeights w;
  w.joints = {static_cast<uint8_t>(joint), 0, 0, 0};
  w.weights = {1, 0, 0, 0};
  return w;
}

JointWeights pair(Joint a, Joint b, float weightOfB) {
  JointWeights w;
  w.joints = {static_cast<uint8_t>(a), static_cast<uint8_t>(b), 0, 0};
  w.weights = {1.0f - weightOfB, weightOfB, 0, 0};
  return w;
}

// The extensor apparatus: thigh above the quadriceps tendon, thigh to patella along it, the
// patella, patella to shank along the patellar tendon, shank below (the ranges of the two tendon
// bindings).
std::array<float, 4> extensorChain(float y) {
  std::array<float, 4> w{0, 0, 0, 0};
  const float toPatella = smoothStep((kQuadricepsTop - y) / (kQuadricepsTop - kQuadricepsEnd));
  const float toShank = smoothStep((kPatellarTop - y) / (kPatellarTop - kPatellarEnd));
  w[static_cast<int>(Joint::Thigh)] = 1.0f - toPatella;
  w[static_cast<int>(Joint::Patella)] = toPatella * (1.0f - toShank);
  w[static_cast<int>(Joint::Shank)] = toPatella * toShank;
  return w;
}

}  // namespace

JointWeights weightsFor(Binding binding, const vec3& p) {
  const LegFrame& f = legFrame();
  const float y = p.y - f.knee.y;
  switch (binding) {
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
                  smoothStep((kQuadricepsTop - y) / (kQuadricepsTop - kQuadricepsEnd)));
    case Binding::PatellaToShank:
      return pair(Joint::Patella, Joint::Shank,
                  smoothStep((kPatellarTop - y) / (kPatellarTop - kPatellarEnd)));
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
      // crease bends gradually.
      const float back = smoothStep((f.knee.z + 0.010f - p.z) / 0.060f);
      const float below = kKneeBandBelow + kKneeBandBackBelow * back;
      const float above = kKneeBandAbove + kKneeBandBackAbove * back;
      const float u = smoothStep((y + below) / (below + above));
      std::array<float, 4> w{0, 0, 0, 0};
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
      const float front = smoothStep((p.z - f.knee.z - 0.000f) / kFrontFadeZ) *
                          smoothStep((0.075f - std::abs(p.x + 0.002f)) / kFrontFadeX);
      if (front > 0.0f) {
        const std::array<float, 4> chain = extensorChain(y);
        for (int j = 0; j < 4; ++j) w[j] = (1.0f - front) * w[j] + front * chain[j];
      }
      JointWeights out;
      for (int j = 0; j < 4; ++j) {
        out.joints[j] = static_cast<uint8_t>(j);
        out.weights[j] = w[j];
      }
      // Largest first, so readers that keep fewer influences keep the main ones.
      for (int a = 0; a < 4; ++a) {
        for (int b = a + 1; b < 4; ++b) {
          if (out.weights[b] > out.weights[a]) {
            std::swap(out.weights[a], out.weights[b]);
            std::swap(out.joints[a], out.joints[b]);
          }
        }
      }
      float sum = 0.0f;
      for (float v : out.weights) sum += v;
      for (float& v : out.weights) v /= sum;
      for (int j = 0; j < 4; ++j) {
        if (out.weights[j] == 0.0f) out.joints[j] = 0;
      }
      return out;
    }
  }
  return single(Joint::Thigh);
}

}  // namespace leggen
