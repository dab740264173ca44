#pragma once
// The window's keyboard as one table: which key does what, read by the window (app/viewer.cpp)
// and the tests. Keys are the platform's (platform::Key), as the window reports them. Which key asks
// for what is decided here and what an action does in app/viewer_model.h, both on the CPU with no
// window.

#include <optional>
#include <span>

#include "platform/input.h"

namespace kneeviz::app {

enum class Action {
  practise,           // T: practise the technique playing
  reset_view,         // R: the camera back to its framing; it stops following the hands
  follow_hands,       // F: the view follows the hands again, from the technique's opening side
  play_pause,         // Space: the lesson's clock in a lesson, else the technique
  guided_lesson,      // G: the first guided lesson, or leave the one running
  safety,             // S: the safety card
  next,               // Right: the lesson's next step, else the technique's next phase
  previous,           // Left
  hide_selection,     // H
  isolate_selection,  // I
  presenter,          // F5: presenter mode (full screen, no panel) on and off
  escape,             // Esc: leaves presenter mode, else clears the highlights and selection
  technique,          // 1-9, 0: the techniques in the panel's order (argument: 0-9)
  faster,             // + (= or the keypad's +)
  slower,             // - (or the keypad's -)
  auto_orbit,         // O
  pen,                // P: draw on the view
  clear_drawing,      // C
  pin_notes,          // N
  peel_skin,          // L: skin opaque, translucent, hidden, and back
  practice_enter,     // practising: Enter moves on
  practice_pressure,  // practising: 1-4 set the pressure (argument: 0-3)
  leave_practice,     // practising: Esc
};

struct KeyAction {
  Action action;
  int argument = 0;
  bool operator==(const KeyAction&) const = default;
};

// What pressing `key` asks for, or nullopt: a key with no binding, and while `practising` the
// playback and choosing keys (Space, Left, Right, G, T, 0-9, +, -), which rest so that a stray
// press does not pull the technique away from under the learner.
std::optional<KeyAction> action_for_key(platform::Key key, bool practising);

// One row of the table: a key, what it asks for, and whether it is the practice's own.
struct KeyBinding {
  platform::Key key;
  KeyAction pressed;
  bool practising;   // bound only while practising (else only while not)
  const char* name;  // the key as the user reads it
};
// Every binding, in the order a help screen would list them.
std::span<const KeyBinding> key_bindings();

}  // namespace kneeviz::app
