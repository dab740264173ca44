#pragma once
// The window's input in the program's own terms: plain values, no windowing library, so that what
// a key or a button does is decided and tested without a window (app/key_bindings.h,
// app/pointer_input.h).

namespace kneeviz::platform {

// The keys the window tells of, by what is printed on them rather than by the windowing library's
// codes. Digits and letters each run in order (digit_key, letter_key).
// A table, one row per kind of key.
// clang-format off
enum class Key {
  unknown,
  space, enter, keypad_enter, escape, left, right, equal, minus, keypad_add, keypad_subtract, f5,
  digit_0, digit_1, digit_2, digit_3, digit_4, digit_5, digit_6, digit_7, digit_8, digit_9,
  a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z,
};
// clang-format on
constexpr Key digit_key(int digit) {
  return Key(int(Key::digit_0) + digit);
}
constexpr Key letter_key(char letter) {
  return Key(int(Key::a) + (letter - 'a'));
}

enum class MouseButton { left, right, middle, other };

}  // namespace kneeviz::platform
