#pragma once
// The skin's answer to a pressing hand: a smooth dent under the contact surface, as deep as the
// hand presses, and a small drag of the skin along with the hand. Applied after skinning, to the
// skin only: on the GPU by shaders/mesh.vert, on the CPU by apply_dents() (export, measurements).
// The two must agree; tests/scene/test_skin_dent.cpp holds the CPU side to its profile.

#include <glm/glm.hpp>
#include <vector>

namespace kneeviz::scene {

struct SkinDent {
  glm::vec3 centre{0.f};              // on the undented skin, under the middle of the contact
  glm::vec3 normal{0.f, 1.f, 0.f};    // the skin's outward normal there, unit
  glm::vec3 across{1.f, 0.f, 0.f};    // unit, in the tangent plane, across the hand
  glm::vec3 along{0.f, 0.f, 1.f};     // unit, in the tangent plane, along the hand (fingers)
  glm::vec2 half_size{0.04f, 0.06f};  // half extents of the contact surface, across and along (m)
  float depth = 0.f;                  // how far the middle is pressed in (m)
  glm::vec3 shift{0.f};               // tangential drag of the skin at the middle (m)
};

// The renderer passes at most this many dents to a frame (two hands, each one contact).
inline constexpr int kMaxSkinDents = 4;

// 1 under the middle of the contact (out to 80 % of its half extents), falling smoothly to 0 at
// 140 %; only on the near side (fades out 2 to 5 cm below the skin's plane, and above 3 cm).
float dent_weight(const SkinDent& dent, const glm::vec3& point);

// The point moved by every dent (in order, at most kMaxSkinDents of them).
glm::vec3 apply_dents(const glm::vec3& point, const std::vector<SkinDent>& dents);

}  // namespace kneeviz::scene
