#pragma once
// A cheaper frame while the picture moves, for software renderers (Mesa's llvmpipe on clinic PCs,
// projector machines and virtual machines): while the camera turns, zooms, pans or glides, or a
// technique plays, the 3D view is drawn at half the width and height without multisampling and
// scaled up (the panel and captions stay sharp, drawn at full size over it); the full-quality frame
// comes back kSettleSeconds after everything stops. No GL: the window asks it each frame.

#include <glm/glm.hpp>

namespace kneeviz::app {

// Whether the GL renderer named so (GL_RENDERER) draws on the CPU.
bool software_renderer(const char* gl_renderer);

class MotionQuality {
 public:
  static constexpr double kSettleSeconds = 0.3;
  static constexpr int kReducedSamples = 1;
  // The reduced frame's size against the full one, on each side. Widths given in pixels (the
  // highlight outline) are scaled by it too, so that they keep their width on the screen once the
  // frame is scaled up, and nothing thickens while the view moves.
  static constexpr float kReducedScale = 0.5f;

  // Whether the frame at `now` (seconds) may be the cheaper one: something moves now, or moved
  // less than kSettleSeconds ago.
  bool update(double now, bool moving);
  // The size to draw the 3D view at for `full` (the window's framebuffer): kReducedScale of it on
  // each side when reduced, at least one pixel.
  static glm::ivec2 size_for(glm::ivec2 full, bool reduced);

 private:
  double last_motion_ = -1e9;
};

}  // namespace kneeviz::app
