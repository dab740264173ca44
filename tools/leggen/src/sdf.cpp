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

vec3 safeNormalize(const vec3& v, const vec3& fallback) {
  const float length = glm::length(v);
  return length > 1e-12f ? v / length : fallback;
}

// Any unit vector perpendicular to a unit vector.
vec3 perpendicular(const vec3& v) {
  const vec3 helper = std::abs(v.y) < 0.9f ? vec3(0, 1, 0) : vec3(1, 0, 0);
  return glm::normalize(glm::cross(v, helper));
}

// Quilez's ellipsoid distance bound, evaluated in the ellipsoid's own frame.
float ellipsoidDistance(const vec3& local, const vec3& radii) {
  const float k0 = glm::length(local / radii);
  const float k1 = glm::length(local / (radii * radii));
  if (k1 < 1e-12f) return -std::min({radii.x, radii.y, radii.z});
  return k0 * (k0 - 1.0f) / k1;
}

class Sweep final : public Sdf {
 public:
  Sweep(const std::vector<SweepKey>& keys, const vec3& defaultDepthAxis, int samplesPerSpan) {
    sample(keys, defaultDepthAxis, samplesPerSpan);
    for (size_t i = 0; i < centres_.size(); ++i) {
      maxRadius_ = std::max({maxRadius_, widths_[i], depths_[i]});
      bounds_.include(centres_[i], std::max(widths_[i], depths_[i]) + 0.002f);
    }
  }

  float distance(const vec3& p) const override {
    // Far from the tube the box distance is a cheap lower bound. Closer in, smooth unions and
    // offsets (up to a few centimetres) need the real value, or the box would show through.
    const float boxDistance = bounds_.distanceTo(p);
    if (boxDistance > kExactReach) return boxDistance;
    const Closest c = closest(p);
    return shapeDistance(p, c);
  }

  Bounds bounds() const override { return bounds_; }

  vec3 fibreDirection(const vec3& p) const override {
    const Closest c = closest(p);
    return segmentDirections_[c.segment];
  }

 private:
  struct Closest {
    size_t segment;
    float t;
  };

  void sample(const std::vector<SweepKey>& keys, const vec3& defaultDepthAxis, int perSpan) {
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
    auto catmullRom = [](float t, auto a, auto b, auto c, auto d) {
      const float t2 = t * t;
      const float t3 = t2 * t;
      return 0.5f * ((2.0f * b) + (-a + c) * t + (2.0f * a - 5.0f * b + 4.0f * c - d) * t2 +
                     (-a + 3.0f * b - 3.0f * c + d) * t3);
    };
    for (size_t span = 0; span + 1 < n; ++span) {
      const long s = static_cast<long>(span);
      const SweepKey k0 = key(s - 1), k1 = key(s), k2 = key(s + 1), k3 = key(s + 2);
      const int last = (span + 2 == n) ? perSpan : perSpan - 1;
      for (int j = 0; j <= last; ++j) {
        const float t = static_cast<float>(j) / static_cast<float>(perSpan);
        centres_.push_back(catmullRom(t, k0.centre, k1.centre, k2.centre, k3.centre));
        // Radii follow the spline too but never overshoot below a thin thread.
        widths_.push_back(std::max(0.0004f, catmullRom(t, k0.width, k1.width, k2.width, k3.width)));
        depths_.push_back(std::max(0.0004f, catmullRom(t, k0.depth, k1.depth, k2.depth, k3.depth)));
        const vec3 a1 = glm::length(k1.depthAxis) > 0 ? k1.depthAxis : defaultDepthAxis;
        const vec3 a2 = glm::length(k2.depthAxis) > 0 ? k2.depthAxis : defaultDepthAxis;
        axisHints_.push_back(glm::mix(a1, a2, t));
      }
    }
    for (size_t i = 0; i + 1 < centres_.size(); ++i) {
      const vec3 d = centres_[i + 1] - centres_[i];
      segmentDirections_.push_back(safeNormalize(d, vec3(0, -1, 0)));
      inverseLengthSquared_.push_back(1.0f / std::max(glm::dot(d, d), 1e-14f));
      segmentRadius_.push_back(std::max({widths_[i], depths_[i], widths_[i + 1], depths_[i + 1]}));
    }
  }

  // Centre-line tangent at a sample, averaged over its two segments so the frame varies
  // continuously along the line (no seams where the closest segment changes).
  vec3 sampleTangent(size_t i) const {
    const size_t last = segmentDirections_.size() - 1;
    if (i == 0) return segmentDirections_[0];
    if (i > last) return segmentDirections_[last];
    return safeNormalize(segmentDirections_[i - 1] + segmentDirections_[i], segmentDirections_[i]);
  }

