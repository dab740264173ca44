#pragma once
// The mouse in the 3D view: drags turn and pan the camera, the wheel zooms at the cursor, a click
// selects, a double-click focuses; with the pen on, a left drag draws; while a practice phase is
// performed, the left button is the hand on the skin and the wheel sets the pressure. No windowing
// library: the window passes each event with the time it came (tests/test_pointer_input.cpp drives
// it on the CPU).

#include <functional>
#include <glm/glm.hpp>
#include <optional>
#include <vector>

#include "platform/input.h"
#include "scene/camera.h"

namespace kneeviz::app {

class PointerInput {
 public:
  // Moves `camera`, which outlives it. `ui_wants_mouse`: the panel has the mouse (over it, or a
  // drag that began on it): the view ignores presses and the wheel then.
  PointerInput(scene::OrbitCamera& camera, std::function<bool()> ui_wants_mouse);

  // The window as it is this frame, before its events are delivered: its size in screen
  // coordinates and in pixels, where the cursor is and whether it is over the window.
  void set_window(glm::ivec2 window_size, glm::ivec2 framebuffer_size, glm::dvec2 cursor, bool hovered);

  // The window's events, each with the time it came (seconds on the window's clock).
  void mouse_button(platform::MouseButton button, bool pressed, double now);
  void cursor(glm::dvec2 position, double now);
  void scroll(glm::dvec2 offset, double now);

  // With the pen on, a left drag draws instead of turning the camera.
  void set_pen(bool on) { pen_ = on; }
  // While a practice phase is performed, the left button is the hand on the skin and the wheel
  // sets the pressure; the camera keeps still under them.
  void set_practice(bool on);
  bool pressing() const { return pressing_; }
  // Wheel steps taken while practising (up: firmer), once.
  int take_pressure_steps();
  // While practising, every pointer event since the last frame, in order, with its time: the
  // trace follows the mouse at its own rate, however slowly the frames come.
  struct PointerEvent {
    double t = 0.0;
    glm::vec2 ndc{0.f};
    bool pressing = false;
  };
  // The window delivers a frame's events together when it polls, so they are spread evenly over
  // the time since the last poll (`now`), in the order they came.
  std::vector<PointerEvent> take_pointer_events(double now);

  // The pen stroke being drawn, if any, and once each finished one (normalised window
  // coordinates: (0, 0) top left, (1, 1) bottom right).
  const std::optional<std::vector<glm::vec2>>& drawing() const { return drawing_; }
  std::optional<std::vector<glm::vec2>> take_stroke();

  // Where the cursor is as the window last told (set_window), in normalised device coordinates.
  glm::vec2 cursor_ndc() const { return ndc_of(polled_cursor_); }
  // The view's width over its height.
  float aspect() const;
  // Seconds since the mouse last moved.
  double seconds_since_motion(double now) const { return now - last_motion_time_; }
  // Seconds since the mouse last turned, panned or zoomed the view.
  double seconds_since_view_input(double now) const { return now - last_view_input_; }
  // True once after a double-click in the 3D view.
  bool take_focus_request();
  // True once after a left click (press and release without dragging) in the 3D view.
  bool take_click();
  // True once after the user turned, panned or zoomed the view with the mouse.
  bool take_user_move();
  // The pixel of a `framebuffer`-sized picture under the cursor while it rests over the 3D view,
  // not dragging.
  std::optional<glm::ivec2> hover_pixel(glm::ivec2 framebuffer) const;

 private:
  glm::vec2 normalised(glm::dvec2 position) const;
  glm::vec2 ndc_of(glm::dvec2 position) const;
  bool dragging(platform::MouseButton button) const { return dragging_ && *dragging_ == button; }

  scene::OrbitCamera& camera_;
  std::function<bool()> ui_wants_mouse_;
  glm::ivec2 window_size_{1}, framebuffer_size_{1};
  // Where the cursor is, as the window tells when asked, and as its events have it so far: the
  // events may lag behind the window's answer by the motion queued behind them.
  glm::dvec2 polled_cursor_{0.0}, last_{0.0};
  bool hovered_ = false;
  std::optional<platform::MouseButton> dragging_;
  bool user_moved_ = false;
  double last_view_input_ = -1e9;
  glm::dvec2 last_click_{-100.0};
  double last_click_time_ = -1.0;
  bool focus_requested_ = false;
  bool clicked_ = false;
  glm::dvec2 pressed_at_{0.0};
  bool pen_ = false;
  bool practice_ = false, pressing_ = false;
  int pressure_steps_ = 0;
  std::vector<PointerEvent> pointer_events_;
  double last_taken_ = 0.0;
  double last_motion_time_ = 0.0;
  std::optional<std::vector<glm::vec2>> drawing_, finished_stroke_;
};

}  // namespace kneeviz::app
