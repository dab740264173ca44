#include "render/offscreen.h"

namespace kneeviz::render {

Image render_snapshot(Renderer& renderer, const scene::Model& model, const Snapshot& snapshot) {
  RenderTarget target;
  target.resize(snapshot.size, snapshot.display.msaa_samples);
  const float aspect = float(snapshot.size.x) / float(snapshot.size.y);
  scene::OrbitCamera camera;
  camera.set_view(snapshot.view, false);
  // Frame the whole model first: its bounds also set the depth range, which must hold all of it.
  camera.frame(scene::posed_bounds(model, snapshot.pose), aspect);
  if (snapshot.frame_on) {
    camera.look_at(*snapshot.frame_on);
    camera.update(camera.transition_seconds + 1.f);  // jump to the end of the move
  }
  renderer.draw(target, model, Frame{camera, snapshot.pose, snapshot.display, snapshot.styles, snapshot.time_seconds});
  if (!snapshot.overlay.triangles.empty()) OverlayRenderer().draw(target, camera, snapshot.overlay);
  return target.read_colour();
}

}  // namespace kneeviz::render
