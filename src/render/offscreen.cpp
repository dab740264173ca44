#include "render/offscreen.h"

namespace kneeviz::render {

namespace {
// The posed model where it stands in the room, with the props around it.
scene::Bounds placed_bounds(const scene::PosedModel& posed, const Snapshot& snapshot) {
  scene::Bounds box = posed.bounds().transformed(posed.placement());
  for (const scene::Mesh& prop : snapshot.props)
    for (const scene::Vertex& v : prop.vertices) box.extend(v.position);
  return box;
}
}  // namespace

Image OffscreenRenderer::render(const scene::Model& model, const Snapshot& snapshot) {
  target_.resize(snapshot.size, snapshot.display.msaa_samples);
  const scene::PosedModel posed(model, snapshot.pose, snapshot.placement);
  const float aspect = float(snapshot.size.x) / float(snapshot.size.y);
  scene::OrbitCamera camera;
  camera.set_view(snapshot.view, false);
  // Frame the whole model first: its bounds also set the depth range, which must hold all of it.
  if (snapshot.camera)
    camera = *snapshot.camera;
  else
    camera.frame(placed_bounds(posed, snapshot), aspect);
  if (snapshot.frame_on && !snapshot.camera) {
    camera.look_at(*snapshot.frame_on);
    camera.update(camera.transition_seconds + 1.f);  // jump to the end of the move
  }
  renderer_.draw(target_, posed,
                 Frame{camera, snapshot.display, snapshot.styles, snapshot.time_seconds, snapshot.props,
                       snapshot.dents, snapshot.contoured_props, snapshot.simplified, snapshot.ghost_props});
  if (!snapshot.overlay.triangles.empty() || !snapshot.surface_overlay.triangles.empty()) {
    if (!overlay_) overlay_.emplace();
    overlay_->draw(target_, camera, snapshot.surface_overlay, 0.f);
    overlay_->draw(target_, camera, snapshot.overlay);
  }
  return target_.read_colour();
}

Image render_snapshot(Renderer& renderer, const scene::Model& model, const Snapshot& snapshot) {
  return OffscreenRenderer(renderer).render(model, snapshot);
}

}  // namespace kneeviz::render
