#pragma once
// Fitting a hand to the skin by its whole contact surface. A hand mesh (technique/hand_model.h) is
// placed at a contact point, turned to the mean plane of the skin under its contact surface, then
// moulded to it: each column of the hand (a 1 cm cell of its footprint) is moved along the hand's
// normal so that the contact surface lies on the skin (the palm's arch and the fingers bending
// round a curved limb), pressed in by the stroke's pressure, and every other part is lifted clear
// of the skin. The skin is found by rays cast down through the footprint. No GL.

#include <glm/glm.hpp>
#include <span>
#include <vector>

#include "scene/model.h"
#include "scene/skin_dent.h"
#include "technique/skin_surface.h"

namespace kneeviz::technique {

// Where a hand is put: the contact point and the hand's axes there (+Y off the skin, +Z forward,
// X = Y x Z), all unit and orthogonal.
struct HandFrame {
  glm::vec3 origin{0.f};
  glm::vec3 x{1.f, 0.f, 0.f}, y{0.f, 1.f, 0.f}, z{0.f, 0.f, 1.f};
};

// A hand mesh in its own frame (as make_hand() returns it: contact centre at the origin, lowest
// point at y = 0), with what fitting needs precomputed.
class HandShape {
 public:
  // `mirror` turns a right hand into a left one (x negated, triangles turned back outward).
  explicit HandShape(scene::Mesh mesh, bool mirror = false);

  const scene::Mesh& mesh() const { return mesh_; }
  // Vertices of the contact surface: within 4 mm of the lowest point and facing the skin.
  const std::vector<std::uint32_t>& contact_vertices() const { return contact_; }
  // The share of the contact surface's area each contact vertex stands for (sums to 1).
  const std::vector<float>& contact_weights() const { return contact_weight_; }
  // Vertices of the lower shell: within 12 mm of their column's lowest point (what lies on or near
  // the skin when the hand rests on it: the contact surface and the sides of palm and fingers).
  const std::vector<std::uint32_t>& shell_vertices() const { return shell_; }
  // Half extents of the contact surface across (x) and along (z), metres.
  glm::vec2 contact_half_size() const { return contact_half_; }
  // Unit, from the contact centre toward the forearm's far end (its last 3 cm): the way the arm
  // goes, rising off the skin by the wrist's extension.
  glm::vec3 arm_direction() const { return arm_; }

  // The footprint grid: node (i, k) at origin + (i, k) * cell in the hand's (x, z); column bottom
  // is the lowest y of the mesh near it (large where the hand has no part).
  glm::vec2 grid_origin() const { return grid_origin_; }
  glm::ivec2 grid_size() const { return grid_size_; }
  static constexpr float kCell = 0.01f;
  float column_bottom(int i, int k) const { return bottom_[std::size_t(k) * grid_size_.x + i]; }

 private:
  scene::Mesh mesh_;
  std::vector<std::uint32_t> contact_;
  std::vector<float> contact_weight_;
  std::vector<std::uint32_t> shell_;
  glm::vec2 contact_half_{0.f};
  glm::vec3 arm_{0.f, 0.f, -1.f};
  glm::vec2 grid_origin_{0.f};
  glm::ivec2 grid_size_{0};
  std::vector<float> bottom_;
};

struct FittedHand {
  scene::Mesh mesh;      // in world space, normals recomputed; rigid (no joints)
  HandFrame frame;       // after turning to the skin's mean plane
  scene::SkinDent dent;  // the skin's dent under it (depth 0 when it does not press)
};

// Fits `shape` at `frame` onto the highest of `surfaces` under each column (the skin, and for a
// reinforcing hand the working hand too). In contact the contact surface is pressed `press_m`
// below the skin and nothing of the hand is deeper than that; out of contact (`contact` false)
// the hand is `lift_m` above where it would rest, and no part of it is under the skin. The frame
// is turned at most 35 degrees toward the skin's mean plane.
FittedHand fit_hand(const HandShape& shape, const HandFrame& frame,
                    std::span<const SkinSurface* const> surfaces, bool contact, float press_m,
                    float lift_m = 0.f);

// Every vertex of `mesh` below the plane dot(up, p) = level moved up onto it (`up` unit), normals
// recomputed where any moved: fingertips that meet a table flatten against its padding.
// Returns how far the deepest one was below.
float keep_above(scene::Mesh& mesh, const glm::vec3& up, float level);

// The skin point under `point` along -`up` (cast from 10 cm above), else the closest skin point;
// nullopt for an empty surface.
std::optional<SurfaceHit> skin_below(const SkinSurface& skin, const glm::vec3& point, const glm::vec3& up);

}  // namespace kneeviz::technique
