// Joint weights for linear blend skinning. The app flexes the knee by rotating skel-shank by
// theta, skel-knee-blend by theta/2 (both about +X through the flexion axis, kFlexionAxisFromKnee)
// and skel-patella by 0.7 theta about +X through kPatellaPivotFromKnee;
// vertices in a band around the knee ramp thigh -> knee-blend -> shank so the skin bends
// smoothly instead of folding. The hip flexes by phi the other way round: the thigh keeps its
// place (so everything the app places on the leg keeps its place too) and skel-pelvis turns by
// +phi, skel-hip-blend by phi/2, about +X at the hip centre: the pelvis tips forward onto the
// thigh, which is the thigh flexing up toward the trunk once the app lays the pelvis level.
// Soft tissue in a band around the hip ramps pelvis -> hip-blend -> thigh.
#pragma once

#include <array>
#include <cstdint>

#include "structures.h"

namespace leggen {

struct JointWeights {
  std::array<uint8_t, 4> joints{0, 0, 0, 0};  // indices into the skin's joint list (Joint order)
  std::array<float, 4> weights{1, 0, 0, 0};   // sum to 1
};

// Extent of the blended band, measured from the knee joint centre along Y, at the front and
// sides; behind the knee it reaches further by the Back values, and further down still by
// kPoplitealBelow except laterally (faded out between kPoplitealLateralX and kPoplitealMedialX,
// so the skin over the fibular head keeps following the shank). The front share (tissue that
// follows the extensor chain) fades out over kFrontFadeZ of depth and kFrontFadeX at the sides.
inline constexpr float kKneeBandAbove = 0.090f;
inline constexpr float kKneeBandBelow = 0.060f;
inline constexpr float kKneeBandBackAbove = 0.020f;
inline constexpr float kKneeBandBackBelow = 0.025f;
inline constexpr float kPoplitealBelow = 0.020f;
inline constexpr float kPoplitealLateralX = -0.050f;
inline constexpr float kPoplitealMedialX = 0.010f;
inline constexpr float kFrontFadeZ = 0.040f;
inline constexpr float kFrontFadeX = 0.060f;

// skel-shank and skel-knee-blend turn about the knee's flexion axis: the centre of the posterior
// femoral condyles' circular arc (bones.cpp gives them that shape), this far from the knee joint
// centre, above it and behind. Turning about the arc's centre keeps the tibial plateau on the
// condyles at every angle; about the knee centre the condyles sank up to 2 cm into the tibia
// (Pinskerova, Freeman et al. place the flexion facet centres so, 1-2 cm above the joint line).
inline constexpr vec3 kFlexionAxisFromKnee{0.0f, 0.0105f, -0.0145f};
// The posterior condyles' sagittal radii about that axis, medial and lateral.
inline constexpr float kMedialCondyleRadius = 0.0225f;
inline constexpr float kLateralCondyleRadius = 0.0195f;

// skel-patella turns by 0.7 of the knee's angle about an axis this far from the knee joint
// centre: chosen (by a search over pivots, 15-120 degrees) so the patella's back stays within
// 4 mm of the trochlea and the condyles (the space the articular cartilage fills) as it rides
// down the groove, and the patellar tendon keeps its length within about 7 %.
inline constexpr vec3 kPatellaPivotFromKnee{0.0f, 0.036f, -0.016f};

// The hip band: soft tissue above the hip centre by kHipBandAbove stays with the pelvis, below it
// by kHipBandBelow it goes with the thigh (the gluteal fold lies about 10 cm below the centre,
// the groin crease about 3 cm), smoothly in between; behind it and toward the midline, kHipBandBackBelow
// further.
inline constexpr float kHipBandAbove = 0.040f;
inline constexpr float kHipBandBelow = 0.140f;
inline constexpr float kHipBandBackBelow = 0.060f;  // further behind the hip and medially
// The thigh's share of soft tissue at `position` (0: the pelvis's, 1: the thigh's).
float hip_band_share(const vec3& position);

JointWeights weights_for(Binding binding, const vec3& position);

// Linear blend skinning bends a straight edge whose ends have different weights: its middle
// strays from the chord by about length x weight change x the difference between the joints'
// transforms, which flips the long thin slivers the simplifier leaves on the flat sides of the
// knee. Splits, at their midpoints, every edge whose length times largest weight change exceeds
// `tolerance` (metres), until none does. The surface is unchanged (midpoints lie on it), so the
// straight leg looks the same.
void refine_for_skinning(TriangleMesh& mesh, Binding binding, float tolerance);

}  // namespace leggen
