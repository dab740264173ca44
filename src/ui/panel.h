#pragma once
// The side panel: model summary, views, knee flexion, display settings, frame time.
// ImGui only: no GL, no GLFW. It reports what the user asked for; the app carries it out.

#include <optional>
#include <string>
#include <vector>

#include "render/renderer.h"
#include "scene/camera.h"
#include "scene/model.h"

namespace kneeviz::ui {

// What the panel shows and edits. Pointers stay owned by the caller.
struct PanelState {
  const scene::Model* model = nullptr;
  std::string model_file;
  std::string gl_description;
  float frame_ms = 0.f;  // smoothed CPU time of a frame
  float knee_flexion_deg = 0.f;
  bool knee_rig = false;
  bool vsync = true;
  render::DisplaySettings display;
  std::vector<render::MeshStyle>* styles = nullptr;
};

struct PanelRequests {
  std::optional<scene::ViewAngles> view;
  bool reset_view = false;
  bool vsync_changed = false;
  float panel_right = 0.f;  // the panel's right edge, in window coordinates
};

PanelRequests draw_panel(PanelState& state);

}  // namespace kneeviz::ui
