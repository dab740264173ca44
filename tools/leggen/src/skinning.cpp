#include "skinning.h"

#include "leg_frame.h"

#include <algorithm>

namespace leggen {

namespace {

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
      return pair(Joint::Thigh, Joint::Patella, smoothStep((0.108f - y) / (0.108f - 0.066f)));
    case Binding::PatellaToShank:
      return pair(Joint::Patella, Joint::Shank, smoothStep((0.018f - y) / (0.018f + 0.058f)));
    case Binding::KneeBand: {
      // u runs 0 at the bottom of the band to 1 at its top; the knee-blend joint peaks midway.
      const float u = smoothStep((y + kKneeBandBelow) / (kKneeBandBelow + kKneeBandAbove));
      JointWeights band = u >= 0.5f ? pair(Joint::KneeBlend, Joint::Thigh, 2.0f * u - 1.0f)
                                    : pair(Joint::Shank, Joint::KneeBlend, 2.0f * u);
      // Tissue in front of the patella follows it, so the patella never pokes through the skin
      // as it rides round the condyles.
      const vec3 patellaCentre = f.atKnee(-0.002f, 0.040f, 0.045f);
      const float across = glm::length(glm::vec2(p.x - patellaCentre.x, p.y - patellaCentre.y));
      const float patella = 0.85f * smoothStep(1.0f - across / 0.055f) *
                            smoothStep((p.z - f.knee.z - 0.015f) / 0.02f);
      if (patella <= 0.0f) return band;
      band.weights[0] *= 1.0f - patella;
      band.weights[1] *= 1.0f - patella;
      band.joints[2] = static_cast<uint8_t>(Joint::Patella);
      band.weights[2] = patella;
      return band;
    }
  }
  return single(Joint::Thigh);
}

}  // namespace leggen
