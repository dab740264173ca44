#include "technique/limb.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace kneeviz::technique {

namespace {

constexpr float kKneeBandShare = 0.25f;   // technique.h: the knee band reaches a quarter of each segment
constexpr float kMaxRayLength = 1.f;      // metres: far beyond any limb radius
constexpr float kFallbackRadius = 0.08f;  // where to look for the closest skin point without a hit

glm::vec3 unit(const glm::vec3& v, const glm::vec3& fallback) {
  const float length = glm::length(v);
  return length > 1e-9f ? v / length : fallback;
}

SegmentAxes make_axes(const glm::vec3& along_raw, const glm::vec3& lateral_raw, Side side) {
  SegmentAxes axes;
  axes.along = unit(along_raw, {0.f, -1.f, 0.f});
  axes.lateral = unit(lateral_raw - axes.along * glm::dot(lateral_raw, axes.along),
                      {side == Side::right ? -1.f : 1.f, 0.f, 0.f});
  // Right-handed axes: for a right leg lateral × distal points anterior, for a left leg the reverse.
  axes.anterior =
      side == Side::right ? glm::cross(axes.lateral, axes.along) : glm::cross(axes.along, axes.lateral);
  return axes;
}

}  // namespace

LimbFrame::LimbFrame(const scene::Model& model, const scene::Pose& pose,
                     const std::vector<std::string>& fibre_structures)
    : knee_flexion_deg_(pose.knee_flexion_deg) {
  int nodes[std::size(kLimbLandmarks)];
  for (std::size_t i = 0; i < std::size(kLimbLandmarks); ++i) {
    nodes[i] = model.find_node(kLimbLandmarks[i]);
    if (nodes[i] < 0)
      throw GeometryError(model.source + ": the model has no landmark '" + kLimbLandmarks[i] +
                          "' (an empty node of that name), which technique strokes need");
  }
  const std::vector<glm::mat4> bind = model.global_transforms();
  const scene::PosedModel leg(model, pose);
  const std::vector<glm::mat4>& posed = leg.globals();
  auto position_of = [&](int node) { return glm::vec3(posed[node][3]); };
  hip_ = position_of(nodes[0]);
  knee_ = position_of(nodes[1]);
  ankle_ = position_of(nodes[2]);
  thigh_length_ = std::max(glm::length(knee_ - hip_), 1e-4f);
  shank_length_ = std::max(glm::length(ankle_ - knee_), 1e-4f);

  // Lateral from the epicondyles in the bind pose; each segment turns it with the joint that
  // carries its landmarks (the epicondyles' parent for the thigh, the ankle's for the shank).
  const glm::vec3 lateral_bind = glm::vec3(bind[nodes[3]][3]) - glm::vec3(bind[nodes[4]][3]);
  // glTF axes: +X is the subject's left, so a lateral side toward -X is a right leg.
  side_ = lateral_bind.x <= 0.f ? Side::right : Side::left;
  auto turn_of = [&](int landmark) {
    const int parent = model.nodes[landmark].parent;
    if (parent < 0) return glm::mat3(1.f);
    return glm::mat3(posed[parent] * glm::inverse(bind[parent]));
  };
  thigh_axes_ = make_axes(knee_ - hip_, turn_of(nodes[3]) * lateral_bind, side_);
  shank_axes_ = make_axes(ankle_ - knee_, turn_of(nodes[2]) * lateral_bind, side_);

  const scene::Mesh* skin = nullptr;
  for (const scene::Mesh& mesh : model.meshes)
    if (mesh.name == "skin") skin = &mesh;
  if (!skin) throw GeometryError(model.source + ": the model has no mesh named 'skin'");
  skin_ = std::make_shared<SkinSurface>(SkinSurface::from_mesh(*skin, posed, leg.skinning()));
  for (const std::string& id : fibre_structures) {
    if (id.empty() || structures_.count(id)) continue;
    for (const scene::Mesh& mesh : model.meshes)
      if (mesh.name == id) {
        structures_.emplace(
            id, std::make_shared<SkinSurface>(SkinSurface::from_mesh(mesh, posed, leg.skinning())));
        break;
      }
  }
}

float LimbFrame::segment_length(Segment segment) const {
  switch (segment) {
    case Segment::thigh:
      return thigh_length_;
    case Segment::shank:
      return shank_length_;
    case Segment::knee:
      break;
  }
  return kKneeBandShare * (thigh_length_ + shank_length_);
}

