#include "technique/path.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace kneeviz::technique {

namespace {

constexpr float kTwoPi = 6.28318530718f;
constexpr float kDifferenceStep = 1.f / 256.f;  // s, for the direction of motion
constexpr float kMinMotion = 1e-5f;             // m: below this the contact counts as still

// Glides start and end gently but never stop: speed goes 0.5 → 1.5 → 0.5 of the mean.
float ease(float s) {
  s = std::clamp(s, 0.f, 1.f);
  return s - 0.5f * std::sin(kTwoPi * s) / kTwoPi;
}

float smoothstep(float edge0, float edge1, float x) {
  const float s = std::clamp((x - edge0) / (edge1 - edge0), 0.f, 1.f);
  return s * s * (3.f - 2.f * s);
}

glm::vec3 tangent_unit(const glm::vec3& v, const glm::vec3& normal) {
  const glm::vec3 t = v - normal * glm::dot(v, normal);
  const float length = glm::length(t);
  return length > 1e-9f ? t / length : glm::vec3(0.f);
}

bool limb_coordinates(Motion motion) {
  return motion != Motion::cross_fibre;
}

}  // namespace

StrokePath::StrokePath(const Stroke& stroke, LimbFrame frame) : stroke_(stroke), frame_(std::move(frame)) {
  pass_ = std::max(stroke.duration_s, 0.1f);
  pause_ = std::max(stroke.pause_s, 0.f);
  return_ = stroke.lighter_return ? kReturnTimeShare * pass_ : 0.f;
  float default_amplitude = 0.f;
  switch (stroke.motion) {
    case Motion::glide:
      break;
    case Motion::circles_on_glide:
    case Motion::stationary_circles:
      default_amplitude = kDefaultCircleRadius;
      break;
    case Motion::side_to_side:
    case Motion::up_and_down:
      default_amplitude = kDefaultOscillation;
      break;
    case Motion::taps:
      default_amplitude = kDefaultTapSpread;
      break;
    case Motion::cross_fibre:
      default_amplitude = kDefaultCrossFibre;
      break;
  }
  amplitude_ = stroke.amplitude_m > 0.f ? stroke.amplitude_m : default_amplitude;
  frequency_ = stroke.frequency_hz > 0.f
                   ? stroke.frequency_hz
                   : (stroke.motion == Motion::taps ? kDefaultTapFrequencyHz : kDefaultFrequencyHz);
  if (stroke.motion == Motion::taps) {
    // Whole taps only, the last one ending the pass on the skin: the period stretches a little.
    tap_count_ = std::max(1, static_cast<int>(std::lround(pass_ * frequency_)));
    tap_period_ = pass_ / (static_cast<float>(tap_count_ - 1) + kTapContactShare);
  }
}

StrokePath::LimbSpot StrokePath::centre(float u) const {
  const float s = stroke_.motion == Motion::stationary_circles ? 0.f : ease(u / pass_);
  // An oblique stroke turns the shorter way round the limb: from 0 (front) to 330 is 30 degrees
  // toward the medial side, not 330 degrees round the back of the leg.
  const float turn =
      std::remainder(stroke_.angle_to_deg.value_or(stroke_.angle_deg) - stroke_.angle_deg, 360.f);
  return {stroke_.from + (stroke_.to - stroke_.from) * s, stroke_.angle_deg + turn * s};
}

SkinPoint StrokePath::offset_point(const LimbSpot& spot, float along_m, float around_m) const {
  if (along_m == 0.f && around_m == 0.f)
    return frame_.surface_point(stroke_.segment, spot.position, spot.angle_deg);
  // Metres on the skin to limb coordinates: along by the segment's length, around by the local
  // radius of the limb at the spot.
  const SkinPoint base = frame_.surface_point(stroke_.segment, spot.position, spot.angle_deg);
  const float radius = std::max(base.radius, 0.02f);
  return frame_.surface_point(stroke_.segment,
                              spot.position + along_m / frame_.segment_length(stroke_.segment),
                              spot.angle_deg + glm::degrees(around_m / radius));
}

StrokePath::LimbState StrokePath::tap_state(int k) const {
  const float landing = static_cast<float>(k) * tap_period_;
  const float psi = kTwoPi * static_cast<float>(k) / static_cast<float>(kTapsPerCircle);
  return {centre(landing), amplitude_ * std::sin(psi), amplitude_ * std::cos(psi)};
}

