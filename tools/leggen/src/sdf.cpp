#include "sdf.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace leggen {

namespace {

constexpr float kFar = 1e6f;
// Distance within which fields are evaluated exactly rather than bounded by their box.
constexpr float kExactReach = 0.06f;
// How much worse than the best a sweep segment's distance bound may be and still be evaluated
// (the ellipse estimate is not exactly Euclidean).
constexpr float kSegmentSlack = 0.004f;

vec3 safe_normalize(const vec3& v, const vec3& fallback) {
  const float length = glm::length(v);
  return length > 1e-12f ? v / length : fallback;
}

// Any unit vector perpendicular to a unit vector.
vec3 perpendicular(const vec3& v) {
  const vec3 helper = std::abs(v.y) < 0.9f ? vec3(0, 1, 0) : vec3(1, 0, 0);
  return glm::normalize(glm::cross(v, helper));
}

// Quilez's ellipsoid distance bound, evaluated in the ellipsoid's own frame.
float ellipsoid_distance(const vec3& local, const vec3& radii) {
  const float k0 = glm::length(local / radii);
  const float k1 = glm::length(local / (radii * radii));
  if (k1 < 1e-12f) return -std::min({radii.x, radii.y, radii.z});
  return k0 * (k0 - 1.0f) / k1;
}

class Sweep final : public Sdf {
 public:
  Sweep(const std::vector<SweepKey>& keys, const vec3& default_depth_axis, int samples_per_span) {
    sample(keys, default_depth_axis, samples_per_span);
    for (size_t i = 0; i < centres_.size(); ++i) {
      max_radius_ = std::max({max_radius_, widths_[i], depths_[i]});
      bounds_.include(centres_[i], std::max(widths_[i], depths_[i]) + 0.002f);
    }
  }

  float distance(const vec3& p) const override {
    // Far from the tube the box distance is a cheap lower bound. Closer in, smooth unions and
    // offsets (up to a few centimetres) need the real value, or the box would show through.
    const float box_distance = bounds_.distance_to(p);
    if (box_distance > kExactReach) return box_distance;
    const Closest c = closest(p);
    return shape_distance(p, c);
  }

  Bounds bounds() const override { return bounds_; }

  vec3 fibre_direction(const vec3& p) const override {
    const Closest c = closest(p);
    return segment_directions_[c.segment];
  }

 private:
  struct Closest {
    size_t segment;
    float t;
  };

  void sample(const std::vector<SweepKey>& keys, const vec3& default_depth_axis, int per_span) {
    const size_t n = keys.size();
    auto key = [&](long i) -> SweepKey {
      // Phantom end keys mirror their neighbours so the spline starts and ends on the keys.
      if (i < 0) {
        SweepKey k = keys[0];
        k.centre = 2.0f * keys[0].centre - keys[1].centre;
        return k;
      }
      if (i >= static_cast<long>(n)) {
        SweepKey k = keys[n - 1];
        k.centre = 2.0f * keys[n - 1].centre - keys[n - 2].centre;
        return k;
      }
      return keys[static_cast<size_t>(i)];
    };
    auto catmull_rom = [](float t, auto a, auto b, auto c, auto d) {
      const float t2 = t * t;
      const float t3 = t2 * t;
      return 0.5f * ((2.0f * b) + (-a + c) * t + (2.0f * a - 5.0f * b + 4.0f * c - d) * t2 +
                     (-a + 3.0f * b - 3.0f * c + d) * t3);
    };
    for (size_t span = 0; span + 1 < n; ++span) {
      const long s = static_cast<long>(span);
      const SweepKey k0 = key(s - 1), k1 = key(s), k2 = key(s + 1), k3 = key(s + 2);
      const int last = (span + 2 == n) ? per_span : per_span - 1;
      for (int j = 0; j <= last; ++j) {
        const float t = static_cast<float>(j) / static_cast<float>(per_span);
        centres_.push_back(catmull_rom(t, k0.centre, k1.centre, k2.centre, k3.centre));
        // Radii follow the spline too but never overshoot below a thin thread.
        widths_.push_back(std::max(0.0004f, catmull_rom(t, k0.width, k1.width, k2.width, k3.width)));
        depths_.push_back(std::max(0.0004f, catmull_rom(t, k0.depth, k1.depth, k2.depth, k3.depth)));
        const vec3 a1 = glm::length(k1.depth_axis) > 0 ? k1.depth_axis : default_depth_axis;
        const vec3 a2 = glm::length(k2.depth_axis) > 0 ? k2.depth_axis : default_depth_axis;
        axis_hints_.push_back(glm::mix(a1, a2, t));
      }
    }
    for (size_t i = 0; i + 1 < centres_.size(); ++i) {
      const vec3 d = centres_[i + 1] - centres_[i];
      segment_directions_.push_back(safe_normalize(d, vec3(0, -1, 0)));
      inverse_length_squared_.push_back(1.0f / std::max(glm::dot(d, d), 1e-14f));
      segment_radius_.push_back(std::max({widths_[i], depths_[i], widths_[i + 1], depths_[i + 1]}));
    }
  }