glm::vec3 LimbFrame::axis_point(Segment segment, float position) const {
  switch (segment) {
    case Segment::thigh:
      return hip_ + position * (knee_ - hip_);
    case Segment::shank:
      return knee_ + position * (ankle_ - knee_);
    case Segment::knee:
      break;
  }
  const float above = kKneeBandShare * thigh_length_;
  const float s = position * segment_length(Segment::knee);
  return s <= above ? knee_ - thigh_axes_.along * (above - s) : knee_ + shank_axes_.along * (s - above);
}

LimbFrame::Coordinates LimbFrame::coordinates(Segment segment, const glm::vec3& point) const {
  // The position whose cross-section holds the point: the axis offset along the segment's
  // direction changes sign there (the knee band bends, so it is searched rather than solved).
  const auto offset = [&](float t) {
    return glm::dot(point - axis_point(segment, t), axes(segment, t).along);
  };
  float lo = -1.f, hi = 2.f;
  for (int i = 0; i < 40; ++i) {
    const float mid = 0.5f * (lo + hi);
    (offset(mid) > 0.f ? lo : hi) = mid;
  }
  Coordinates c;
  c.position = 0.5f * (lo + hi);
  const SegmentAxes a = axes(segment, c.position);
  const glm::vec3 r = point - axis_point(segment, c.position);
  float angle = glm::degrees(std::atan2(glm::dot(r, a.lateral), glm::dot(r, a.anterior)));
  if (angle < 0.f) angle += 360.f;
  c.angle_deg = angle;
  return c;
}

SegmentAxes LimbFrame::axes(Segment segment, float position) const {
  switch (segment) {
    case Segment::thigh:
      return thigh_axes_;
    case Segment::shank:
      return shank_axes_;
    case Segment::knee:
      break;
  }
  const float w = std::clamp(position, 0.f, 1.f);
  return make_axes(glm::mix(thigh_axes_.along, shank_axes_.along, w),
                   glm::mix(thigh_axes_.lateral, shank_axes_.lateral, w), side_);
}

glm::vec3 LimbFrame::around(Segment segment, float position, float angle_deg) const {
  const SegmentAxes a = axes(segment, position);
  const float angle = glm::radians(angle_deg);
  return std::cos(angle) * a.anterior + std::sin(angle) * a.lateral;
}

SkinPoint LimbFrame::surface_point(Segment segment, float position, float angle_deg) const {
  const glm::vec3 origin = axis_point(segment, position);
  const glm::vec3 direction = around(segment, position, angle_deg);
  SkinPoint result;
  if (const std::optional<SurfaceHit> hit = skin_->intersect(origin, direction, 0.f, kMaxRayLength)) {
    result.position = hit->point;
    result.normal = hit->normal;
    result.radius = hit->distance;
    return result;
  }
  result.hit = false;
  if (const std::optional<SurfaceHit> near = skin_->closest_point(origin + direction * kFallbackRadius)) {
    result.position = near->point;
    result.normal = near->normal;
    const glm::vec3 along = axes(segment, position).along;
    const glm::vec3 off = near->point - origin;
    result.radius = glm::length(off - along * glm::dot(off, along));
  } else {
    result.position = origin;
    result.normal = direction;
  }
  return result;
}

const SkinSurface* LimbFrame::structure(std::string_view id) const {
  const auto found = structures_.find(id);
  return found == structures_.end() ? nullptr : found->second.get();
}

std::optional<glm::vec3> LimbFrame::fibre_direction(std::string_view id, const glm::vec3& position,
                                                    const glm::vec3& normal, float max_distance) const {
  const SkinSurface* surface = structure(id);
  if (!surface || !surface->has_directions()) return std::nullopt;
  const std::optional<SurfaceHit> near = surface->closest_point(position, max_distance);
  if (!near) return std::nullopt;
  const glm::vec3 nearest = surface->interpolate_direction(*near);
  glm::vec3 fibre = nearest;
  for (std::uint32_t v : surface->vertices_within(near->point, kFibreSmoothing)) {
    const glm::vec3& f = surface->directions()[v];
    const float d = glm::length(surface->positions()[v] - near->point) / kFibreSmoothing;
    const float weight = 1.f - d * d;
    fibre += (glm::dot(f, nearest) < 0.f ? -weight : weight) * f;
  }
  const glm::vec3 tangent = fibre - normal * glm::dot(fibre, normal);
  const float length = glm::length(tangent);
  if (length < 1e-6f) return std::nullopt;
  return tangent / length;
}

}  // namespace kneeviz::technique
