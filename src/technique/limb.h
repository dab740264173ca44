#pragma once
// The limb's own coordinates in a pose: for each segment (technique.h: thigh, knee, shank) an axis
// between the joint-centre landmarks and directions around it by angle (0 anterior, 90 lateral,
// 180 posterior, 270 medial), following the knee as it flexes; and the posed skin under them.
// This is what lets one stroke description fit any leg model that has the landmarks. No GL.

#include <glm/glm.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scene/model.h"
#include "scene/pose.h"
#include "technique/skin_surface.h"
#include "technique/technique.h"

namespace kneeviz::technique {

enum class Side { right, left };

inline constexpr float kFibreSmoothing = 0.01f;  // m, radius of the fibre average

// Landmarks the frame is built from (empty nodes of the model, docs/leg-model.md).
inline constexpr const char* kLimbLandmarks[] = {
    "hip-joint-centre", "knee-joint-centre", "ankle-joint-centre", "lateral-epicondyle", "medial-epicondyle"};

// A point of the skin found from limb coordinates.
struct SkinPoint {
  glm::vec3 position{0.f};
  glm::vec3 normal{0.f, 0.f, 1.f};  // outward, unit
  float radius = 0.f;               // distance from the segment's axis (metres)
  bool hit = true;                  // false: no ray hit, the closest point stands in
};

// Orthonormal directions of a segment at a position: along (proximal → distal), anterior, lateral.
struct SegmentAxes {
  glm::vec3 along{0.f, -1.f, 0.f};
  glm::vec3 anterior{0.f, 0.f, 1.f};
  glm::vec3 lateral{-1.f, 0.f, 0.f};
};

class LimbFrame {
 public:
  LimbFrame() = default;
  // The frame of `model` in `pose`: landmarks from the posed node transforms, the "skin" mesh
  // skinned into the pose and put in a SkinSurface, and one SkinSurface (with fibre directions) for
  // each mesh named in `fibre_structures` that the model has (others are skipped: fibre_direction()
  // then answers nullopt for them). Throws GeometryError naming the model file when a landmark of
  // kLimbLandmarks or the skin mesh is missing.
  LimbFrame(const scene::Model& model, const scene::Pose& pose,
            const std::vector<std::string>& fibre_structures = {});

  Side side() const { return side_; }
  float knee_flexion_deg() const { return knee_flexion_deg_; }
  // Axis length of a segment in metres (the knee band: a quarter of thigh plus a quarter of shank).
  float segment_length(Segment segment) const;

  // The point of the segment's axis at `position` (0 proximal .. 1 distal; values outside extend
  // the axis). The knee band runs down the thigh axis to the knee centre, then down the shank's.
  glm::vec3 axis_point(Segment segment, float position) const;
  // The segment's directions at `position`. Thigh: fixed to the thigh; shank: turned with the
  // shank; knee band: blended from the thigh's (position 0) to the shank's (1).
  SegmentAxes axes(Segment segment, float position) const;
  // The unit direction around the limb at `angle_deg`, perpendicular to the axis:
  // cos(angle) * anterior + sin(angle) * lateral.
  glm::vec3 around(Segment segment, float position, float angle_deg) const;

  // The skin at limb coordinates: where the ray from the axis point outward at `angle_deg` leaves
  // the skin (the last crossing of a ray cast from outside toward the axis, so other parts of a
  // flexed leg in front of it do not catch it); the closest skin point when the ray finds none.
  SkinPoint surface_point(Segment segment, float position, float angle_deg) const;

  // The fibre direction of `structure` near the skin point (position, normal): at the structure's
  // nearest surface point, averaged with the structure's vertices within kFibreSmoothing of it (the
  // meshes' per-vertex fibres are noisy over bumps such as the epicondyle), posed, projected into
  // the skin's tangent plane, unit, running proximal to distal. nullopt when the structure was not
  // loaded, has no fibres, or lies farther than `max_distance` from the point.
  std::optional<glm::vec3> fibre_direction(std::string_view structure, const glm::vec3& position,
                                           const glm::vec3& normal, float max_distance = 0.05f) const;

  // The inverse of surface_point(): where `point` lies in the segment's coordinates: the position
  // along it (its projection on the axis; outside [0, 1] beyond the ends) and the angle around it
  // in [0, 360).
  struct Coordinates {
    float position = 0.f;
    float angle_deg = 0.f;
  };
  Coordinates coordinates(Segment segment, const glm::vec3& point) const;

  const SkinSurface& skin() const { return *skin_; }
  // A structure's posed surface; nullptr when it was not loaded.
  const SkinSurface* structure(std::string_view id) const;

  // The landmark positions in this pose.
  glm::vec3 hip() const { return hip_; }
  glm::vec3 knee() const { return knee_; }
  glm::vec3 ankle() const { return ankle_; }

 private:
  SegmentAxes thigh_axes_, shank_axes_;
  glm::vec3 hip_{0.f}, knee_{0.f}, ankle_{0.f};
  float thigh_length_ = 1.f, shank_length_ = 1.f;
  Side side_ = Side::right;
  float knee_flexion_deg_ = 0.f;
  std::shared_ptr<const SkinSurface> skin_ = std::make_shared<SkinSurface>();
  std::map<std::string, std::shared_ptr<const SkinSurface>, std::less<>> structures_;
};

}  // namespace kneeviz::technique
