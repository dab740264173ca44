#pragma once
// The orbit camera: turns around a target, zooms toward the cursor, pans, frames the model and
// moves smoothly between anatomical views. Pure maths, no GL and no window.

#include <optional>
#include <string>
#include <string_view>

#include "scene/model.h"

namespace kneeviz::scene {

// The steepest a view looks up or down, in degrees: beyond it the orbit would flip over the pole.
// Views read from files (saved scenes, lessons) and the command line are held to it too.
inline constexpr float kMaxPitchDeg = 89.f;

// Yaw turns around +Y: 0 looks at the front (+Z, anterior), -90 at the lateral side of a right
// leg (-X), 90 at the medial side, 180 at the back. Pitch lifts the eye above the horizon.
struct ViewAngles {
  float yaw_deg = 0.f;
  float pitch_deg = 0.f;
  bool operator==(const ViewAngles&) const = default;
};

struct NamedView {
  const char* name;
  ViewAngles angles;
};
inline constexpr NamedView kViewPresets[] = {
    {"anterior", {0.f, 8.f}},
    {"posterior", {180.f, 8.f}},
    {"lateral", {-90.f, 8.f}},
    {"medial", {90.f, 8.f}},
};

// "anterior", "posterior", "lateral", "medial", or "YAW,PITCH" in degrees (pitch within ±89).
// Returns nothing for anything else.
std::optional<ViewAngles> parse_view(std::string_view text);

struct Ray {
  glm::vec3 origin;
  glm::vec3 direction;  // unit
};

class OrbitCamera {
 public:
  float vertical_fov_deg = 30.f;
  float orbit_deg_per_pixel = 0.3f;
  float transition_seconds = 0.45f;
  // Moves the image sideways by this much of normalised device space (2 = the full width), so
  // that the target sits in the middle of the part of the window a side panel leaves free.
  float lens_shift_x = 0.f;
  // The share of the window's width the picture has free between side windows (a panel on one
  // side, a card on the other), for framing; 0: 1 - |lens_shift_x| (a panel on one side only).
  float free_width = 0.f;

  // Puts the target at the centre of the bounds and backs off until the whole box fits the view
  // of the given aspect ratio from the current angles. Becomes the state reset() returns to.
  // Call set_view() first to frame from a given side.
  void frame(const Bounds& bounds, float aspect);
  // Looks at the framed model from these angles, at the distance that fits it from that side.
  void set_view(ViewAngles angles, bool animate);
  void reset(bool animate = true);
  // The scene the depth range must hold, and the one R frames, without moving the view (the client
  // laid on a table, say).
  void set_scene(const Bounds& bounds);

  void orbit(glm::vec2 delta_pixels);
  void pan(glm::vec2 delta_pixels, float viewport_height_pixels);
  // steps > 0 zooms in. cursor_ndc in [-1, 1]²: the point under it stays under it.
  void zoom(float steps, glm::vec2 cursor_ndc, float aspect);
  // Moves (animated) to look at a part of the model from the current angles, close enough that
  // the box fills the view.
  void look_at(const Bounds& part);
  // The same from other angles: turns and frames in one move.
  void look_at(const Bounds& part, ViewAngles angles);
  // The same, gliding over `seconds` rather than transition_seconds (a camera following the work
  // moves slower than one the user sends).
  void look_at(const Bounds& part, ViewAngles angles, float seconds);
  // How far from its centre look_at() would put the eye to frame `part` from `angles`.
  float framing_distance(const Bounds& part, ViewAngles angles) const;
  // Where the camera is heading: the end of the transition running, else where it is.
  glm::vec3 goal_target() const { return to_ ? to_->target : target_; }
  float goal_distance() const { return to_ ? to_->distance : distance_; }
  // Moves the target (animated) onto a point, keeping angles and distance.
  void focus_on(const glm::vec3& point);
  // The same, and closer when further than `distance` (a working distance); never further.
  void focus_on(const glm::vec3& point, float distance);
  // Advances any transition; returns true while one is running.
  bool update(float dt_seconds);

  // Jumps to a saved state (no transition).
  void restore(const glm::vec3& target, float distance, ViewAngles angles) {
    to_.reset();
    target_ = target;
    distance_ = distance;
    angles_ = angles;
  }
  glm::vec3 target() const { return target_; }
  float distance() const { return distance_; }
  ViewAngles angles() const { return angles_; }
  glm::vec3 eye() const;
  glm::vec3 forward() const;  // unit, from the eye toward the target
  glm::mat4 view() const;
  glm::mat4 projection(float aspect) const;
  Ray ray_through(glm::vec2 ndc, float aspect) const;

 private:
  struct State {
    glm::vec3 target{0.f};
    float distance = 3.f;
    ViewAngles angles;
  };
  void start_transition(const State& goal, float seconds);
  void start_transition(const State& goal) { start_transition(goal, transition_seconds); }
  float fit_distance(ViewAngles angles, float aspect) const { return fit_distance(angles, aspect, bounds_); }
  float fit_distance(ViewAngles angles, float aspect, const Bounds& box) const;
  State current() const { return {target_, distance_, angles_}; }
  void apply(const State& s) {
    target_ = s.target;
    distance_ = s.distance;
    angles_ = s.angles;
  }

  glm::vec3 target_{0.f};
  float distance_ = 3.f;
  ViewAngles angles_;
  Bounds bounds_;
  float aspect_ = 1.f;
  float scene_radius_ = 1.f;
  State home_;
  // The transition in progress, if any: eased from `from_` to `to_` over `duration_` seconds.
  std::optional<State> to_;
  State from_;
  float elapsed_ = 0.f;
  float duration_ = 0.45f;
};

}  // namespace kneeviz::scene
