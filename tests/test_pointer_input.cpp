// The mouse in the 3D view (app/pointer_input.h), driven on the CPU with events as a window gives
// them: a drag turns the camera and is no click, a click selects, two quick clicks focus, the right
// button pans, the wheel zooms, the panel keeps what lands on it, the pen draws instead of turning,
// and a practice takes the left button and the wheel with every event timed.
#include <doctest/doctest.h>

#include <cmath>
#include <optional>
#include <vector>

#include "app/pointer_input.h"
#include "scene/camera.h"

using namespace kneeviz;
using platform::MouseButton;

namespace {

struct Fixture {
  scene::OrbitCamera camera;
  bool ui_has_mouse = false;
  app::PointerInput input{camera, [this] { return ui_has_mouse; }};
  double now = 10.0;

  Fixture() {
    scene::Bounds leg;
    leg.extend({-0.1f, 0.f, -0.1f});
    leg.extend({0.1f, 0.9f, 0.1f});
    camera.frame(leg, 16.f / 9.f);
    input.set_window({1600, 900}, {1600, 900}, {800.0, 450.0}, true);
    input.cursor({800.0, 450.0}, now);
  }
  void move_to(glm::dvec2 p) {
    now += 0.01;
    input.cursor(p, now);
    input.set_window({1600, 900}, {1600, 900}, p, true);
  }
  void press(MouseButton b) {
    now += 0.01;
    input.mouse_button(b, true, now);
  }
  void release(MouseButton b) {
    now += 0.01;
    input.mouse_button(b, false, now);
  }
};

float turn_between(float a, float b) {
  return std::abs(std::remainder(a - b, 360.f));
}

}  // namespace

TEST_CASE("a left drag turns the camera and is not a click") {
  Fixture f;
  const scene::ViewAngles before = f.camera.angles();
  f.press(MouseButton::left);
  for (int i = 1; i <= 10; ++i) f.move_to({800.0 + 10.0 * i, 450.0});
  f.release(MouseButton::left);
  CHECK(turn_between(f.camera.angles().yaw_deg, before.yaw_deg) > 5.f);
  CHECK_FALSE(f.input.take_click());
  CHECK(f.input.take_user_move());
  CHECK_FALSE(f.input.take_user_move());  // once
  CHECK(f.input.seconds_since_view_input(f.now) < 0.05);
}

TEST_CASE("a click is no move of the view and two quick clicks ask for focus") {
  Fixture f;
  const scene::ViewAngles before = f.camera.angles();
  f.press(MouseButton::left);
  f.move_to({801.0, 451.0});  // a hand's tremble is still a click
  f.release(MouseButton::left);
  CHECK(f.input.take_click());
  CHECK_FALSE(f.input.take_click());
  CHECK_FALSE(f.input.take_user_move());  // the work camera keeps following
  CHECK(turn_between(f.camera.angles().yaw_deg, before.yaw_deg) < 1.f);
  CHECK_FALSE(f.input.take_focus_request());
  f.press(MouseButton::left);
  f.release(MouseButton::left);
  CHECK(f.input.take_focus_request());
  // Slow clicks are two clicks, no focus.
  f.now += 1.0;
  f.press(MouseButton::left);
  f.release(MouseButton::left);
  f.now += 1.0;
  f.press(MouseButton::left);
  f.release(MouseButton::left);
  CHECK_FALSE(f.input.take_focus_request());
}

TEST_CASE("the right button pans and the wheel zooms at the cursor") {
  Fixture f;
  const glm::vec3 target = f.camera.target();
  f.press(MouseButton::right);
  f.move_to({900.0, 500.0});
  f.release(MouseButton::right);
  CHECK(glm::distance(f.camera.target(), target) > 0.01f);

  const float distance = f.camera.goal_distance();
  f.input.scroll({0.0, 1.0}, f.now);
  for (int i = 0; i < 100 && f.camera.update(0.05f); ++i) {
  }
  CHECK(f.camera.distance() < distance * 0.95f);
  CHECK(f.input.take_user_move());
}

