#pragma once
// A cheaper frame while the picture moves, for software renderers (Mesa's llvmpipe on clinic PCs,
// projector machines and virtual machines): while the camera turns, zooms, pans or glides, or a
// technique plays, the 3D view is drawn at half the width and height (less on a slower machine)
// without multisampling and scaled up (the panel and captions stay sharp, drawn at full size over
// it); the full-quality frame comes back kSettleSeconds after everything stops. No GL: the window
// asks it each frame.

#include <glm/glm.hpp>

namespace kneeviz::app {

// Whether the GL renderer named so (GL_RENDERER) draws on the CPU.
bool software_renderer(const char* gl_renderer);

class MotionQuality {
 public:
  static constexpr double kSettleSeconds = 0.3;
  static constexpr int kReducedSamples = 1;
  // The reduced frame's size against the full one, on each side, from the largest: half, and on a
  // machine too slow to draw that in kMovingBudgetMs, less, down to a third (at a third a 1080p
  // frame is 640x360, scaled up 3x: soft while it moves, sharp again as it rests). Widths given in
  // pixels (the highlight outline) are scaled by it too, so that they keep their width on the
  // screen once the frame is scaled up, and nothing thickens while the view moves.
  static constexpr float kScales[] = {0.5f, 5.f / 12.f, 1.f / 3.f};
  static constexpr float kReducedScale = kScales[0];
  // What a frame may take while the view moves: 30 frames a second.
  static constexpr double kMovingBudgetMs = 1000.0 / 30.0;
  // Smaller after this many reduced frames in a row over the budget, or at once after one over
  // kFarOverShare of it (a machine that slow would otherwise show slow frames for each step). It
  // steps as far down as the frame's own time says it must: to the largest scale whose area, in
  // proportion, would have drawn that frame within the budget (at least one step; the costs of a
  // frame that do not shrink with its area mean it never steps further than it needs).
  // A step larger after kPatience frames in a row under kGrowShare of it (the gap between keeps
  // it from hopping to and fro).
  static constexpr int kPatience = 3;
  static constexpr double kFarOverShare = 1.5;
  static constexpr double kGrowShare = 0.6;

  // Whether the frame at `now` (seconds) may be the cheaper one: something moves now, or moved
  // less than kSettleSeconds ago.
  bool update(double now, bool moving);
  // How long the last reduced frame took, from one frame to the next as the user sees it (ms):
  // the scale steps down when frames run over the budget, and back up when they are well under.
  void reduced_frame_took(double ms);
  // The reduced frame's scale on each side now: one of kScales.
  float scale() const { return kScales[level_]; }
  // The size to draw the 3D view at for `full` (the window's framebuffer): scale() of it on each
  // side when reduced, at least one pixel.
  glm::ivec2 size_for(glm::ivec2 full, bool reduced) const;

 private:
  double last_motion_ = -1e9;
  int level_ = 0;             // into kScales
  int over_ = 0, under_ = 0;  // reduced frames in a row over the budget, well under it
};

}  // namespace kneeviz::app
