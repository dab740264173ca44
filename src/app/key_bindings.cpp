#include "app/key_bindings.h"

#include <GLFW/glfw3.h>

#include <algorithm>
#include <array>

namespace kneeviz::app {

namespace {

constexpr KeyBinding bind(int key, Action action, const char* name, int argument = 0) {
  return {key, {action, argument}, false, name};
}
constexpr KeyBinding practising(int key, Action action, const char* name, int argument = 0) {
  return {key, {action, argument}, true, name};
}

constexpr std::array kBindings{
    bind(GLFW_KEY_SPACE, Action::play_pause, "Space"),
    bind(GLFW_KEY_RIGHT, Action::next, "Right"),
    bind(GLFW_KEY_LEFT, Action::previous, "Left"),
    bind(GLFW_KEY_EQUAL, Action::faster, "+"),
    bind(GLFW_KEY_KP_ADD, Action::faster, "keypad +"),
    bind(GLFW_KEY_MINUS, Action::slower, "-"),
    bind(GLFW_KEY_KP_SUBTRACT, Action::slower, "keypad -"),
    bind(GLFW_KEY_1, Action::technique, "1", 0),
    bind(GLFW_KEY_2, Action::technique, "2", 1),
    bind(GLFW_KEY_3, Action::technique, "3", 2),
    bind(GLFW_KEY_4, Action::technique, "4", 3),
    bind(GLFW_KEY_5, Action::technique, "5", 4),
    bind(GLFW_KEY_6, Action::technique, "6", 5),
    bind(GLFW_KEY_7, Action::technique, "7", 6),
    bind(GLFW_KEY_8, Action::technique, "8", 7),
    bind(GLFW_KEY_9, Action::technique, "9", 8),
    bind(GLFW_KEY_0, Action::technique, "0", 9),
    bind(GLFW_KEY_T, Action::practise, "T"),
    bind(GLFW_KEY_G, Action::guided_lesson, "G"),
    bind(GLFW_KEY_F, Action::follow_hands, "F"),
    bind(GLFW_KEY_R, Action::reset_view, "R"),
    bind(GLFW_KEY_O, Action::auto_orbit, "O"),
    bind(GLFW_KEY_S, Action::safety, "S"),
    bind(GLFW_KEY_L, Action::peel_skin, "L"),
    bind(GLFW_KEY_H, Action::hide_selection, "H"),
    bind(GLFW_KEY_I, Action::isolate_selection, "I"),
    bind(GLFW_KEY_P, Action::pen, "P"),
    bind(GLFW_KEY_C, Action::clear_drawing, "C"),
    bind(GLFW_KEY_N, Action::pin_notes, "N"),
    bind(GLFW_KEY_F5, Action::presenter, "F5"),
    bind(GLFW_KEY_ESCAPE, Action::escape, "Esc"),
    practising(GLFW_KEY_ENTER, Action::practice_enter, "Enter"),
    practising(GLFW_KEY_KP_ENTER, Action::practice_enter, "keypad Enter"),
    practising(GLFW_KEY_1, Action::practice_pressure, "1", 0),
    practising(GLFW_KEY_2, Action::practice_pressure, "2", 1),
    practising(GLFW_KEY_3, Action::practice_pressure, "3", 2),
    practising(GLFW_KEY_4, Action::practice_pressure, "4", 3),
    practising(GLFW_KEY_ESCAPE, Action::leave_practice, "Esc"),
};

// What rests while practising: the keys that would start, stop or move a technique or lesson.
bool rests_while_practising(Action action) {
  switch (action) {
    case Action::play_pause:
    case Action::next:
    case Action::previous:
    case Action::faster:
    case Action::slower:
    case Action::technique:
    case Action::practise:
    case Action::guided_lesson:
    case Action::escape:  // Esc is the practice's own: it leaves the practice
      return true;
    default:
      return false;
  }
}

}  // namespace

std::optional<KeyAction> action_for_key(int key, bool practising) {
  if (practising) {
    const auto own = std::find_if(kBindings.begin(), kBindings.end(),
                                  [key](const KeyBinding& b) { return b.practising && b.key == key; });
    if (own != kBindings.end()) return own->pressed;
  }
  const auto found = std::find_if(kBindings.begin(), kBindings.end(),
                                  [key](const KeyBinding& b) { return !b.practising && b.key == key; });
  if (found == kBindings.end()) return std::nullopt;
  if (practising && rests_while_practising(found->pressed.action)) return std::nullopt;
  return found->pressed;
}

std::span<const KeyBinding> key_bindings() {
  return kBindings;
}

}  // namespace kneeviz::app