  // Centre-line tangent at a sample, averaged over its two segments so the frame varies
  // continuously along the line (no seams where the closest segment changes).
  vec3 sample_tangent(size_t i) const {
    const size_t last = segment_directions_.size() - 1;
    if (i == 0) return segment_directions_[0];
    if (i > last) return segment_directions_[last];
    return safe_normalize(segment_directions_[i - 1] + segment_directions_[i], segment_directions_[i]);
  }

  // The segment whose cross-section gives the smallest value, not merely the nearest centre
  // line: where a thin part and a thick part are about equally near, the nearest-line choice
  // would jump between them. A segment cannot beat the best value found so far by much when its
  // centre line is further than that value plus its largest radius, so those are skipped;
  // the most promising segment is evaluated first.
  Closest closest(const vec3& p) const {
    const size_t segments = centres_.size() - 1;
    // Scratch space reused per thread: this runs millions of times per structure.
    thread_local std::vector<float> ts, lower_bounds;
    ts.resize(segments);
    lower_bounds.resize(segments);
    size_t first = 0;
    for (size_t i = 0; i < segments; ++i) {
      const vec3 a = centres_[i];
      const vec3 ab = centres_[i + 1] - a;
      ts[i] = std::clamp(glm::dot(p - a, ab) * inverse_length_squared_[i], 0.0f, 1.0f);
      lower_bounds[i] = glm::length(p - (a + ts[i] * ab)) - segment_radius_[i];
      if (lower_bounds[i] < lower_bounds[first]) first = i;
    }
    Closest best{first, ts[first]};
    float best_value = shape_distance(p, best);
    for (size_t i = 0; i < segments; ++i) {
      if (i == first || lower_bounds[i] > best_value + kSegmentSlack) continue;
      const float value = shape_distance(p, {i, ts[i]});
      if (value < best_value) {
        best_value = value;
        best = {i, ts[i]};
      }
    }
    return best;
  }

  float shape_distance(const vec3& p, const Closest& c) const {
    const size_t i = c.segment;
    const float t = c.t;
    const vec3 centre = glm::mix(centres_[i], centres_[i + 1], t);
    const vec3 tangent =
        safe_normalize(glm::mix(sample_tangent(i), sample_tangent(i + 1), t), segment_directions_[i]);
    const float width = glm::mix(widths_[i], widths_[i + 1], t);
    const float depth = glm::mix(depths_[i], depths_[i + 1], t);
    vec3 depth_axis = axis_hints_[i] * (1.0f - t) + axis_hints_[i + 1] * t;
    depth_axis -= glm::dot(depth_axis, tangent) * tangent;
    depth_axis = safe_normalize(depth_axis, perpendicular(tangent));
    const vec3 width_axis = glm::cross(tangent, depth_axis);
    const vec3 q = p - centre;
    // Rounded caps at the ends; elsewhere the along-line offset is small. One rule everywhere
    // keeps the field continuous.
    const float cap_length = std::min(width, depth);
    const vec3 local(glm::dot(q, width_axis), glm::dot(q, depth_axis), glm::dot(q, tangent));
    return ellipsoid_distance(local, vec3(width, depth, cap_length));
  }

  std::vector<vec3> centres_;
  std::vector<float> widths_;
  std::vector<float> depths_;
  std::vector<vec3> axis_hints_;
  std::vector<vec3> segment_directions_;
  std::vector<float> inverse_length_squared_;
  std::vector<float> segment_radius_;
  float max_radius_ = 0.0f;
  Bounds bounds_;
};

class Ellipsoid final : public Sdf {
 public:
  Ellipsoid(const vec3& centre, const vec3& radii, const vec3& axis_x, const vec3& axis_y)
      : centre_(centre), radii_(radii) {
    axis_x_ = glm::normalize(axis_x);
    axis_z_ = glm::normalize(glm::cross(axis_x_, axis_y));
    axis_y_ = glm::cross(axis_z_, axis_x_);
    const float r = std::max({radii.x, radii.y, radii.z});
    bounds_.include(centre, r);
  }
  float distance(const vec3& p) const override {
    const vec3 q = p - centre_;
    return ellipsoid_distance(vec3(glm::dot(q, axis_x_), glm::dot(q, axis_y_), glm::dot(q, axis_z_)), radii_);
  }
  Bounds bounds() const override { return bounds_; }