  // The segment whose cross-section gives the smallest value, not merely the nearest centre
  // line: where a thin part and a thick part are about equally near, the nearest-line choice
  // would jump between them. A segment cannot beat the best value found so far by much when its
  // centre line is further than that value plus its largest radius, so those are skipped;
  // the most promising segment is evaluated first.
  Closest closest(const vec3& p) const {
    const size_t segments = centres_.size() - 1;
    // Scratch space reused per thread: this runs millions of times per structure.
    thread_local std::vector<float> ts, lowerBounds;
    ts.resize(segments);
    lowerBounds.resize(segments);
    size_t first = 0;
    for (size_t i = 0; i < segments; ++i) {
      const vec3 a = centres_[i];
      const vec3 ab = centres_[i + 1] - a;
      ts[i] = std::clamp(glm::dot(p - a, ab) * inverseLengthSquared_[i], 0.0f, 1.0f);
      lowerBounds[i] = glm::length(p - (a + ts[i] * ab)) - segmentRadius_[i];
      if (lowerBounds[i] < lowerBounds[first]) first = i;
    }
    Closest best{first, ts[first]};
    float bestValue = shapeDistance(p, best);
    for (size_t i = 0; i < segments; ++i) {
      if (i == first || lowerBounds[i] > bestValue + kSegmentSlack) continue;
      const float value = shapeDistance(p, {i, ts[i]});
      if (value < bestValue) {
        bestValue = value;
        best = {i, ts[i]};
      }
    }
    return best;
  }

  float shapeDistance(const vec3& p, const Closest& c) const {
    const size_t i = c.segment;
    const float t = c.t;
    const vec3 centre = glm::mix(centres_[i], centres_[i + 1], t);
    const vec3 tangent =
        safeNormalize(glm::mix(sampleTangent(i), sampleTangent(i + 1), t), segmentDirections_[i]);
    const float width = glm::mix(widths_[i], widths_[i + 1], t);
    const float depth = glm::mix(depths_[i], depths_[i + 1], t);
    vec3 depthAxis = axisHints_[i] * (1.0f - t) + axisHints_[i + 1] * t;
    depthAxis -= glm::dot(depthAxis, tangent) * tangent;
    depthAxis = safeNormalize(depthAxis, perpendicular(tangent));
    const vec3 widthAxis = glm::cross(tangent, depthAxis);
    const vec3 q = p - centre;
    // Rounded caps at the ends; elsewhere the along-line offset is small. One rule everywhere
    // keeps the field continuous.
    const float capLength = std::min(width, depth);
    const vec3 local(glm::dot(q, widthAxis), glm::dot(q, depthAxis), glm::dot(q, tangent));
    return ellipsoidDistance(local, vec3(width, depth, capLength));
  }

  std::vector<vec3> centres_;
  std::vector<float> widths_;
  std::vector<float> depths_;
  std::vector<vec3> axisHints_;
  std::vector<vec3> segmentDirections_;
  std::vector<float> inverseLengthSquared_;
  std::vector<float> segmentRadius_;
  float maxRadius_ = 0.0f;
  Bounds bounds_;
};

class Ellipsoid final : public Sdf {
 public:
  Ellipsoid(const vec3& centre, const vec3& radii, const vec3& axisX, const vec3& axisY)
      : centre_(centre), radii_(radii) {
    axisX_ = glm::normalize(axisX);
    axisZ_ = glm::normalize(glm::cross(axisX_, axisY));
    axisY_ = glm::cross(axisZ_, axisX_);
    const float r = std::max({radii.x, radii.y, radii.z});
    bounds_.include(centre, r);
  }
  float distance(const vec3& p) const override {
    const vec3 q = p - centre_;
    return ellipsoidDistance(vec3(glm::dot(q, axisX_), glm::dot(q, axisY_), glm::dot(q, axisZ_)), radii_);
  }
  Bounds bounds() const override { return bounds_; }

