// Signed distance fields for anatomical shapes: swept elliptical tubes along spline centre lines,
// ellipsoids, half-spaces, and smooth boolean operators. Negative inside, positive outside.
// The fields are close to, but not exactly, Euclidean distances; the mesher relies only on their
// sign, on their zero set and on a Lipschitz bound of about 1.5.
#pragma once

#include <glm/glm.hpp>
#include <memory>
#include <vector>

namespace leggen {

using glm::vec3;

// Axis-aligned box that contains the negative region of a field.
struct Bounds {
  vec3 lo{1e9f};
  vec3 hi{-1e9f};

  void include(const vec3& p, float pad);
  void include(const Bounds& other);
  Bounds expanded(float pad) const;
  // Distance from p to the box (0 inside); a lower bound of a field's value outside it.
  float distance_to(const vec3& p) const;
};

class Sdf {
 public:
  virtual ~Sdf() = default;
  virtual float distance(const vec3& p) const = 0;
  virtual Bounds bounds() const = 0;
  // Unit muscle-fibre direction near p (proximal to distal), or zero where the shape has none.
  virtual vec3 fibre_direction(const vec3& p) const;
};

using SdfPtr = std::shared_ptr<const Sdf>;

// Numerical gradient by central differences (not normalised).
vec3 gradient(const Sdf& field, const vec3& p, float step);

// One control point of a swept tube: centre, half-extents of its elliptical cross-section, and
// the direction of the `depth` half-extent (projected off the centre line's tangent; the `width`
// half-extent lies across both). A zero depth_axis means "use the sweep's default".
struct SweepKey {
  vec3 centre;
  float width;
  float depth;
  vec3 depth_axis{0.0f};
};

// Tube along a Catmull-Rom spline through the keys, cross-sections interpolated along it, with
// rounded ellipsoidal end caps. Its fibre direction is the spline tangent.
SdfPtr make_sweep(const std::vector<SweepKey>& keys, const vec3& default_depth_axis,
                  int samples_per_span = 16);

// Ellipsoid with semi-axes radii.x along axis_x, radii.y along axis_y, radii.z along their cross.
SdfPtr make_ellipsoid(const vec3& centre, const vec3& radii, const vec3& axis_x = {1, 0, 0},
                      const vec3& axis_y = {0, 1, 0});
SdfPtr make_sphere(const vec3& centre, float radius);
// Half-space of points p with dot(p - point, outward_normal) < 0.
SdfPtr make_half_space(const vec3& point, const vec3& outward_normal);
// The half-spaces below and above height y (where a muscle is cut across into tendon).
SdfPtr make_below(float y);
SdfPtr make_above(float y);

SdfPtr smooth_union(std::vector<SdfPtr> parts, float blend);
// The same with a blend that varies with position, never more than max_blend (the skin blends
// less over the bony landmarks a therapist palpates). A blend changing by b over a distance d adds
// at most b / (4 d) to the field's Lipschitz bound.
SdfPtr smooth_union_varying(std::vector<SdfPtr> parts, float (*blend_at)(const vec3&), float max_blend);
SdfPtr smooth_subtract(SdfPtr base, SdfPtr cutter, float blend);
SdfPtr smooth_intersect(SdfPtr base, SdfPtr limiter, float blend);
// The same shape with its muscle fibres turned to run one way below a height, where they do not
// follow the shape's centre lines (the VMO's run obliquely across the lower end of vastus
// medialis): wholly `direction` below `full_below_y`, the shape's own above `none_above_y`, blended
// between. `direction` is made unit.
SdfPtr with_fibres_below(SdfPtr base, const vec3& direction, float full_below_y, float none_above_y);
// Grows (positive) or shrinks the shape by a thickness that may vary with position.
SdfPtr offset(SdfPtr base, float thickness);
SdfPtr offset_varying(SdfPtr base, float (*thickness_at)(const vec3&), float max_thickness);

// Thin shell following another shape: the points between offset - half_thickness and
// offset + half_thickness outside it (how a fascial band hugs the muscles beneath it).
SdfPtr make_shell(SdfPtr base, float offset, float half_thickness);

// Muscles packed side by side so they fill a compartment without gaps: the envelope is the smooth
// union of `core` (the compartment's filler) and the members; each member's cell is the part of
// the envelope nearer to it than to any other member (by field value, so the bisectors favour the
// bigger bellies), grown by `overlap`, edges rounded by `edge_blend`, and limited to `reach`
// around the member's own shape (so it still narrows to its tendons). The cells keep `inset`
// inside the envelope (the deep fat and fascia under the skin, which the envelope's skin does
// not see) and out of `solid` (the bones), with edges rounded by `solid_blend` there. `grow`
// (metres, one a member, or empty) moves a member's borders with its neighbours outwards (or
// inwards, negative) without changing the envelope: how each muscle is given its adult volume.
struct PackedGroup {
  SdfPtr core;
  std::vector<SdfPtr> members;
  float envelope_blend = 0.02f;
  float overlap = 0.0015f;
  float edge_blend = 0.004f;
  float reach = 0.035f;
  float inset = 0.0f;
  SdfPtr solid;
  float solid_blend = 0.002f;
  std::vector<float> grow;
};
SdfPtr make_packed_cell(std::shared_ptr<const PackedGroup> group, size_t index);
SdfPtr make_packed_envelope(std::shared_ptr<const PackedGroup> group);

// Polynomial smooth minimum / maximum (Quilez), exact min/max when blend is 0.
float smooth_min(float a, float b, float blend);
float smooth_max(float a, float b, float blend);

}  // namespace leggen