 private:
  vec3 centre_, radii_, axis_x_, axis_y_, axis_z_;
  Bounds bounds_;
};

class HalfSpace final : public Sdf {
 public:
  HalfSpace(const vec3& point, const vec3& normal) : point_(point), normal_(glm::normalize(normal)) {
    bounds_.lo = vec3(-kFar);
    bounds_.hi = vec3(kFar);
  }
  float distance(const vec3& p) const override { return glm::dot(p - point_, normal_); }
  Bounds bounds() const override { return bounds_; }

 private:
  vec3 point_, normal_;
  Bounds bounds_;
};

class SmoothUnion final : public Sdf {
 public:
  SmoothUnion(std::vector<SdfPtr> parts, float blend, float (*blend_at)(const vec3&) = nullptr)
      : parts_(std::move(parts)), blend_(blend), blend_at_(blend_at) {
    for (const auto& part : parts_) {
      part_bounds_.push_back(part->bounds());
      bounds_.include(part_bounds_.back());
    }
    bounds_ = bounds_.expanded(blend_ * 0.25f);
  }
  float distance(const vec3& p) const override {
    // blend_ is the most the blend may be anywhere, so the skipping below stays safe.
    const float blend = blend_at_ ? std::min(blend_at_(p), blend_) : blend_;
    float result = kFar;
    for (size_t i = 0; i < parts_.size(); ++i) {
      // A part further away than the blend reach cannot change the result.
      // The ellipse estimates can undershoot, so only clearly distant boxes are skipped.
      if (part_bounds_[i].distance_to(p) > result + blend_ + 0.01f) continue;
      result = smooth_min(result, parts_[i]->distance(p), blend);
    }
    return result;
  }
  Bounds bounds() const override { return bounds_; }
  vec3 fibre_direction(const vec3& p) const override {
    float best = kFar;
    vec3 direction(0.0f);
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (part_bounds_[i].distance_to(p) > best) continue;
      const float d = parts_[i]->distance(p);
      const vec3 candidate = parts_[i]->fibre_direction(p);
      if (d < best && glm::length(candidate) > 0.5f) {
        best = d;
        direction = candidate;
      }
    }
    return direction;
  }

 private:
  std::vector<SdfPtr> parts_;
  std::vector<Bounds> part_bounds_;
  float blend_;
  float (*blend_at_)(const vec3&);
  Bounds bounds_;
};

class SmoothBoolean final : public Sdf {
 public:
  SmoothBoolean(SdfPtr base, SdfPtr other, float blend, bool subtract)
      : base_(std::move(base)), other_(std::move(other)), blend_(blend), subtract_(subtract) {}
  float distance(const vec3& p) const override {
    const float a = base_->distance(p);
    // Well outside the base, an intersection is outside too; its value is a lower bound.
    if (!subtract_ && a > std::max(4.0f * blend_, 0.004f)) return a;
    const float b = other_->distance(p);
    return smooth_max(a, subtract_ ? -b : b, blend_);
  }
  Bounds bounds() const override { return base_->bounds(); }
  vec3 fibre_direction(const vec3& p) const override { return base_->fibre_direction(p); }

 private:
  SdfPtr base_, other_;
  float blend_;
  bool subtract_;
};

class Offset final : public Sdf {
 public:
  Offset(SdfPtr base, float (*thickness_at)(const vec3&), float constant, float max_thickness)
      : base_(std::move(base)), thickness_at_(thickness_at), constant_(constant) {
    bounds_ = base_->bounds().expanded(std::max(0.0f, max_thickness));
  }
  float distance(const vec3& p) const override {
    const float thickness = thickness_at_ ? thickness_at_(p) : constant_;
    return base_->distance(p) - thickness;
  }
  Bounds bounds() const override { return bounds_; }
  vec3 fibre_direction(const vec3& p) const override { return base_->fibre_direction(p); }

 private:
  SdfPtr base_;
  float (*thickness_at_)(const vec3&);
  float constant_;
  Bounds bounds_;
};