 private:
  vec3 centre_, radii_, axisX_, axisY_, axisZ_;
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
  SmoothUnion(std::vector<SdfPtr> parts, float blend) : parts_(std::move(parts)), blend_(blend) {
    for (const auto& part : parts_) {
      partBounds_.push_back(part->bounds());
      bounds_.include(partBounds_.back());
    }
    bounds_ = bounds_.expanded(blend_ * 0.25f);
  }
  float distance(const vec3& p) const override {
    float result = kFar;
    for (size_t i = 0; i < parts_.size(); ++i) {
      // A part further away than the blend reach cannot change the result.
      // The ellipse estimates can undershoot, so only clearly distant boxes are skipped.
      if (partBounds_[i].distanceTo(p) > result + blend_ + 0.01f) continue;
      result = smoothMin(result, parts_[i]->distance(p), blend_);
    }
    return result;
  }
  Bounds bounds() const override { return bounds_; }
  vec3 fibreDirection(const vec3& p) const override {
    float best = kFar;
    vec3 direction(0.0f);
    for (size_t i = 0; i < parts_.size(); ++i) {
      if (partBounds_[i].distanceTo(p) > best) continue;
      const float d = parts_[i]->distance(p);
      const vec3 candidate = parts_[i]->fibreDirection(p);
      if (d < best && glm::length(candidate) > 0.5f) {
        best = d;
        direction = candidate;
      }
    }
    return direction;
  }

 private:
  std::vector<SdfPtr> parts_;
  std::vector<Bounds> partBounds_;
  float blend_;
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
    return smoothMax(a, subtract_ ? -b : b, blend_);
  }
  Bounds bounds() const override { return base_->bounds(); }
  vec3 fibreDirection(const vec3& p) const override { return base_->fibreDirection(p); }

 private:
  SdfPtr base_, other_;
  float blend_;
  bool subtract_;
};

class Offset final : public Sdf {
 public:
  Offset(SdfPtr base, float (*thicknessAt)(const vec3&), float constant, float maxThickness)
      : base_(std::move(base)), thicknessAt_(thicknessAt), constant_(constant) {
    bounds_ = base_->bounds().expanded(std::max(0.0f, maxThickness));
  }
  float distance(const vec3& p) const override {
    const float thickness = thicknessAt_ ? thicknessAt_(p) : constant_;
    return base_->distance(p) - thickness;
  }
  Bounds bounds() const override { return bounds_; }
  vec3 fibreDirection(const vec3& p) const override { return base_->fibreDirection(p); }

 private:
  SdfPtr base_;
  float (*thicknessAt_)(const vec3&);
  float constant_;
  Bounds bounds_;
};

class Shell final : public Sdf {
 public:
  Shell(SdfPtr base, float offset, float halfThickness)
      : base_(std::move(base)), offset_(offset), halfThickness_(halfThickness) {
    bounds_ = base_->bounds().expanded(offset + halfThickness);
  }
  float distance(const vec3& p) const override {
    return std::abs(base_->distance(p) - offset_) - halfThickness_;
  }
  Bounds bounds() const override { return bounds_; }

 private:
  SdfPtr base_;
  float offset_, halfThickness_;
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
    float nearestOther = kFar;
    for (size_t j = 0; j < g.members.size(); ++j) {
      const float d = j == index_ ? own : g.members[j]->distance(p);
      envelope = smoothMin(envelope, d, g.envelopeBlend);
      if (j != index_) nearestOther = std::min(nearestOther, grown(j, d));
    }
    const float cell = 0.5f * (grown(index_, own) - nearestOther) - g.overlap;
    const float shaped = smoothMax(smoothMax(envelope + g.inset, cell, g.edgeBlend), limit, g.edgeBlend);
    // Bones lie inside the envelope; the cell wraps round them. Only near the cell is the (costly)
    // bone field worth evaluating.
    if (!g.solid || shaped > g.solidBlend + 0.004f) return shaped;
    // Half a millimetre off the bone, so where the two meet their surfaces do not fight.
    return smoothMax(shaped, 0.0005f - g.solid->distance(p), g.solidBlend);
  }
  Bounds bounds() const override { return bounds_; }
  vec3 fibreDirection(const vec3& p) const override { return group_->members[index_]->fibreDirection(p); }

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
    for (const auto& m : g.members) envelope = smoothMin(envelope, m->distance(p), g.envelopeBlend);
    return envelope;
  }
  Bounds bounds() const override { return bounds_; }

 private:
  std::shared_ptr<const PackedGroup> group_;
  Bounds bounds_;
};

}  // namespace

SdfPtr makePackedCell(std::shared_ptr<const PackedGroup> group, size_t index) {
  return std::make_shared<PackedCell>(std::move(group), index);
}

