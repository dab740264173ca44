#pragma once
// Annotations on the view, drawn with ImGui under the panel: the pen's strokes, held in normalised
// window coordinates like a telestrator's, and notes pinned to points of the leg, numbered, each
// with its text in a box beside the point.

#include <string>
#include <string_view>
#include <vector>

#include <glm/glm.hpp>

#include "render/render_target.h"
#include "session/scene_file.h"

namespace kneeviz::ui {

// "#rrggbb" as ImGui's packed colour (opaque); yellow for anything else.
unsigned pen_colour(std::string_view hex);

// A pinned note where it falls on the window this frame.
struct NoteOnScreen {
  glm::vec2 position;     // window coordinates
  bool in_front = true;   // false: the leg hides its point (drawn faint)
  int number = 1;
  std::string_view text;
};

// Strokes (and the one being drawn, if any) and notes; `large` for presenter mode.
void draw_annotations(const std::vector<session::PenStroke>& strokes, const session::PenStroke* drawing,
                      const std::vector<NoteOnScreen>& notes, bool large);

// The notes drawn onto a picture as the window draws them (positions in the picture's pixels),
// their type `scale` times the window's: for a screenshot export, whose size is not the window's.
// Needs the window's ImGui and its OpenGL backend; renders into a framebuffer of its own and
// leaves the one bound as it was.
void stamp_notes(render::Image& image, const std::vector<NoteOnScreen>& notes, float scale, bool large);

}  // namespace kneeviz::ui
