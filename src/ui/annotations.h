#pragma once
// Annotations on the view, drawn with ImGui under the panel: the pen's strokes, held in normalised
// window coordinates like a telestrator's, and notes pinned to points of the leg, numbered, each
// with its text in a box beside the point.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <glm/glm.hpp>

#include "session/scene_file.h"

struct ImDrawList;
struct ImFont;

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

// The notes on `draw`, with (0, 0) of their positions at `origin`, in `font` at `size`: a numbered
// marker at each point, its text in a box beside it; faint where the leg hides the point.
void draw_notes(ImDrawList* draw, glm::vec2 origin, const std::vector<NoteOnScreen>& notes, ImFont* font, float size);
// The font and size the window draws notes in (`large`: presenter mode).
std::pair<ImFont*, float> note_font(bool large);

}  // namespace kneeviz::ui