SdfPtr makePackedEnvelope(std::shared_ptr<const PackedGroup> group) {
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

float Bounds::distanceTo(const vec3& p) const {
  const vec3 outside = glm::max(glm::max(lo - p, p - hi), vec3(0.0f));
  return glm::length(outside);
}

vec3 Sdf::fibreDirection(const vec3&) const {
  return vec3(0.0f);
}

vec3 gradient(const Sdf& field, const vec3& p, float step) {
  const vec3 dx(step, 0, 0), dy(0, step, 0), dz(0, 0, step);
  return vec3(field.distance(p + dx) - field.distance(p - dx),
              field.distance(p + dy) - field.distance(p - dy),
              field.distance(p + dz) - field.distance(p - dz)) /
         (2.0f * step);
}

float smoothMin(float a, float b, float blend) {
  if (blend <= 0.0f) return std::min(a, b);
  const float h = std::max(blend - std::abs(a - b), 0.0f) / blend;
  return std::min(a, b) - h * h * blend * 0.25f;
}

float smoothMax(float a, float b, float blend) {
  return -smoothMin(-a, -b, blend);
}

SdfPtr makeSweep(const std::vector<SweepKey>& keys, const vec3& defaultDepthAxis, int samplesPerSpan) {
  return std::make_shared<Sweep>(keys, defaultDepthAxis, samplesPerSpan);
}

SdfPtr makeEllipsoid(const vec3& centre, const vec3& radii, const vec3& axisX, const vec3& axisY) {
  return std::make_shared<Ellipsoid>(centre, radii, axisX, axisY);
}

SdfPtr makeSphere(const vec3& centre, float radius) {
  return makeEllipsoid(centre, vec3(radius));
}

SdfPtr makeBelow(float y) {
  return makeHalfSpace(vec3(0.0f, y, 0.0f), vec3(0.0f, 1.0f, 0.0f));
}

SdfPtr makeAbove(float y) {
  return makeHalfSpace(vec3(0.0f, y, 0.0f), vec3(0.0f, -1.0f, 0.0f));
}

SdfPtr makeHalfSpace(const vec3& point, const vec3& outwardNormal) {
  return std::make_shared<HalfSpace>(point, outwardNormal);
}

SdfPtr smoothUnion(std::vector<SdfPtr> parts, float blend) {
  return std::make_shared<SmoothUnion>(std::move(parts), blend);
}

SdfPtr smoothSubtract(SdfPtr base, SdfPtr cutter, float blend) {
  return std::make_shared<SmoothBoolean>(std::move(base), std::move(cutter), blend, true);
}

SdfPtr smoothIntersect(SdfPtr base, SdfPtr limiter, float blend) {
  return std::make_shared<SmoothBoolean>(std::move(base), std::move(limiter), blend, false);
}

SdfPtr makeShell(SdfPtr base, float offset, float halfThickness) {
  return std::make_shared<Shell>(std::move(base), offset, halfThickness);
}

namespace {

class FibresBelow final : public Sdf {
 public:
  FibresBelow(SdfPtr base, const vec3& direction, float fullBelowY, float noneAboveY)
      : base_(std::move(base)), direction_(glm::normalize(direction)), full_(fullBelowY), none_(noneAboveY) {}
  float distance(const vec3& p) const override { return base_->distance(p); }
  Bounds bounds() const override { return base_->bounds(); }
  vec3 fibreDirection(const vec3& p) const override {
    const float t = std::clamp((none_ - p.y) / (none_ - full_), 0.0f, 1.0f);
    const float share = t * t * (3.0f - 2.0f * t);
    if (share >= 1.0f) return direction_;
    const vec3 own = base_->fibreDirection(p);
    if (share <= 0.0f || glm::length(own) < 0.5f) return share > 0.5f ? direction_ : own;
    return glm::normalize(glm::mix(own, direction_, share));
  }

 private:
  SdfPtr base_;
  vec3 direction_;
  float full_, none_;
};

}  // namespace

SdfPtr withFibresBelow(SdfPtr base, const vec3& direction, float fullBelowY, float noneAboveY) {
  return std::make_shared<FibresBelow>(std::move(base), direction, fullBelowY, noneAboveY);
}

SdfPtr offset(SdfPtr base, float thickness) {
  return std::make_shared<Offset>(std::move(base), nullptr, thickness, thickness);
}

SdfPtr offsetVarying(SdfPtr base, float (*thicknessAt)(const vec3&), float maxThickness) {
  return std::make_shared<Offset>(std::move(base), thicknessAt, 0.0f, maxThickness);
}

}  // namespace leggen
