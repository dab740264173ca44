// Joint weights for linear blend skinning. The app flexes the knee by rotating skel-shank by
// theta, skel-knee-blend by theta/2 and skel-patella by 0.7 theta about +X at the knee centre;
// vertices in a band around the knee ramp thigh -> knee-blend -> shank so the skin bends
// smoothly instead of folding.
#pragma once

#include "structures.h"

#include <array>
#include <cstdint>

namespace leggen {

struct JointWeights {
  std::array<uint8_t, 4> joints{0, 0, 0, 0};  // indices into the skin's joint list (Joint order)
  std::array<float, 4> weights{1, 0, 0, 0};   // sum to 1
};

// Extent of the blended band, measured from the knee joint centre along Y.
inline constexpr float kKneeBandAbove = 0.075f;
inline constexpr float kKneeBandBelow = 0.095f;

JointWeights weightsFor(Binding binding, const vec3& position);

}  // namespace leggen
