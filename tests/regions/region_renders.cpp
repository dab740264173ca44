#include "regions/region_renders.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

#include "io/png.h"
#include "render/gl.h"
#include "scene/loader.h"
#include "scene/pose.h"

namespace kneeviz::test {

const scene::Model& bundled_leg() {
  static const scene::Model model =
      scene::load_model(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/models/leg.glb");
  return model;
}

std::filesystem::path renders_folder() {
  // The tests' build folder (<build>/tests), not this subfolder's: every render in one place.
  static const std::filesystem::path folder = [] {
    const auto path = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR).parent_path() / "renders";
    std::filesystem::create_directories(path);
    return path;
  }();
  return folder;
}

scene::OrbitCamera snapshot_camera(const Shot& shot) {
  scene::OrbitCamera camera;
  camera.set_view(*scene::parse_view(shot.view), false);
  camera.frame(scene::PosedModel(bundled_leg()).bounds(), float(shot.size.x) / float(shot.size.y));
  return camera;
}

glm::vec2 project(const scene::OrbitCamera& camera, glm::ivec2 size, glm::vec3 world) {
  const glm::vec4 clip =
      camera.projection(float(size.x) / float(size.y)) * camera.view() * glm::vec4(world, 1.f);
  const glm::vec2 ndc = glm::vec2(clip) / clip.w;
  return {(ndc.x * 0.5f + 0.5f) * float(size.x), (0.5f - ndc.y * 0.5f) * float(size.y)};
}

LegRenderer& LegRenderer::instance() {
  static LegRenderer renderer;
  return renderer;
}

LegRenderer::LegRenderer() : context_(platform::create_headless_context()) {
  render::enable_gl_checks(true);
  renderer_.emplace();
  renderer_->upload(bundled_leg());
  display_.background_top = display_.background_bottom = glm::vec3(0.f);
}

render::Image LegRenderer::draw_with(const scene::OrbitCamera& camera, const Shot& shot,
                                     const std::vector<scene::MeshStyle>& styles, const std::string& name) {
  target_.resize(shot.size, display_.msaa_samples);
  renderer_->draw(target_, scene::PosedModel(bundled_leg()),
                  render::Frame{camera, display_, styles, shot.time_seconds});
  render::Image image = target_.read_colour();
  io::write_png(renders_folder() / ("regions-" + name + ".png"), image.size, image.rgba);
  return image;
}

render::Image LegRenderer::draw(const Shot& shot, const std::vector<scene::MeshStyle>& styles,
                                const std::string& name) {
  return draw_with(snapshot_camera(shot), shot, styles, name);
}

render::Image LegRenderer::snapshot(const Shot& shot, const std::vector<scene::MeshStyle>& styles) {
  render::Snapshot snapshot;
  snapshot.size = shot.size;
  snapshot.view = *scene::parse_view(shot.view);
  snapshot.display = display_;
  snapshot.styles = styles;
  return render::render_snapshot(*renderer_, bundled_leg(), snapshot);
}

std::optional<std::size_t> LegRenderer::pick(const Shot& shot, const std::vector<scene::MeshStyle>& styles,
                                             glm::ivec2 pixel) {
  const scene::OrbitCamera camera = snapshot_camera(shot);
  target_.resize(shot.size, display_.msaa_samples);
  return renderer_->pick(target_, scene::PosedModel(bundled_leg()),
                         render::Frame{camera, display_, styles, shot.time_seconds}, pixel);
}

std::unique_ptr<anatomy::RegionView> leg_view() {
  return std::make_unique<anatomy::RegionView>(bundled_leg(), anatomy::RegionCatalogue::builtin());
}

Change changed_pixels(const render::Image& before, const render::Image& after, int threshold) {
  Change change;
  if (before.size != after.size) return change;
  for (int y = 0; y < before.size.y; ++y)
    for (int x = 0; x < before.size.x; ++x) {
      const glm::ivec3 a = glm::ivec3(glm::u8vec3(before.pixel(x, y)));
      const glm::ivec3 b = glm::ivec3(glm::u8vec3(after.pixel(x, y)));
      const glm::ivec3 d = glm::abs(a - b);
      if (d.x + d.y + d.z <= threshold) continue;
      ++change.count;
      change.min = glm::min(change.min, glm::ivec2(x, y));
      change.max = glm::max(change.max, glm::ivec2(x, y));
      change.mean_before += glm::dvec3(a);
      change.mean_after += glm::dvec3(b);
      change.pixels.emplace_back(x, y);
    }
  if (change.count > 0) {
    change.mean_before /= double(change.count);
    change.mean_after /= double(change.count);
  }
  return change;
}

Extent leg_extent(const render::Image& image) {
  Extent extent;
  for (int y = 0; y < image.size.y; ++y)
    for (int x = 0; x < image.size.x; ++x) {
      const glm::u8vec4 p = image.pixel(x, y);
      if (std::max({p.r, p.g, p.b}) < 16) continue;  // the black background, dithered
      ++extent.pixels;
      extent.min = glm::min(extent.min, glm::ivec2(x, y));
      extent.max = glm::max(extent.max, glm::ivec2(x, y));
    }
  return extent;
}

bool reddish(glm::u8vec4 p) {
  return p.r > 90 && p.r > p.g * 1.8f && p.r > p.b * 1.8f;
}

std::size_t mesh_index(std::string_view mesh) {
  const auto& meshes = bundled_leg().meshes;
  for (std::size_t i = 0; i < meshes.size(); ++i)
    if (meshes[i].name == mesh) return i;
  return meshes.size();
}

glm::vec3 landmark(std::string_view name) {
  const int node = bundled_leg().find_node(name);
  if (node < 0) return glm::vec3(0.f);
  return glm::vec3(scene::posed_globals(bundled_leg(), scene::Pose{})[std::size_t(node)][3]);
}

glm::vec3 mesh_centre(std::string_view name, std::optional<glm::vec3> facing, glm::vec2 height_band) {
  const scene::Model& leg = bundled_leg();
  const std::size_t index = mesh_index(name);
  if (index >= leg.meshes.size()) return glm::vec3(0.f);
  // Skinned as in the straight pose the renders use, so the point is where the pixels are.
  const auto skinning = scene::skinning_matrices(leg, scene::posed_globals(leg, scene::Pose{}));
  const scene::Mesh& mesh = leg.meshes[index];
  const auto posed = [&](const scene::Vertex& v) {
    return mesh.skinned ? scene::skin_position(v, skinning) : v.position;
  };
  float bottom = std::numeric_limits<float>::max(), top = std::numeric_limits<float>::lowest();
  for (const scene::Vertex& v : mesh.vertices) {
    bottom = std::min(bottom, posed(v).y);
    top = std::max(top, posed(v).y);
  }
  const float low = bottom + (top - bottom) * height_band.x, high = bottom + (top - bottom) * height_band.y;
  glm::dvec3 sum(0.0);
  int count = 0;
  for (const scene::Vertex& v : mesh.vertices) {
    const glm::vec3 position = posed(v);
    const glm::vec3 normal = mesh.skinned ? scene::skin_direction(v.normal, v, skinning) : v.normal;
    if (position.y < low || position.y > high) continue;
    if (facing && glm::dot(glm::normalize(normal), *facing) <= 0.5f) continue;
    sum += glm::dvec3(position);
    ++count;
  }
  return count ? glm::vec3(sum / double(count)) : glm::vec3(0.f);
}

}  // namespace kneeviz::test
