#include "app/scene_state.h"

namespace kneeviz::app {

session::SceneState capture(const ViewerState& viewer) {
  session::SceneState scene;
  scene.model = viewer.model;
  scene.camera = {viewer.camera.target(), viewer.camera.distance(), viewer.camera.angles().yaw_deg,
                  viewer.camera.angles().pitch_deg};
  scene.layers.clear();
  for (const anatomy::Layer& layer : viewer.regions.layers())
    scene.layers.push_back({layer.id, layer.visible, layer.opacity});
  scene.highlighted_groups = {viewer.regions.highlighted_groups().begin(),
                              viewer.regions.highlighted_groups().end()};
  scene.hidden_structures = {viewer.regions.hidden_structures().begin(),
                             viewer.regions.hidden_structures().end()};
  scene.selected_structure = viewer.regions.selected();
  if (const technique::Technique* t = viewer.player.current()) {
    scene.technique = t->id;
    scene.time_s = float(viewer.player.playback().time());
    scene.playing = viewer.player.playback().playing();
    scene.speed = viewer.player.playback().speed();
  }
  scene.knee_flexion_deg = viewer.knee_flexion_deg;
  scene.annotations = viewer.annotations;
  return scene;
}

std::optional<std::string> apply(const session::SceneState& scene, ViewerState& viewer) {
  viewer.camera.restore(scene.camera.target, scene.camera.distance,
                        {scene.camera.yaw_deg, scene.camera.pitch_deg});
  for (const session::LayerState& saved : scene.layers)
    if (anatomy::Layer* layer = viewer.regions.find_layer(saved.id)) {
      layer->visible = saved.visible;
      layer->opacity = saved.opacity;
    }
  viewer.regions.clear_highlights();
  for (const std::string& group : scene.highlighted_groups) viewer.regions.set_highlighted(group, true);
  viewer.regions.show_all();
  for (const session::LayerState& saved : scene.layers)  // show_all() made every layer visible
    if (anatomy::Layer* layer = viewer.regions.find_layer(saved.id)) layer->visible = saved.visible;
  for (const std::string& structure : scene.hidden_structures)
    if (viewer.regions.catalogue().find_structure(structure))
      viewer.regions.set_structure_hidden(structure, true);
  viewer.regions.select(scene.selected_structure &&
                                viewer.regions.catalogue().find_structure(*scene.selected_structure)
                            ? scene.selected_structure
                            : std::nullopt);
  viewer.knee_flexion_deg = scene.knee_flexion_deg;
  viewer.annotations = scene.annotations;
  return scene.technique;
}

}  // namespace kneeviz::app
