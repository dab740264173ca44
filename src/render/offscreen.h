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
  float time_seconds = 0.f;                  // for pulses and flows
  std::optional<scene::Bounds> frame_on;     // frame this part instead of the whole (posed) model
  std::optional<scene::OrbitCamera> camera;  // look through this camera: view and frame_on are ignored
  OverlayGeometry overlay;                   // stroke ribbons and the like, drawn over the model
  OverlayGeometry surface_overlay;           // patches on the skin, drawn only where visible
  std::vector<scene::Mesh> props;            // the hands: Frame::props
  std::size_t contoured_props = 0;           // Frame::contoured_props
  std::vector<scene::SkinDent> dents;        // Frame::dents
  glm::mat4 placement{1.f};                  // Frame::placement: the model in the room
  bool simplified = false;                   // Frame::simplified: as the window draws while moving
  std::size_t ghost_props = 0;               // Frame::ghost_props: practice's reference hands
};

// Renders snapshots one after another (a video's frames) reusing its buffers and programs.
// Needs a current GL context and a renderer that has uploaded the model.
class OffscreenRenderer {
 public:
  explicit OffscreenRenderer(Renderer& renderer) : renderer_(renderer) {}
  // Frames the model (posed) from snapshot.view, or frames snapshot.frame_on, and draws it.
  Image render(const scene::Model& model, const Snapshot& snapshot);

 private:
  Renderer& renderer_;
  RenderTarget target_;
  std::optional<OverlayRenderer> overlay_;  // built on first use: most frames have no overlay
};

// One snapshot: OffscreenRenderer for a single frame.
Image render_snapshot(Renderer& renderer, const scene::Model& model, const Snapshot& snapshot);

}  // namespace kneeviz::render
