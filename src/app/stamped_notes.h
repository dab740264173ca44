#pragma once
// The pen's strokes and the pinned notes on an exported screenshot, drawn as the window draws them:
// ImGui's draw list of them (ui::draw_strokes, ui::draw_notes) rendered by ImGui's OpenGL backend
// into a transparent picture of the export's size, then laid over the screenshot. Here, not in
// ui/, because it makes GL calls.

#include <vector>

#include "render/render_target.h"
#include "ui/annotations.h"

namespace kneeviz::app {

// The strokes (points normalised over the image: ui::strokes_for_picture) and the notes
// (positions in its pixels) drawn onto `image`, the pen as wide for its height as in the window,
// the notes' type `scale` times the window's. Needs the window's ImGui and its OpenGL backend;
// renders into a framebuffer of its own and leaves the one bound, and the clear colour, as they
// were.
void stamp_annotations(render::Image& image, const std::vector<session::PenStroke>& strokes,
                       const std::vector<ui::NoteOnScreen>& notes, float scale, bool large);

}  // namespace kneeviz::app
