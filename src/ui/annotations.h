#pragma once
// Annotations on the view, drawn with ImGui under the panel: the pen's strokes, held in normalised
// window coordinates like a telestrator's, and notes pinned to points of the leg, numbered, each
// with its text in a box beside the point.

#include <glm/glm.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "session/scene_file.h"

struct ImDrawList;
struct ImFont;

namespace kneeviz::ui {

// "#rrggbb" as ImGui's packed colour (opaque); yellow for anything else.
unsigned pen_colour(std::string_view hex);

// A pinned note where it falls on the window this frame.
struct NoteOnScreen {
  glm::vec2 position;    // window coordinates
  bool in_front = true;  // false: the leg hides its point (drawn faint)
  int number = 1;
  std::string_view text;
};

// Strokes (and the one being drawn, if any) and notes; `large` for presenter mode.
void draw_annotations(const std::vector<session::PenStroke>& strokes, const session::PenStroke* drawing,
                      const std::vector<NoteOnScreen>& notes, bool large);

// The pen's line width on a view or picture `height` pixels high.
float pen_width(float height);
// The strokes on `draw`, their normalised points spread over `size` from `origin`, `width` wide.
void draw_strokes(ImDrawList* draw, glm::vec2 origin, glm::vec2 size,
                  const std::vector<session::PenStroke>& strokes, float width);
// Strokes drawn over a view seen through `drawn_over` (the window's view-projection), where they
// fall on a picture of the same scene seen from the same eye through `picture` (an export: its own
// aspect, no room made for the panel): each point follows the line of sight it marks, so a circle
// drawn around the kneecap stays around it.
std::vector<session::PenStroke> strokes_for_picture(const std::vector<session::PenStroke>& strokes,
                                                    const glm::mat4& drawn_over, const glm::mat4& picture);

// The notes on `draw`, with (0, 0) of their positions at `origin`, in `font` at `size`: a numbered
// marker at each point, its text in a box beside it; faint where the leg hides the point.
void draw_notes(ImDrawList* draw, glm::vec2 origin, const std::vector<NoteOnScreen>& notes, ImFont* font,
                float size);
// The font and size the window draws notes in (`large`: presenter mode).
std::pair<ImFont*, float> note_font(bool large);

}  // namespace kneeviz::ui
