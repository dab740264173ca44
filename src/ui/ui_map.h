#pragma once
// A hook for GUI tests, off unless KNEEVIZ_UI_MAP=<file> is in the environment: the panel names
// the widgets a test clicks or looks at, and every frame their rectangles go to that file as JSON,
// written whole (temporary file, then rename):
//   {"frame": 12, "window": [w, h], "items": {"play": [x0, y0, x1, y1], ...}}
// The 3D view adds "right hand", "left hand" and "table" where they lie on screen (a frame
// late), so a test can tell whether the camera moved and whether it keeps the hands in view.
// in window coordinates, the ones the mouse moves in (ImGui's; the framebuffer may have more
// pixels on a HiDPI screen). Only the widgets drawn in that frame are in it. A widget partly
// scrolled out of its part of the panel is mapped as the part that shows; one wholly scrolled out
// keeps its whole rectangle and is also named in "hidden": [...]. "frame" lets a test wait until
// its input has been seen and drawn.

#include <optional>
#include <string>

namespace kneeviz::ui {

// Records the last ImGui item's rectangle under `name`. Does nothing when the hook is off.
void map_last_item(const std::string& name);
// Records the current ImGui window's rectangle under `name`.
void map_window(const std::string& name);
// Whether the hook is on: work done only for the map can be skipped when it is off.
bool ui_map_on();
// Records a rectangle of something drawn outside the panel (the hands and the table in the 3D
// view), in window coordinates. Drawn after the panel, it goes into the next map written.
void map_rect(const std::string& name, float x0, float y0, float x1, float y1);

// Finishes this frame's map when it goes out of scope: one at the top of the panel's frame. The
// panel writes no files: the application takes the finished map (take_ui_map()) and writes it.
class UiMapFrame {
 public:
  UiMapFrame() = default;
  ~UiMapFrame();
  UiMapFrame(const UiMapFrame&) = delete;
  UiMapFrame& operator=(const UiMapFrame&) = delete;
};

// The map of the last frame the panel finished, once (nullopt when the hook is off or it was
// taken): the file KNEEVIZ_UI_MAP names, and the JSON to write there whole.
struct UiMapDocument {
  std::string file;
  std::string text;
};
std::optional<UiMapDocument> take_ui_map();

}  // namespace kneeviz::ui
