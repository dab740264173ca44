#include "render/offscreen.h"

namespace kneeviz::render {

Image render_snapshot(Renderer& renderer, const scene::Model& model, const Snapshot& snapshot) {
  RenderTarget target;
  target.resize(snapshot.size, snapshot.display.msaa_samples);
  const float aspect = float(snapshot.size.x) / float(snapshot.size.y);
  scene::OrbitCamera camera;
  camera.set_view(snapshot.view, false);
  camera.frame(scene::posed_bounds(model, snapshot.pose), aspect);
  renderer.draw(target, model, Frame{camera, snapshot.pose, snapshot.display, snapshot.styles});
  return target.read_colour();
}

}  // namespace kneeviz::render
