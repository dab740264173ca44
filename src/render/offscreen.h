#pragma once
// One frame rendered off screen and read back: the engine of `kneeviz render` and of GL tests.

#include <optional>

#include "render/overlay.h"
#include "render/renderer.h"

namespace kneeviz::render {

struct Snapshot {
  glm::ivec2 size{1600, 1200};
  scene::ViewAngles view = scene::kViewPresets[0].angles;
  scene::Pose pose;
  DisplaySettings display;
  std::vector<MeshStyle> styles;
  float time_seconds = 0.f;                // for pulses and flows
  std::optional<scene::Bounds> frame_on;   // frame this part instead of the whole (posed) model
  OverlayGeometry overlay;                 // stroke ribbons and the like, drawn over the model
};

// Frames the model (posed) from snapshot.view and draws it. Needs a current GL context and a
// renderer that has uploaded `model`.
Image render_snapshot(Renderer& renderer, const scene::Model& model, const Snapshot& snapshot);

}  // namespace kneeviz::render
