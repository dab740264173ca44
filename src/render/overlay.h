#pragma once
// Geometry that changes every frame and sits on or over the leg: stroke ribbons, arrows, trails,
// tap ripples. Triangles with a colour and alpha per vertex, drawn after the model with depth
// testing (nudged toward the eye so they sit on the skin) and again faintly through whatever
// hides them, so a path on the far side still reads.

#include <glm/glm.hpp>
#include <vector>

#include "render/gl_objects.h"
#include "render/render_target.h"
#include "scene/camera.h"

namespace kneeviz::render {

struct OverlayVertex {
  glm::vec3 position;
  glm::vec3 normal;  // for a little shading; zero for flat colour
  glm::vec4 colour;  // sRGB, straight alpha
};

// Triangles, three vertices each.
struct OverlayGeometry {
  std::vector<OverlayVertex> triangles;
  void add_triangle(const OverlayVertex& a, const OverlayVertex& b, const OverlayVertex& c) {
    triangles.insert(triangles.end(), {a, b, c});
  }
};

// `geometry` moved by a rigid `transform` (the model's placement in the room), in place.
void transform_overlay(OverlayGeometry& geometry, const glm::mat4& transform);

// How far behind what is drawn in front of it a part of an overlay lies before it shows through:
// more than a hand on the skin is thick at its palm and fingers (about 3 cm), less than the limb.
inline constexpr float kXrayBehindM = 0.05f;

class OverlayRenderer {
 public:
  // Needs a current GL context; throws std::runtime_error when a shader does not build.
  OverlayRenderer();
  // Draws into the resolved image of `target` (after Renderer::draw), testing against its depth.
  // xray_alpha: how strongly hidden parts show through (0: not at all): parts with at least
  // kXrayBehindM of something in front of them (the limb they go behind), not parts a hand lying
  // on the skin covers.
  void draw(RenderTarget& target, const scene::OrbitCamera& camera, const OverlayGeometry& geometry,
            float xray_alpha = 0.5f) const;

 private:
  Program program_;
  VertexArray vertex_array_;
  Buffer vertices_;
};

}  // namespace kneeviz::render
