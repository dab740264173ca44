#pragma once
// The pinned notes on an exported screenshot, drawn as the window draws them: ImGui's draw list of
// the notes (ui::draw_notes) rendered by ImGui's OpenGL backend into a transparent picture of the
// export's size, then laid over the screenshot. Here, not in ui/, because it makes GL calls.

#include <vector>

#include "render/render_target.h"
#include "ui/annotations.h"

namespace kneeviz::app {

// The notes drawn onto `image` (positions in its pixels), their type `scale` times the window's.
// Needs the window's ImGui and its OpenGL backend; renders into a framebuffer of its own and
// leaves the one bound, and the clear colour, as they were.
void stamp_notes(render::Image& image, const std::vector<ui::NoteOnScreen>& notes, float scale, bool large);

}  // namespace kneeviz::app