class Shell final : public Sdf {
 public:
  Shell(SdfPtr base, float offset, float half_thickness)
      : base_(std::move(base)), offset_(offset), half_thickness_(half_thickness) {
    bounds_ = base_->bounds().expanded(offset + half_thickness);
  }
  float distance(const vec3& p) const override {
    return std::abs(base_->distance(p) - offset_) - half_thickness_;
  }
  Bounds bounds() const override { return bounds_; }

 private:
  SdfPtr base_;
  float offset_, half_thickness_;
  Bounds bounds_;
};

// One member of a packed group: the part of the group's envelope nearer to this member than to
// any other member, grown by `overlap` so neighbours meet, and kept within `reach` of the member.
class PackedCell final : public Sdf {
 public:
  PackedCell(std::shared_ptr<const PackedGroup> group, size_t index)
      : group_(std::move(group)), index_(index) {
    const Bounds own = group_->members[index_]->bounds().expanded(group_->reach);
    Bounds envelope = group_->core->bounds();
    for (const auto& m : group_->members) envelope.include(m->bounds());
    bounds_.lo = glm::max(own.lo, envelope.lo);
    bounds_.hi = glm::min(own.hi, envelope.hi);
  }
  float distance(const vec3& p) const override {
    const PackedGroup& g = *group_;
    const float own = g.members[index_]->distance(p);
    const float limit = own - g.reach;
    // Far beyond the reach the cell cannot be: that bound is enough for the mesher.
    if (limit > 0.006f) return limit;
    auto grown = [&g](size_t j, float d) { return j < g.grow.size() ? d - g.grow[j] : d; };
    float envelope = g.core->distance(p);
    float nearest_other = kFar;
    for (size_t j = 0; j < g.members.size(); ++j) {
      const float d = j == index_ ? own : g.members[j]->distance(p);
      envelope = smooth_min(envelope, d, g.envelope_blend);
      if (j != index_) nearest_other = std::min(nearest_other, grown(j, d));
    }
    const float cell = 0.5f * (grown(index_, own) - nearest_other) - g.overlap;
    const float shaped = smooth_max(smooth_max(envelope + g.inset, cell, g.edge_blend), limit, g.edge_blend);
    // Bones lie inside the envelope; the cell wraps round them. Only near the cell is the (costly)
    // bone field worth evaluating.
    if (!g.solid || shaped > g.solid_blend + 0.004f) return shaped;
    // Half a millimetre off the bone, so where the two meet their surfaces do not fight.
    return smooth_max(shaped, 0.0005f - g.solid->distance(p), g.solid_blend);
  }
  Bounds bounds() const override { return bounds_; }
  vec3 fibre_direction(const vec3& p) const override { return group_->members[index_]->fibre_direction(p); }

 private:
  std::shared_ptr<const PackedGroup> group_;
  size_t index_;
  Bounds bounds_;
};

// The outer surface of a packed group: the smooth union of its core and members.
class PackedEnvelope final : public Sdf {
 public:
  explicit PackedEnvelope(std::shared_ptr<const PackedGroup> group) : group_(std::move(group)) {
    bounds_ = group_->core->bounds();
    for (const auto& m : group_->members) bounds_.include(m->bounds());
  }
  float distance(const vec3& p) const override {
    const PackedGroup& g = *group_;
    float envelope = g.core->distance(p);
    for (const auto& m : g.members) envelope = smooth_min(envelope, m->distance(p), g.envelope_blend);
    return envelope;
  }
  Bounds bounds() const override { return bounds_; }

 private:
  std::shared_ptr<const PackedGroup> group_;
  Bounds bounds_;
};

}  // namespace

SdfPtr make_packed_cell(std::shared_ptr<const PackedGroup> group, size_t index) {
  return std::make_shared<PackedCell>(std::move(group), index);
}

SdfPtr make_packed_envelope(std::shared_ptr<const PackedGroup> group) {
  return std::make_shared<PackedEnvelope>(std::move(group));
}

void Bounds::include(const vec3& p, float pad) {
  lo = glm::min(lo, p - vec3(pad));
  hi = glm::max(hi, p + vec3(pad));
}

void Bounds::include(const Bounds& other) {
  lo = glm::min(lo, other.lo);
  hi = glm::max(hi, other.hi);
}

Bounds Bounds::expanded(float pad) const {
  Bounds b = *this;
  b.lo -= vec3(pad);
  b.hi += vec3(pad);
  return b;
}

float Bounds::distance_to(const vec3& p) const {
  const vec3 outside = glm::max(glm::max(lo - p, p - hi), vec3(0.0f));
  return glm::length(outside);
}

