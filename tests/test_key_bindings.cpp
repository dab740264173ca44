// The window's keyboard as a table (app/key_bindings.h), checked on the CPU with no window: the
// keys the README and the presenter overlay promise do what they say, practising keeps the
// learner's technique from being pulled away by a stray key, and no key means two things at once.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

#include "app/key_bindings.h"

using namespace kneeviz::app;
using kneeviz::platform::digit_key;
using kneeviz::platform::Key;
using kneeviz::platform::letter_key;

TEST_SUITE("key bindings") {
  TEST_CASE("the number keys choose the techniques in the panel's order and 0 the tenth") {
    const Key keys[] = {digit_key(1), digit_key(2), digit_key(3), digit_key(4), digit_key(5),
                        digit_key(6), digit_key(7), digit_key(8), digit_key(9), digit_key(0)};
    for (int i = 0; i < 10; ++i) {
      CAPTURE(i);
      CHECK(action_for_key(keys[i], false) == KeyAction{Action::technique, i});
    }
  }

  TEST_CASE("the playback keys") {
    CHECK(action_for_key(Key::space, false) == KeyAction{Action::play_pause});
    CHECK(action_for_key(Key::right, false) == KeyAction{Action::next});
    CHECK(action_for_key(Key::left, false) == KeyAction{Action::previous});
    CHECK(action_for_key(Key::equal, false) == KeyAction{Action::faster});
    CHECK(action_for_key(Key::keypad_add, false) == KeyAction{Action::faster});
    CHECK(action_for_key(Key::minus, false) == KeyAction{Action::slower});
    CHECK(action_for_key(Key::keypad_subtract, false) == KeyAction{Action::slower});
    CHECK(action_for_key(Key::f5, false) == KeyAction{Action::presenter});
    CHECK(action_for_key(Key::escape, false) == KeyAction{Action::escape});
    CHECK_FALSE(action_for_key(letter_key('z'), false));
    CHECK_FALSE(action_for_key(Key::enter, false));  // Enter is the practice's own
  }

  TEST_CASE(
      "while practising Enter moves on and 1-4 set the pressure and Esc leaves and choosing keys rest") {
    CHECK(action_for_key(Key::enter, true) == KeyAction{Action::practice_enter});
    CHECK(action_for_key(Key::keypad_enter, true) == KeyAction{Action::practice_enter});
    CHECK(action_for_key(digit_key(1), true) == KeyAction{Action::practice_pressure, 0});
    CHECK(action_for_key(digit_key(4), true) == KeyAction{Action::practice_pressure, 3});
    CHECK(action_for_key(Key::escape, true) == KeyAction{Action::leave_practice});
    // What would start, stop or move a technique or lesson under the learner rests, the keypad's
    // + and - included (they used to change the speed while practising).
    for (const Key key :
         {Key::space, Key::left, Key::right, letter_key('g'), letter_key('t'), digit_key(5), digit_key(9),
          digit_key(0), Key::equal, Key::minus, Key::keypad_add, Key::keypad_subtract}) {
      CAPTURE(int(key));
      CHECK_FALSE(action_for_key(key, true));
    }
    // The view and the drawing stay at hand.
    CHECK(action_for_key(letter_key('r'), true) == KeyAction{Action::reset_view});
    CHECK(action_for_key(letter_key('l'), true) == KeyAction{Action::peel_skin});
    CHECK(action_for_key(Key::f5, true) == KeyAction{Action::presenter});
    CHECK(action_for_key(letter_key('s'), true) == KeyAction{Action::safety});
  }

  TEST_CASE("no key means two things in the same mode and every action has a key") {
    std::set<std::pair<Key, bool>> seen;
    std::set<Action> bound;
    for (const KeyBinding& binding : key_bindings()) {
      CAPTURE(binding.name);
      CHECK(seen.insert({binding.key, binding.practising}).second);
      CHECK(std::string(binding.name).size() > 0);
      bound.insert(binding.pressed.action);
    }
    for (const Action action : {Action::practise,
                                Action::reset_view,
                                Action::follow_hands,
                                Action::play_pause,
                                Action::guided_lesson,
                                Action::safety,
                                Action::next,
                                Action::previous,
                                Action::hide_selection,
                                Action::isolate_selection,
                                Action::presenter,
                                Action::escape,
                                Action::technique,
                                Action::faster,
                                Action::slower,
                                Action::auto_orbit,
                                Action::pen,
                                Action::clear_drawing,
                                Action::pin_notes,
                                Action::peel_skin,
                                Action::practice_enter,
                                Action::practice_pressure,
                                Action::leave_practice}) {
      CAPTURE(int(action));
      CHECK(bound.count(action) == 1);
    }
  }
}
