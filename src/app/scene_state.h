#pragma once
// Between the window's state and a saved scene (session::SceneState): what is captured, and what
// is restored. Unknown ids in a scene (a structure a custom catalogue lacks, say) are skipped.

#include <string>

#include "anatomy/region_view.h"
#include "scene/camera.h"
#include "session/scene_file.h"
#include "stage/technique_player.h"

namespace kneeviz::app {

struct ViewerState {
  scene::OrbitCamera& camera;
  anatomy::RegionView& regions;
  stage::TechniquePlayer& player;
  float& knee_flexion_deg;
  session::Annotations& annotations;
  std::string model;  // the model file, as given on the command line; empty: the bundled leg
};

session::SceneState capture(const ViewerState& viewer);
// Applies everything but the technique, which the caller starts (it needs the technique list);
// returns the technique id to start, if any.
std::optional<std::string> apply(const session::SceneState& scene, ViewerState& viewer);

}  // namespace kneeviz::app
