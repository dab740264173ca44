#pragma once
// The panel's look in Dear ImGui, the same for the window and for the panel drawn without one
// (`bench`, `soak`): its style and colours, and DejaVu Sans at the panel's size and at about twice
// it, both scaled.

struct ImFont;

namespace kneeviz::ui {

// Sets the current ImGui context's style and fonts for `scale` (1: an ordinary 96-DPI screen;
// clamped to 1-4). The renderer backend builds the font atlas anew at its next frame.
void apply_look(float scale);

// DejaVu Sans at about twice the panel's size, for presenter mode and captions read across a room;
// the current font where apply_look() has not run or found no font.
ImFont* large_font();

}  // namespace kneeviz::ui