TEST_CASE("what lands on the panel stays with the panel") {
  Fixture f;
  const scene::ViewAngles before = f.camera.angles();
  const float distance = f.camera.goal_distance();
  f.ui_has_mouse = true;
  f.press(MouseButton::left);
  f.move_to({1000.0, 450.0});
  f.release(MouseButton::left);
  f.input.scroll({0.0, 3.0}, f.now);
  CHECK(f.camera.angles().yaw_deg == before.yaw_deg);
  CHECK(f.camera.goal_distance() == distance);
  CHECK_FALSE(f.input.take_click());
  CHECK_FALSE(f.input.hover_pixel({1600, 900}));
}

TEST_CASE("the pixel under a resting cursor and none while dragging or away") {
  Fixture f;
  f.move_to({400.0, 225.0});
  const std::optional<glm::ivec2> pixel = f.input.hover_pixel({800, 450});
  REQUIRE(pixel);
  CHECK(pixel->x == 200);
  CHECK(pixel->y == 112);
  f.press(MouseButton::left);
  CHECK_FALSE(f.input.hover_pixel({800, 450}));
  f.release(MouseButton::left);
  f.input.set_window({1600, 900}, {1600, 900}, {400.0, 225.0}, false);
  CHECK_FALSE(f.input.hover_pixel({800, 450}));
}

TEST_CASE("with the pen on a left drag draws a stroke and leaves the camera") {
  Fixture f;
  const scene::ViewAngles before = f.camera.angles();
  f.input.set_pen(true);
  f.press(MouseButton::left);
  for (int i = 1; i <= 20; ++i) f.move_to({800.0 + 8.0 * i, 450.0 + 4.0 * i});
  REQUIRE(f.input.drawing());
  f.release(MouseButton::left);
  CHECK_FALSE(f.input.drawing());
  const std::optional<std::vector<glm::vec2>> stroke = f.input.take_stroke();
  REQUIRE(stroke);
  CHECK(stroke->size() >= 10);
  CHECK(stroke->front().x == doctest::Approx(0.5f));
  CHECK(stroke->back().x == doctest::Approx((800.0 + 160.0) / 1600.0));
  CHECK(stroke->back().y == doctest::Approx((450.0 + 80.0) / 900.0));
  CHECK_FALSE(f.input.take_stroke());
  CHECK(f.camera.angles().yaw_deg == before.yaw_deg);
}

TEST_CASE("practising the left button is the hand on the skin and the wheel the pressure") {
  Fixture f;
  const scene::ViewAngles before = f.camera.angles();
  const float distance = f.camera.goal_distance();
  f.input.set_practice(true);
  const double start = f.now;
  f.press(MouseButton::left);
  CHECK(f.input.pressing());
  for (int i = 1; i <= 5; ++i) f.move_to({800.0 + 20.0 * i, 450.0});
  f.release(MouseButton::left);
  CHECK_FALSE(f.input.pressing());
  f.input.scroll({0.0, 1.0}, f.now);
  f.input.scroll({0.0, 1.0}, f.now);
  f.input.scroll({0.0, -1.0}, f.now);
  CHECK(f.input.take_pressure_steps() == 1);
  CHECK(f.input.take_pressure_steps() == 0);
  CHECK(f.camera.angles().yaw_deg == before.yaw_deg);
  CHECK(f.camera.goal_distance() == distance);

  const std::vector<app::PointerInput::PointerEvent> events = f.input.take_pointer_events(f.now);
  REQUIRE(events.size() == 7);  // down, five moves, up
  CHECK(events.front().pressing);
  CHECK_FALSE(events.back().pressing);
  CHECK(events[5].ndc.x == doctest::Approx((900.0 / 1600.0) * 2.0 - 1.0));
  for (std::size_t i = 1; i < events.size(); ++i) CHECK(events[i].t > events[i - 1].t);
  CHECK(events.front().t >= start - 5.0);
  CHECK(events.back().t < f.now);
  CHECK(f.input.take_pointer_events(f.now).empty());

  // Leaving practice lets go of the button and what was not taken.
  f.press(MouseButton::left);
  f.input.set_practice(false);
  CHECK_FALSE(f.input.pressing());
  CHECK(f.input.take_pointer_events(f.now).empty());
}
