#include "app/key_bindings.h"

#include <algorithm>
#include <array>

namespace kneeviz::app {

using platform::digit_key;
using platform::Key;
using platform::letter_key;

namespace {

constexpr KeyBinding bind(Key key, Action action, const char* name, int argument = 0) {
  return {key, {action, argument}, false, name};
}
constexpr KeyBinding practising(Key key, Action action, const char* name, int argument = 0) {
  return {key, {action, argument}, true, name};
}

constexpr std::array kBindings{
    bind(Key::space, Action::play_pause, "Space"),
    bind(Key::right, Action::next, "Right"),
    bind(Key::left, Action::previous, "Left"),
    bind(Key::equal, Action::faster, "+"),
    bind(Key::keypad_add, Action::faster, "keypad +"),
    bind(Key::minus, Action::slower, "-"),
    bind(Key::keypad_subtract, Action::slower, "keypad -"),
    bind(digit_key(1), Action::technique, "1", 0),
    bind(digit_key(2), Action::technique, "2", 1),
    bind(digit_key(3), Action::technique, "3", 2),
    bind(digit_key(4), Action::technique, "4", 3),
    bind(digit_key(5), Action::technique, "5", 4),
    bind(digit_key(6), Action::technique, "6", 5),
    bind(digit_key(7), Action::technique, "7", 6),
    bind(digit_key(8), Action::technique, "8", 7),
    bind(digit_key(9), Action::technique, "9", 8),
    bind(digit_key(0), Action::technique, "0", 9),
    bind(letter_key('t'), Action::practise, "T"),
    bind(letter_key('g'), Action::guided_lesson, "G"),
    bind(letter_key('f'), Action::follow_hands, "F"),
    bind(letter_key('r'), Action::reset_view, "R"),
    bind(letter_key('o'), Action::auto_orbit, "O"),
    bind(letter_key('s'), Action::safety, "S"),
    bind(letter_key('l'), Action::peel_skin, "L"),
    bind(letter_key('h'), Action::hide_selection, "H"),
    bind(letter_key('i'), Action::isolate_selection, "I"),
    bind(letter_key('p'), Action::pen, "P"),
    bind(letter_key('c'), Action::clear_drawing, "C"),
    bind(letter_key('n'), Action::pin_notes, "N"),
    bind(Key::f5, Action::presenter, "F5"),
    bind(Key::escape, Action::escape, "Esc"),
    practising(Key::enter, Action::practice_enter, "Enter"),
    practising(Key::keypad_enter, Action::practice_enter, "keypad Enter"),
    practising(digit_key(1), Action::practice_pressure, "1", 0),
    practising(digit_key(2), Action::practice_pressure, "2", 1),
    practising(digit_key(3), Action::practice_pressure, "3", 2),
    practising(digit_key(4), Action::practice_pressure, "4", 3),
    practising(Key::escape, Action::leave_practice, "Esc"),
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

std::optional<KeyAction> action_for_key(Key key, bool practising) {
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