StrokePath::LimbState StrokePath::state_pass(float u, bool& contact, float& lift) const {
  contact = true;
  lift = 0.f;
  const float phi = kTwoPi * frequency_ * u;
  switch (stroke_.motion) {
    case Motion::glide:
    case Motion::cross_fibre:
      return {centre(u), 0.f, 0.f};
    case Motion::circles_on_glide:
    case Motion::stationary_circles:
      return {centre(u), amplitude_ * std::sin(phi), amplitude_ * std::cos(phi)};
    case Motion::side_to_side:
      return {centre(u), 0.f, amplitude_ * std::sin(phi)};
    case Motion::up_and_down:
      return {centre(u), amplitude_ * std::sin(phi), 0.f};
    case Motion::taps:
      break;
  }
  const int k = std::clamp(static_cast<int>(std::floor(u / tap_period_)), 0, tap_count_ - 1);
  const float local = u - static_cast<float>(k) * tap_period_;
  const float on_skin = kTapContactShare * tap_period_;
  if (local <= on_skin || k == tap_count_ - 1) return tap_state(k);
  // In the air between tap k and tap k + 1.
  const float x = (local - on_skin) / (tap_period_ - on_skin);
  contact = false;
  lift = kTapLift * std::sin(3.14159265f * x);
  const LimbState a = tap_state(k), b = tap_state(k + 1);
  const float w = smoothstep(0.f, 1.f, x);
  return {{a.spot.position + (b.spot.position - a.spot.position) * w,
           a.spot.angle_deg + (b.spot.angle_deg - a.spot.angle_deg) * w},
          a.along_m + (b.along_m - a.along_m) * w,
          a.around_m + (b.around_m - a.around_m) * w};
}

float StrokePath::cross_offset(float u) const {
  return amplitude_ * std::sin(kTwoPi * frequency_ * u);
}

StrokePath::Located StrokePath::place(const LimbState& state) const {
  const SkinPoint p = offset_point(state.spot, state.along_m, state.around_m);
  return {p.position, p.normal, true, 0.f, stroke_.pressure};
}

StrokePath::Located StrokePath::place_cross(const LimbSpot& spot, float offset_m) const {
  const SkinPoint c = frame_.surface_point(stroke_.segment, spot.position, spot.angle_deg);
  if (offset_m == 0.f) return {c.position, c.normal, true, 0.f, stroke_.pressure};
  // Across the fibres as they turn under the finger: a midpoint step along the perpendicular of
  // the local fibre field, kept on the skin.
  const glm::vec3 across =
      tangent_unit(glm::cross(c.normal, fibre_near(spot, c.position, c.normal)), c.normal);
  const std::optional<SurfaceHit> half = frame_.skin().closest_point(c.position + across * (0.5f * offset_m));
  if (!half) return {c.position, c.normal, true, 0.f, stroke_.pressure};
  glm::vec3 mid =
      tangent_unit(glm::cross(half->normal, fibre_near(spot, half->point, half->normal)), half->normal);
  if (glm::dot(mid, across) < 0.f) mid = -mid;
  const std::optional<SurfaceHit> q = frame_.skin().closest_point(c.position + mid * offset_m);
  if (!q) return {c.position, c.normal, true, 0.f, stroke_.pressure};
  return {q->point, q->normal, true, 0.f, stroke_.pressure};
}

glm::vec3 StrokePath::fibre_near(const LimbSpot& spot, const glm::vec3& position,
                                 const glm::vec3& normal) const {
  if (!stroke_.fibre_of.empty())
    if (std::optional<glm::vec3> f = frame_.fibre_direction(stroke_.fibre_of, position, normal)) return *f;
  // No fibres known: take them to run along the limb.
  const glm::vec3 along = frame_.axes(stroke_.segment, spot.position).along;
  const glm::vec3 t = tangent_unit(along, normal);
  return t == glm::vec3(0.f) ? frame_.around(stroke_.segment, spot.position, spot.angle_deg + 90.f) : t;
}

StrokePath::Located StrokePath::locate(float t) const {
  t = std::clamp(t, 0.f, duration());
  const bool cross = !limb_coordinates(stroke_.motion);
  if (t <= pass_ + pause_) {
    const float u = std::min(t, pass_);
    if (cross) return place_cross(centre(u), cross_offset(u));
    bool contact = true;
    float lift = 0.f;
    const LimbState state = state_pass(u, contact, lift);
    Located located = place(state);
    located.contact = contact;
    located.lift = lift;
    located.pressure = contact ? stroke_.pressure : 0.f;
    return located;
  }
  // The lighter return: back along the centre line to the start; whatever the pass ended with off
  // that line (a circle, a tap point, a cross-fibre offset) fades out early in the return.
  const float r = std::clamp((t - pass_ - pause_) / return_, 0.f, 1.f);
  const float fade = 1.f - smoothstep(0.f, 0.3f, r);
  const float u = pass_ * (1.f - ease(r));
  Located located;
  if (cross) {
    located = place_cross(centre(u), cross_offset(pass_) * fade);
  } else {
    bool contact = true;
    float lift = 0.f;
    const LimbState end = state_pass(pass_, contact, lift);
    const LimbSpot end_centre = centre(pass_);
    const LimbSpot here = centre(u);
    const LimbState state{{here.position + (end.spot.position - end_centre.position) * fade,
                           here.angle_deg + (end.spot.angle_deg - end_centre.angle_deg) * fade},
                          end.along_m * fade,
                          end.around_m * fade};
    located = place(state);
  }
  located.pressure = stroke_.pressure * kReturnPressureShare;
  return located;
}