vec3 Sdf::fibre_direction(const vec3&) const {
  return vec3(0.0f);
}

vec3 gradient(const Sdf& field, const vec3& p, float step) {
  const vec3 dx(step, 0, 0), dy(0, step, 0), dz(0, 0, step);
  return vec3(field.distance(p + dx) - field.distance(p - dx),
              field.distance(p + dy) - field.distance(p - dy),
              field.distance(p + dz) - field.distance(p - dz)) /
         (2.0f * step);
}

float smooth_min(float a, float b, float blend) {
  if (blend <= 0.0f) return std::min(a, b);
  const float h = std::max(blend - std::abs(a - b), 0.0f) / blend;
  return std::min(a, b) - h * h * blend * 0.25f;
}

float smooth_max(float a, float b, float blend) {
  return -smooth_min(-a, -b, blend);
}

SdfPtr make_sweep(const std::vector<SweepKey>& keys, const vec3& default_depth_axis, int samples_per_span) {
  return std::make_shared<Sweep>(keys, default_depth_axis, samples_per_span);
}

SdfPtr make_ellipsoid(const vec3& centre, const vec3& radii, const vec3& axis_x, const vec3& axis_y) {
  return std::make_shared<Ellipsoid>(centre, radii, axis_x, axis_y);
}

SdfPtr make_sphere(const vec3& centre, float radius) {
  return make_ellipsoid(centre, vec3(radius));
}

SdfPtr make_below(float y) {
  return make_half_space(vec3(0.0f, y, 0.0f), vec3(0.0f, 1.0f, 0.0f));
}

SdfPtr make_above(float y) {
  return make_half_space(vec3(0.0f, y, 0.0f), vec3(0.0f, -1.0f, 0.0f));
}

SdfPtr make_half_space(const vec3& point, const vec3& outward_normal) {
  return std::make_shared<HalfSpace>(point, outward_normal);
}

SdfPtr smooth_union(std::vector<SdfPtr> parts, float blend) {
  return std::make_shared<SmoothUnion>(std::move(parts), blend);
}

SdfPtr smooth_union_varying(std::vector<SdfPtr> parts, float (*blend_at)(const vec3&), float max_blend) {
  return std::make_shared<SmoothUnion>(std::move(parts), max_blend, blend_at);
}

SdfPtr smooth_subtract(SdfPtr base, SdfPtr cutter, float blend) {
  return std::make_shared<SmoothBoolean>(std::move(base), std::move(cutter), blend, true);
}

SdfPtr smooth_intersect(SdfPtr base, SdfPtr limiter, float blend) {
  return std::make_shared<SmoothBoolean>(std::move(base), std::move(limiter), blend, false);
}

SdfPtr make_shell(SdfPtr base, float offset, float half_thickness) {
  return std::make_shared<Shell>(std::move(base), offset, half_thickness);
}

namespace {

class FibresBelow final : public Sdf {
 public:
  FibresBelow(SdfPtr base, const vec3& direction, float full_below_y, float none_above_y)
      : base_(std::move(base)),
        direction_(glm::normalize(direction)),
        full_(full_below_y),
        none_(none_above_y) {}
  float distance(const vec3& p) const override { return base_->distance(p); }
  Bounds bounds() const override { return base_->bounds(); }
  vec3 fibre_direction(const vec3& p) const override {
    const float t = std::clamp((none_ - p.y) / (none_ - full_), 0.0f, 1.0f);
    const float share = t * t * (3.0f - 2.0f * t);
    if (share >= 1.0f) return direction_;
    const vec3 own = base_->fibre_direction(p);
    if (share <= 0.0f || glm::length(own) < 0.5f) return share > 0.5f ? direction_ : own;
    return glm::normalize(glm::mix(own, direction_, share));
  }

 private:
  SdfPtr base_;
  vec3 direction_;
  float full_, none_;
};

}  // namespace

SdfPtr with_fibres_below(SdfPtr base, const vec3& direction, float full_below_y, float none_above_y) {
  return std::make_shared<FibresBelow>(std::move(base), direction, full_below_y, none_above_y);
}

SdfPtr offset(SdfPtr base, float thickness) {
  return std::make_shared<Offset>(std::move(base), nullptr, thickness, thickness);
}

SdfPtr offset_varying(SdfPtr base, float (*thickness_at)(const vec3&), float max_thickness) {
  return std::make_shared<Offset>(std::move(base), thickness_at, 0.0f, max_thickness);
}

}  // namespace leggen
