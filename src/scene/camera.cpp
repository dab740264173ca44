#include "scene/camera.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>

namespace kneeviz::scene {
namespace {

glm::vec3 direction_to_eye(ViewAngles a) {
  const float yaw = glm::radians(a.yaw_deg), pitch = glm::radians(a.pitch_deg);
  return {std::sin(yaw) * std::cos(pitch), std::sin(pitch), std::cos(yaw) * std::cos(pitch)};
}

std::optional<float> parse_float(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  float value = 0.f;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

float wrap_degrees(float deg) {
  deg = std::fmod(deg + 180.f, 360.f);
  if (deg < 0.f) deg += 360.f;
  return deg - 180.f;
}

}  // namespace

std::optional<ViewAngles> parse_view(std::string_view text) {
  for (const NamedView& preset : kViewPresets)
    if (text == preset.name) return preset.angles;
  const std::size_t comma = text.find(',');
  if (comma == std::string_view::npos) return std::nullopt;
  const auto yaw = parse_float(text.substr(0, comma));
  const auto pitch = parse_float(text.substr(comma + 1));
  if (!yaw || !pitch || std::abs(*pitch) > kMaxPitchDeg) return std::nullopt;
  return ViewAngles{wrap_degrees(*yaw), *pitch};
}

float OrbitCamera::fit_distance(ViewAngles angles, float aspect, const Bounds& box) const {
  if (box.empty()) return distance_;
  const glm::vec3 back = direction_to_eye(angles);
  const glm::vec3 right = glm::normalize(glm::cross(glm::vec3(0, 1, 0), back));
  const glm::vec3 up = glm::cross(back, right);
  const float tan_v = std::tan(glm::radians(vertical_fov_deg) * 0.5f);
  // A lens shift moves the image sideways, so only the part of the width left free counts.
  const float free =
      free_width > 0.f ? std::clamp(free_width, 0.1f, 1.f) : 1.f - std::min(std::abs(lens_shift_x), 0.9f);
  const float tan_h = tan_v * aspect * free;
  const float margin = 1.08f;  // a little air around the model
  float needed = 0.f;
  for (int corner = 0; corner < 8; ++corner) {
    const glm::vec3 p{corner & 1 ? box.max.x : box.min.x, corner & 2 ? box.max.y : box.min.y,
                      corner & 4 ? box.max.z : box.min.z};
    const glm::vec3 d = p - box.centre();
    // The corner sits `toward` closer to the eye than the target; it must fit inside the frustum.
    const float toward = glm::dot(d, back);
    needed = std::max(needed, toward + margin * std::abs(glm::dot(d, right)) / tan_h);
    needed = std::max(needed, toward + margin * std::abs(glm::dot(d, up)) / tan_v);
  }
  return needed;
}

void OrbitCamera::frame(const Bounds& bounds, float aspect) {
  bounds_ = bounds;
  aspect_ = aspect;
  scene_radius_ = std::max(bounds.radius(), 1e-3f);
  target_ = bounds.empty() ? glm::vec3(0.f) : bounds.centre();
  distance_ = fit_distance(angles_, aspect);
  home_ = current();
  to_.reset();
}

void OrbitCamera::set_scene(const Bounds& bounds) {
  bounds_ = bounds;
  scene_radius_ = std::max(bounds.radius(), 1e-3f);
  home_ = State{bounds.empty() ? glm::vec3(0.f) : bounds.centre(), fit_distance(home_.angles, aspect_),
                home_.angles};
}

void OrbitCamera::set_view(ViewAngles angles, bool animate) {
  // A preset looks at the whole model from its side, as a viewer expects after choosing one.
  State goal{home_.target, fit_distance(angles, aspect_), angles};
  if (animate) {
    start_transition(goal);
  } else {
    to_.reset();
    apply(goal);
  }
}

void OrbitCamera::reset(bool animate) {
  if (animate)
    start_transition(home_);
  else {
    to_.reset();
    apply(home_);
  }
}

void OrbitCamera::start_transition(const State& goal, float seconds) {
  from_ = current();
  duration_ = seconds;
  to_ = goal;
  // Turn the short way round.
  to_->angles.yaw_deg = from_.angles.yaw_deg + wrap_degrees(goal.angles.yaw_deg - from_.angles.yaw_deg);
  elapsed_ = 0.f;
}

bool OrbitCamera::update(float dt_seconds) {
  if (!to_) return false;
  elapsed_ += std::max(dt_seconds, 0.f);
  const float t = std::clamp(elapsed_ / std::max(duration_, 1e-3f), 0.f, 1.f);
  const float s = t * t * (3.f - 2.f * t);  // ease in and out
  State now;
  now.target = glm::mix(from_.target, to_->target, s);
  // Distances interpolate geometrically so that zoom speed feels even.
  now.distance = from_.distance * std::pow(to_->distance / from_.distance, s);
  now.angles.yaw_deg = glm::mix(from_.angles.yaw_deg, to_->angles.yaw_deg, s);
  now.angles.pitch_deg = glm::mix(from_.angles.pitch_deg, to_->angles.pitch_deg, s);
  apply(now);
  if (t >= 1.f) {
    angles_.yaw_deg = wrap_degrees(angles_.yaw_deg);
    to_.reset();
  }
  return true;
}

void OrbitCamera::orbit(glm::vec2 delta_pixels) {
  to_.reset();
  angles_.yaw_deg = wrap_degrees(angles_.yaw_deg - delta_pixels.x * orbit_deg_per_pixel);
  angles_.pitch_deg =
      std::clamp(angles_.pitch_deg + delta_pixels.y * orbit_deg_per_pixel, -kMaxPitchDeg, kMaxPitchDeg);
}

void OrbitCamera::pan(glm::vec2 delta_pixels, float viewport_height_pixels) {
  to_.reset();
  const float world_per_pixel = 2.f * distance_ * std::tan(glm::radians(vertical_fov_deg) * 0.5f) /
                                std::max(viewport_height_pixels, 1.f);
  const glm::vec3 back = -forward();
  const glm::vec3 right = glm::normalize(glm::cross(glm::vec3(0, 1, 0), back));
  const glm::vec3 up = glm::cross(back, right);
  target_ += (-delta_pixels.x * right + delta_pixels.y * up) * world_per_pixel;
}

void OrbitCamera::zoom(float steps, glm::vec2 cursor_ndc, float aspect) {
  to_.reset();
  const float min_distance = scene_radius_ * 0.02f, max_distance = scene_radius_ * 12.f;
  const float new_distance = std::clamp(distance_ * std::pow(0.85f, steps), min_distance, max_distance);
  const float factor = new_distance / distance_;
  // The point under the cursor on the plane through the target, facing the eye, stays put.
  const Ray ray = ray_through(cursor_ndc, aspect);
  const float along = distance_ / std::max(glm::dot(ray.direction, forward()), 1e-3f);
  const glm::vec3 under_cursor = ray.origin + ray.direction * along;
  target_ += (under_cursor - target_) * (1.f - factor);
  distance_ = new_distance;
}

void OrbitCamera::look_at(const Bounds& part) {
  look_at(part, angles_);
}

void OrbitCamera::look_at(const Bounds& part, ViewAngles angles) {
  look_at(part, angles, transition_seconds);
}

void OrbitCamera::look_at(const Bounds& part, ViewAngles angles, float seconds) {
  if (part.empty()) return;
  start_transition({part.centre(), framing_distance(part, angles), angles}, seconds);
}

float OrbitCamera::framing_distance(const Bounds& part, ViewAngles angles) const {
  // Not closer than a hand's breadth: a tiny structure should not fill a projector screen.
  return std::max(fit_distance(angles, aspect_, part) * 1.15f, scene_radius_ * 0.35f);
}

void OrbitCamera::focus_on(const glm::vec3& point) {
  focus_on(point, distance_);
}

void OrbitCamera::focus_on(const glm::vec3& point, float distance) {
  State goal = current();
  goal.target = point;
  goal.distance = std::min(distance_, std::max(distance, 1e-3f));
  start_transition(goal);
}

glm::vec3 OrbitCamera::eye() const {
  return target_ + direction_to_eye(angles_) * distance_;
}
glm::vec3 OrbitCamera::forward() const {
  return -direction_to_eye(angles_);
}

glm::mat4 OrbitCamera::view() const {
  return glm::lookAt(eye(), target_, glm::vec3(0, 1, 0));
}

glm::mat4 OrbitCamera::projection(float aspect) const {
  // Near and far hug the model so that depth keeps its precision at any zoom.
  const float near_plane = std::max(distance_ - scene_radius_ * 1.5f, distance_ * 0.01f);
  const float far_plane = distance_ + scene_radius_ * 3.f;
  const glm::mat4 shift = glm::translate(glm::mat4(1.f), glm::vec3(lens_shift_x, 0.f, 0.f));
  return shift * glm::perspective(glm::radians(vertical_fov_deg), aspect, near_plane, far_plane);
}

Ray OrbitCamera::ray_through(glm::vec2 ndc, float aspect) const {
  const glm::mat4 inverse = glm::inverse(projection(aspect) * view());
  glm::vec4 near_point = inverse * glm::vec4(ndc, -1.f, 1.f);
  glm::vec4 far_point = inverse * glm::vec4(ndc, 1.f, 1.f);
  near_point /= near_point.w;
  far_point /= far_point.w;
  return {eye(), glm::normalize(glm::vec3(far_point - near_point))};
}

}  // namespace kneeviz::scene
