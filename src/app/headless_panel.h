#pragma once
// The side panel drawn with Dear ImGui's OpenGL 3 backend into the bound framebuffer, without a
// window: the display size is the frame's and no input arrives. For `kneeviz bench` and `soak`,
// which measure the whole frame a user sees. Needs a current GL context.

#include <glm/glm.hpp>

#include "ui/panel.h"

namespace kneeviz::app {

class HeadlessPanel {
 public:
  explicit HeadlessPanel(glm::ivec2 size);
  ~HeadlessPanel();
  HeadlessPanel(const HeadlessPanel&) = delete;
  HeadlessPanel& operator=(const HeadlessPanel&) = delete;
  // False when ImGui's GL backend could not start; draw() must not be called then.
  bool ready() const { return ready_; }

  void draw(ui::PanelState& state);

 private:
  bool ready_ = false;
};

}  // namespace kneeviz::app
