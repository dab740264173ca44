#pragma once
// Fitting a hand to the skin by its whole contact surface. A hand mesh (technique/hand_model.h) is
// placed at a contact point, turned to the mean plane of the skin under its contact surface, then
// moulded to it: each column of the hand (a 1 cm cell of its footprint) is moved along the hand's
// normal so that the contact surface lies on the skin (the palm's arch and the fingers bending
// round a curved limb), pressed in by the stroke's pressure, and every other part is lifted clear
// of the skin. The skin is found by rays cast down through the footprint. No GL.

#include <glm/glm.hpp>
#include <optional>
#include <span>
#include <vector>

#include "scene/model.h"
#include "scene/skin_dent.h"
#include "technique/hand_model.h"
#include "technique/skin_surface.h"

namespace kneeviz::technique {

// Where a hand is put: the contact point and the hand's axes there (+Y off the skin, +Z forward,
// X = Y x Z), all unit and orthogonal.
struct HandFrame {
  glm::vec3 origin{0.f};
  glm::vec3 x{1.f, 0.f, 0.f}, y{0.f, 1.f, 0.f}, z{0.f, 0.f, 1.f};

  // A direction given in the frame's axes, in the room; and a point given in the frame.
  glm::vec3 direction(const glm::vec3& local) const { return x * local.x + y * local.y + z * local.z; }
  glm::vec3 point(const glm::vec3& local) const { return origin + direction(local); }
};

// A hand mesh in its own frame (as make_hand() returns it: contact centre at the origin, lowest
// point at y = 0), with what fitting needs precomputed.
class HandShape {
 public:
  // `mirror` turns a right hand into a left one (x negated, triangles turned back outward). With
  // `arm` (make_hand()'s wrist and forearm end), the forearm turns about the wrist when fitted.
  explicit HandShape(scene::Mesh mesh, bool mirror = false, std::optional<HandArm> arm = std::nullopt);

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
  // The vertices of the forearm's far end (its last 3 cm), which arm_direction() points toward.
  const std::vector<std::uint32_t>& arm_end_vertices() const { return arm_end_; }

  // The wrist joint, when the shape has one: the forearm (vertices from about 1.5 cm before the
  // joint to 2.5 cm past it, blended) turns about it as a wrist flexes, extends and deviates.
  bool has_wrist() const { return has_wrist_; }
  bool mirrored() const { return mirrored_; }  // a left hand: its thumb toward -X
  glm::vec3 wrist() const { return wrist_; }
  // Unit, from the wrist along the forearm's axis to its far end.
  glm::vec3 forearm_axis() const { return forearm_axis_; }
  // How much each vertex goes with the forearm (0 the hand, 1 the forearm); empty without a wrist.
  const std::vector<float>& forearm_weights() const { return forearm_weight_; }
  // A spread of the forearm's vertices (weight 1) that fitting keeps clear of the skin.
  const std::vector<std::uint32_t>& forearm_samples() const { return forearm_samples_; }

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
  std::vector<std::uint32_t> arm_end_;
  bool has_wrist_ = false;
  bool mirrored_ = false;
  glm::vec3 wrist_{0.f};
  glm::vec3 forearm_axis_{0.f, 0.f, -1.f};
  std::vector<float> forearm_weight_;
  std::vector<std::uint32_t> forearm_samples_;
  glm::vec2 grid_origin_{0.f};
  glm::ivec2 grid_size_{0};
  std::vector<float> bottom_;
};

struct FittedHand {
  scene::Mesh mesh;      // in world space, normals recomputed; rigid (no joints)
  HandFrame frame;       // after turning to the skin's mean plane
  scene::SkinDent dent;  // the skin's dent under it (depth 0 when it does not press)
  glm::vec3 wrist{0.f};  // where the wrist joint went (the frame's origin for a shape without one)
  // How far fitting turned the forearm from its rest about the wrist: up off the back of the hand
  // (+, more extension), and its deviation (+ radial, - ulnar).
  float wrist_extension_deg = 0.f;
  float wrist_deviation_deg = 0.f;
};

// The wrist's range in fitting (degrees). The forearm rises off the back of the hand (extension:
// a palm flat on the skin with the forearm rising) up to kWristMoreExtensionDeg past the posture's
// rest and no more than kWristMostExtensionDeg from straight; it goes down toward the palm's side
// (flexion: the forearm below the hand's plane, where the skin falls away under the wrist) up to
// kWristLessExtensionDeg below the rest and no more than kWristMostFlexionDeg past straight; and it
// turns to the thumb's side (radial deviation) or the little finger's (ulnar). Adult ranges from
// straight: extension 70, flexion 80, radial 20, ulnar 30 (AAOS; docs/techniques.md). Flexion is
// kept well inside its range: a hand pressing with a strongly flexed wrist is a strain a teacher
// would correct.
inline constexpr float kWristMoreExtensionDeg = 40.f;
inline constexpr float kWristLessExtensionDeg = 55.f;
inline constexpr float kWristMostExtensionDeg = 70.f;
inline constexpr float kWristMostFlexionDeg = 30.f;
inline constexpr float kWristRadialDeg = 20.f;
inline constexpr float kWristUlnarDeg = 30.f;
// How far the forearm stays off the skin (m) when fitting turns it.
inline constexpr float kForearmClearance = 0.006f;

// Fits `shape` at `frame` onto the highest of `surfaces` under each column (the skin, and for a
// reinforcing hand the working hand too). In contact the contact surface is pressed `press_m`
// below the skin and nothing of the hand is deeper than that; out of contact (`contact` false)
// the hand is `lift_m` above where it would rest, and no part of it is under the skin. The frame
// is turned at most 35 degrees toward the skin's mean plane.
//
// With `arm_toward` (a point in the room: where the therapist's elbow is), a shape with a wrist
// turns its forearm about the wrist to point there, as far as the wrist's range allows, then
// raises it (extends the wrist) in 5 degree steps until the forearm is kForearmClearance off every
// surface, or the range ends. Without it the forearm keeps its rest direction and lies over the
// columns under it like the rest of the hand.
FittedHand fit_hand(const HandShape& shape, const HandFrame& frame,
                    std::span<const SkinSurface* const> surfaces, bool contact, float press_m,
                    float lift_m = 0.f, std::optional<glm::vec3> arm_toward = std::nullopt);

// Every vertex of `mesh` below the plane dot(up, p) = level moved up onto it (`up` unit), normals
// recomputed where any moved: fingertips that meet a table flatten against its padding.
// Returns how far the deepest one was below.
float keep_above(scene::Mesh& mesh, const glm::vec3& up, float level);

// The skin point under `point` along -`up` (cast from 10 cm above), else the closest skin point;
// nullopt for an empty surface.
std::optional<SurfaceHit> skin_below(const SkinSurface& skin, const glm::vec3& point, const glm::vec3& up);

}  // namespace kneeviz::technique
