// The window's keyboard as a table (app/key_bindings.h), checked on the CPU with no window: the
// keys the README and the presenter overlay promise do what they say, practising keeps the
// learner's technique from being pulled away by a stray key, and no key means two things at once.
#include <GLFW/glfw3.h>
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <utility>

#include "app/key_bindings.h"

using namespace kneeviz::app;

TEST_SUITE("key bindings") {
  TEST_CASE("the number keys choose the techniques in the panel's order and 0 the tenth") {
    const int keys[] = {GLFW_KEY_1, GLFW_KEY_2, GLFW_KEY_3, GLFW_KEY_4, GLFW_KEY_5,
                        GLFW_KEY_6, GLFW_KEY_7, GLFW_KEY_8, GLFW_KEY_9, GLFW_KEY_0};
    for (int i = 0; i < 10; ++i) {
      CAPTURE(i);
      CHECK(action_for_key(keys[i], false) == KeyAction{Action::technique, i});
    }
  }

  TEST_CASE("the playback keys") {
    CHECK(action_for_key(GLFW_KEY_SPACE, false) == KeyAction{Action::play_pause});
    CHECK(action_for_key(GLFW_KEY_RIGHT, false) == KeyAction{Action::next});
    CHECK(action_for_key(GLFW_KEY_LEFT, false) == KeyAction{Action::previous});
    CHECK(action_for_key(GLFW_KEY_EQUAL, false) == KeyAction{Action::faster});
    CHECK(action_for_key(GLFW_KEY_KP_ADD, false) == KeyAction{Action::faster});
    CHECK(action_for_key(GLFW_KEY_MINUS, false) == KeyAction{Action::slower});
    CHECK(action_for_key(GLFW_KEY_KP_SUBTRACT, false) == KeyAction{Action::slower});
    CHECK(action_for_key(GLFW_KEY_F5, false) == KeyAction{Action::presenter});
    CHECK(action_for_key(GLFW_KEY_ESCAPE, false) == KeyAction{Action::escape});
    CHECK_FALSE(action_for_key(GLFW_KEY_Z, false));
    CHECK_FALSE(action_for_key(GLFW_KEY_ENTER, false));  // Enter is the practice's own
  }

  TEST_CASE(
      "while practising Enter moves on and 1-4 set the pressure and Esc leaves and choosing keys rest") {
    CHECK(action_for_key(GLFW_KEY_ENTER, true) == KeyAction{Action::practice_enter});
    CHECK(action_for_key(GLFW_KEY_KP_ENTER, true) == KeyAction{Action::practice_enter});
    CHECK(action_for_key(GLFW_KEY_1, true) == KeyAction{Action::practice_pressure, 0});
    CHECK(action_for_key(GLFW_KEY_4, true) == KeyAction{Action::practice_pressure, 3});
    CHECK(action_for_key(GLFW_KEY_ESCAPE, true) == KeyAction{Action::leave_practice});
    // What would start, stop or move a technique or lesson under the learner rests, the keypad's
    // + and - included (they used to change the speed while practising).
    for (const int key :
         {GLFW_KEY_SPACE, GLFW_KEY_LEFT, GLFW_KEY_RIGHT, GLFW_KEY_G, GLFW_KEY_T, GLFW_KEY_5, GLFW_KEY_9,
          GLFW_KEY_0, GLFW_KEY_EQUAL, GLFW_KEY_MINUS, GLFW_KEY_KP_ADD, GLFW_KEY_KP_SUBTRACT}) {
      CAPTURE(key);
      CHECK_FALSE(action_for_key(key, true));
    }
    // The view and the drawing stay at hand.
    CHECK(action_for_key(GLFW_KEY_R, true) == KeyAction{Action::reset_view});
    CHECK(action_for_key(GLFW_KEY_L, true) == KeyAction{Action::peel_skin});
    CHECK(action_for_key(GLFW_KEY_F5, true) == KeyAction{Action::presenter});
    CHECK(action_for_key(GLFW_KEY_S, true) == KeyAction{Action::safety});
  }

  TEST_CASE("no key means two things in the same mode and every action has a key") {
    std::set<std::pair<int, bool>> seen;
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
