#include "app/pointer_input.h"

#include <algorithm>
#include <utility>

#include "session/scene_file.h"

namespace kneeviz::app {

using platform::MouseButton;

namespace {
// A press and release closer than this (screen coordinates) is a click, not a drag.
constexpr double kClickSlop = 4.0;
// Two clicks within this long and this close are a double-click.
constexpr double kDoubleClickSeconds = 0.35, kDoubleClickSlop = 5.0;
}  // namespace

PointerInput::PointerInput(scene::OrbitCamera& camera, std::function<bool()> ui_wants_mouse)
    : camera_(camera), ui_wants_mouse_(std::move(ui_wants_mouse)) {}

void PointerInput::set_window(glm::ivec2 window_size, glm::ivec2 framebuffer_size, glm::dvec2 cursor,
                              bool hovered) {
  window_size_ = window_size;
  framebuffer_size_ = framebuffer_size;
  polled_cursor_ = cursor;
  hovered_ = hovered;
}

void PointerInput::set_practice(bool on) {
  practice_ = on;
  if (!on) {
    pressing_ = false;
    pointer_events_.clear();
  }
}

int PointerInput::take_pressure_steps() {
  return std::exchange(pressure_steps_, 0);
}

std::vector<PointerInput::PointerEvent> PointerInput::take_pointer_events(double now) {
  std::vector<PointerEvent> events = std::exchange(pointer_events_, {});
  const double from = std::min(std::max(last_taken_, now - 5.0), now);
  for (std::size_t i = 0; i < events.size(); ++i)
    events[i].t = from + (now - from) * double(i + 1) / double(events.size() + 1);
  last_taken_ = now;
  return events;
}

void PointerInput::mouse_button(MouseButton button, bool pressed, double now) {
  if (!pressed) {
    if (button == MouseButton::left && pressing_) {
      pressing_ = false;
      pointer_events_.push_back({now, ndc_of(last_), false});
      return;
    }
    if (drawing_) {
      finished_stroke_ = std::move(drawing_);
      drawing_.reset();
    } else if (dragging(MouseButton::left) && glm::distance(last_, pressed_at_) < kClickSlop) {
      clicked_ = true;
    }
    dragging_.reset();
    return;
  }
  if (ui_wants_mouse_()) return;
  // Where the cursor was when the button went down, from the events in order: asking the window
  // where it is now would give where it is after the motion queued behind the press, and the drag
  // would jump by that much on a slow frame.
  if (practice_ && button == MouseButton::left) {
    pressing_ = true;
    pointer_events_.push_back({now, ndc_of(last_), true});
    return;
  }
  dragging_ = button;
  pressed_at_ = last_;
  if (button != MouseButton::left) return;
  if (pen_) {
    drawing_ = std::vector<glm::vec2>{normalised(last_)};
    return;
  }
  const bool double_click =
      now - last_click_time_ < kDoubleClickSeconds && glm::distance(last_, last_click_) < kDoubleClickSlop;
  last_click_time_ = double_click ? -1.0 : now;
  last_click_ = last_;
  if (double_click) focus_requested_ = true;
}

void PointerInput::cursor(glm::dvec2 position, double now) {
  const glm::vec2 delta = glm::vec2(position - last_);
  last_ = position;
  last_motion_time_ = now;
  if (practice_ && !ui_wants_mouse_() && pointer_events_.size() < 10000)
    pointer_events_.push_back({now, ndc_of(position), pressing_});
  if (drawing_) {
    // A point every few pixels is smooth enough and keeps saved scenes small.
    const glm::vec2 p = normalised(position);
    if (glm::length((p - drawing_->back()) * glm::vec2(window_size_)) >= 3.f) drawing_->push_back(p);
    // A long scribble goes on as a new stroke from the same point: a scene keeps strokes of up to
    // session::kMaxPenPoints.
    if (drawing_->size() == session::kMaxPenPoints && !finished_stroke_) {
      finished_stroke_ = std::move(drawing_);
      drawing_ = std::vector<glm::vec2>{finished_stroke_->back()};
    }
  } else if (dragging(MouseButton::left)) {
    camera_.orbit(delta);
    last_view_input_ = now;
    user_moved_ = user_moved_ || glm::distance(last_, pressed_at_) >= kClickSlop;  // a drag, not a click
  } else if (dragging(MouseButton::right) || dragging(MouseButton::middle)) {
    camera_.pan(delta, float(window_size_.y));
    last_view_input_ = now;
    user_moved_ = user_moved_ || glm::distance(last_, pressed_at_) >= kClickSlop;
  }
}

void PointerInput::scroll(glm::dvec2 offset, double now) {
  if (ui_wants_mouse_()) return;
  if (practice_) {
    pressure_steps_ += offset.y > 0.0 ? 1 : offset.y < 0.0 ? -1 : 0;
    return;
  }
  camera_.zoom(float(offset.y), cursor_ndc(), aspect());
  user_moved_ = true;
  last_view_input_ = now;
}

std::optional<std::vector<glm::vec2>> PointerInput::take_stroke() {
  return std::exchange(finished_stroke_, std::nullopt);
}

float PointerInput::aspect() const {
  return float(framebuffer_size_.x) / float(std::max(framebuffer_size_.y, 1));
}

bool PointerInput::take_focus_request() {
  return std::exchange(focus_requested_, false);
}
bool PointerInput::take_click() {
  return std::exchange(clicked_, false);
}
bool PointerInput::take_user_move() {
  return std::exchange(user_moved_, false);
}

std::optional<glm::ivec2> PointerInput::hover_pixel(glm::ivec2 framebuffer) const {
  if (dragging_ || ui_wants_mouse_() || !hovered_) return std::nullopt;
  const glm::vec2 ndc = cursor_ndc();
  return glm::ivec2(int((ndc.x * 0.5f + 0.5f) * float(framebuffer.x)),
                    int((0.5f - ndc.y * 0.5f) * float(framebuffer.y)));
}

glm::vec2 PointerInput::normalised(glm::dvec2 position) const {
  return glm::vec2(position) / glm::max(glm::vec2(window_size_), glm::vec2(1.f));
}

glm::vec2 PointerInput::ndc_of(glm::dvec2 position) const {
  const glm::vec2 p = normalised(position);
  return {p.x * 2.f - 1.f, 1.f - p.y * 2.f};
}

}  // namespace kneeviz::app
