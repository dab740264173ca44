#include "app/commands.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/assets.h"
#include "io/atomic_file.h"
#include "io/png.h"
#include "platform/headless_context.h"
#include "render/offscreen.h"
#include "scene/loader.h"

namespace kneeviz::app {

scene::Model load_requested_model(const Options& options) {
  return scene::load_model(options.model.empty() ? bundled_leg_model() : options.model);
}

std::vector<render::MeshStyle> styles_for(const scene::Model& model, const Options& options) {
  std::vector<render::MeshStyle> styles(model.meshes.size());
  for (const std::string& name : options.hidden) {
    bool found = false;
    for (std::size_t i = 0; i < model.meshes.size(); ++i)
      if (model.meshes[i].name == name) styles[i].visible = false, found = true;
    if (!found)
      std::cerr << "kneeviz: warning: --hide " << name << ": " << model.source
                << " has no structure of that name (see 'kneeviz info')\n";
  }
  return styles;
}

int run_render(const Options& options) {
  const scene::Model model = load_requested_model(options);
  const auto context = platform::create_headless_context();
  render::Renderer renderer;
  renderer.upload(model);
  render::Snapshot snapshot;
  snapshot.size = options.size;
  snapshot.view = options.view;
  snapshot.pose.knee_flexion_deg = options.knee_flexion_deg;
  snapshot.display.msaa_samples = options.msaa_samples;
  snapshot.styles = styles_for(model, options);
  const render::Image image = render::render_snapshot(renderer, model, snapshot);
  io::write_png(options.out, image.size, image.rgba);
  std::cout << "kneeviz: wrote " << options.out.string() << " (" << image.size.x << "x"
            << image.size.y << ", " << context->description() << ")\n";
  return 0;
}

int run_info(const Options& options) {
  const scene::Model model = load_requested_model(options);
  const std::vector<glm::mat4> globals = model.global_transforms();
  if (options.json) {
    nlohmann::ordered_json out;
    out["model"] = model.source;
    out["triangles"] = model.triangle_count();
    out["structures"] = nlohmann::ordered_json::array();
    for (const scene::Mesh& mesh : model.meshes)
      out["structures"].push_back({{"name", mesh.name},
                                   {"triangles", mesh.triangle_count()},
                                   {"vertices", mesh.vertices.size()},
                                   {"skinned", mesh.skinned},
                                   {"fibre_directions", mesh.has_fibres}});
    out["empty_nodes"] = nlohmann::ordered_json::array();
    for (const int node : model.empty_nodes()) {
      const glm::vec3 p = globals[node][3];
      out["empty_nodes"].push_back({{"name", model.nodes[node].name}, {"position", {p.x, p.y, p.z}}});
    }
    const scene::Bounds box = model.bounds();
    out["bounds"] = {{"min", {box.min.x, box.min.y, box.min.z}}, {"max", {box.max.x, box.max.y, box.max.z}}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::size_t width = 9;
  for (const scene::Mesh& mesh : model.meshes) width = std::max(width, mesh.name.size());
  std::printf("%s\n%zu structures, %zu triangles\n\n", model.source.c_str(), model.meshes.size(),
              model.triangle_count());
  std::printf("%-*s %10s\n", int(width), "structure", "triangles");
  for (const scene::Mesh& mesh : model.meshes)
    std::printf("%-*s %10zu\n", int(width), mesh.name.c_str(), mesh.triangle_count());
  const std::vector<int> empties = model.empty_nodes();
  std::printf("\n%zu named empty nodes (landmarks, groups, joints)\n", empties.size());
  for (const int node : empties) {
    const glm::vec3 p = globals[node][3];
    std::printf("  %-*s % .4f % .4f % .4f\n", int(width), model.nodes[node].name.c_str(), p.x, p.y, p.z);
  }
  return 0;
}

}  // namespace kneeviz::app