glm::vec3 StrokePath::nominal_direction(const Located& here) const {
  const float position = centre(0.5f * pass_).position;
  const glm::vec3 along = frame_.axes(stroke_.segment, position).along;
  const float sign = stroke_.to < stroke_.from ? -1.f : 1.f;
  glm::vec3 d = tangent_unit(along * sign, here.normal);
  if (d == glm::vec3(0.f))
    d = tangent_unit(frame_.around(stroke_.segment, position, stroke_.angle_deg + 90.f), here.normal);
  return d == glm::vec3(0.f) ? glm::vec3(0.f, -1.f, 0.f) : d;
}

glm::vec3 StrokePath::direction_at(float t, const Located& here) const {
  // A pause holds still: it keeps the direction the pass ended with.
  if (t > pass_ && t <= pass_ + pause_) t = pass_;
  if (stroke_.motion == Motion::cross_fibre && t <= pass_) {
    // The stroke across the fibres, whichever way it is going (or about to go at a turning
    // point): the slow travel of the centre along the fibres is not the stroke's direction.
    const LimbSpot spot = centre(t);
    const SkinPoint c = frame_.surface_point(stroke_.segment, spot.position, spot.angle_deg);
    glm::vec3 across = glm::cross(here.normal, fibre_near(spot, here.position, here.normal));
    // The same sense as the stroke's: the perpendicular at the centre, which the offset follows.
    if (glm::dot(across, glm::cross(c.normal, fibre_near(spot, c.position, c.normal))) < 0.f)
      across = -across;
    const float phase = kTwoPi * frequency_ * t;
    const float velocity = std::cos(phase);
    const float sign = std::abs(velocity) > 1e-3f ? velocity : -std::sin(phase);
    const glm::vec3 d = tangent_unit(sign < 0.f ? -across : across, here.normal);
    if (d != glm::vec3(0.f)) return d;
  }
  const glm::vec3 at = locate(t).position;
  const glm::vec3 central = locate(t + kDifferenceStep).position - locate(t - kDifferenceStep).position;
  glm::vec3 d = tangent_unit(central, here.normal);
  if (glm::length(central) > kMinMotion && d != glm::vec3(0.f)) return d;
  // Still for a moment (a turning point, a tap on the skin): where it goes next, else where it came from.
  for (float step = 4.f * kDifferenceStep; step <= 0.6f; step *= 4.f) {
    const glm::vec3 ahead = locate(t + step).position - at;
    if (glm::length(ahead) > kMinMotion && (d = tangent_unit(ahead, here.normal)) != glm::vec3(0.f)) return d;
    const glm::vec3 behind = at - locate(t - step).position;
    if (glm::length(behind) > kMinMotion && (d = tangent_unit(behind, here.normal)) != glm::vec3(0.f))
      return d;
  }
  return nominal_direction(here);
}

StrokeSample StrokePath::sample(float t) const {
  t = std::clamp(t, 0.f, duration());
  const Located here = locate(t);
  StrokeSample s;
  s.position = here.position;
  s.normal = here.normal;
  s.direction = direction_at(t, here);
  s.contact = here.contact;
  s.pressure = here.contact ? here.pressure : 0.f;
  s.lift_m = here.lift;
  return s;
}

std::vector<StrokeSample> StrokePath::samples(float t0, float t1, float step) const {
  std::vector<StrokeSample> result;
  if (!(step > 0.f) || t1 < t0) return result;
  const long count = std::min(100000L, static_cast<long>(std::floor((t1 - t0) / step + 1e-4f)) + 1);
  result.reserve(static_cast<std::size_t>(count));
  for (long i = 0; i < count; ++i) result.push_back(sample(t0 + static_cast<float>(i) * step));
  return result;
}

std::vector<TapEvent> StrokePath::taps() const {
  std::vector<TapEvent> events;
  if (stroke_.motion != Motion::taps) return events;
  for (int k = 0; k < tap_count_; ++k) {
    const Located at = place(tap_state(k));
    events.push_back({static_cast<double>(k) * tap_period_, at.position, at.normal, stroke_.pressure});
  }
  return events;
}

}  // namespace kneeviz::technique
