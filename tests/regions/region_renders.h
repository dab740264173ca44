#pragma once
// Headless renders of the bundled leg for the region tests: one GL context and renderer for the
// whole executable, the camera exactly as render_snapshot() builds it (so that picks and projected
// points land on the pixels of the images), and measures of what a highlight changed.

#include <filesystem>
#include <glm/glm.hpp>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "anatomy/region_view.h"
#include "platform/headless_context.h"
#include "render/offscreen.h"
#include "render/renderer.h"
#include "scene/camera.h"
#include "scene/model.h"

namespace kneeviz::test {

// The bundled leg, loaded once.
const scene::Model& bundled_leg();
// Where every render goes: <build>/tests/renders/ (created on first use).
std::filesystem::path renders_folder();

// A view, a size and a time, rendered on a black background so that every lit pixel is the leg's.
struct Shot {
  std::string_view view = "anterior";
  glm::ivec2 size{300, 420};
  float time_seconds = 0.4f;  // the pulse at its peak: sin(0.4 s * 2 pi / 1.6 s) = 1
};

// The camera of render_snapshot(): set_view, then frame the posed bounds for the aspect.
scene::OrbitCamera snapshot_camera(const Shot& shot);
// Where a world point lands in the image (origin top left, pixels).
glm::vec2 project(const scene::OrbitCamera& camera, glm::ivec2 size, glm::vec3 world);

class LegRenderer {
 public:
  static LegRenderer& instance();
  // Draws the leg with these styles; writes the image to renders_folder()/<name>.png.
  render::Image draw(const Shot& shot, const std::vector<scene::MeshStyle>& styles, const std::string& name);
  // The same through render_snapshot() (time 0), to check that snapshot_camera() matches it.
  render::Image snapshot(const Shot& shot, const std::vector<scene::MeshStyle>& styles);
  std::optional<std::size_t> pick(const Shot& shot, const std::vector<scene::MeshStyle>& styles,
                                  glm::ivec2 pixel);
  // Draws with any camera (close-ups).
  render::Image draw_with(const scene::OrbitCamera& camera, const Shot& shot,
                          const std::vector<scene::MeshStyle>& styles, const std::string& name);

 private:
  LegRenderer();
  std::unique_ptr<platform::GlContext> context_;
  std::optional<render::Renderer> renderer_;
  render::RenderTarget target_;
  render::DisplaySettings display_;
};

// A fresh RegionView of the bundled leg with the built-in catalogue.
std::unique_ptr<anatomy::RegionView> leg_view();

// The pixels of `after` that differ from `before`, and what they look like in each.
struct Change {
  int count = 0;
  glm::ivec2 min{1 << 20}, max{-1};
  glm::dvec3 mean_before{0.0}, mean_after{0.0};  // over the changed pixels, 0..255
  std::vector<glm::ivec2> pixels;
};
// A pixel counts as changed when the sum of its R, G and B differences exceeds `threshold`.
Change changed_pixels(const render::Image& before, const render::Image& after, int threshold = 45);

// The leg's extent in an image on black: pixels with a channel of 16 or more.
struct Extent {
  int pixels = 0;
  glm::ivec2 min{1 << 20}, max{-1};
};
Extent leg_extent(const render::Image& image);

// Muscle red, as tests/leg/test_bundled_leg.cpp measures it.
bool reddish(glm::u8vec4 p);

// Mean position of a mesh's vertices in the straight pose, optionally only those whose normal has
// dot(normal, facing) > 0.5 and those within a band of the mesh's own height (0: its bottom, 1: its
// top). The origin for a mesh the leg lacks.
glm::vec3 mesh_centre(std::string_view mesh, std::optional<glm::vec3> facing = std::nullopt,
                      glm::vec2 height_band = {0.f, 1.f});
// A landmark (an empty node) of the leg in the straight pose.
glm::vec3 landmark(std::string_view name);
std::size_t mesh_index(std::string_view mesh);

}  // namespace kneeviz::test
