#include "leg_fixture.h"

#include <filesystem>
#include <glm/gtc/matrix_transform.hpp>
#include <map>
#include <memory>
#include <utility>

#include "scene/loader.h"
#include "technique/technique_file.h"

namespace kneeviz::technique::testing {

const scene::Model& leg() {
  static const scene::Model model =
      scene::load_model(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/models/leg.glb");
  return model;
}

const std::vector<Technique>& shipped_techniques() {
  static const std::vector<Technique> techniques =
      load_technique_folder(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/techniques");
  return techniques;
}

const LimbFrame& leg_frame(float knee_flexion_deg) {
  static std::map<float, std::unique_ptr<LimbFrame>> frames;
  auto& slot = frames[knee_flexion_deg];
  if (!slot)
    slot = std::make_unique<LimbFrame>(
        leg(), scene::Pose{knee_flexion_deg},
        std::vector<std::string>{"iliotibial-tract", "patellar-tendon", "vastus-lateralis"});
  return *slot;
}

scene::Model mirrored(const scene::Model& model) {
  scene::Model result = model;
  const glm::mat4 flip = glm::scale(glm::mat4(1.f), glm::vec3(-1.f, 1.f, 1.f));
  for (scene::Node& node : result.nodes) node.local = flip * node.local * flip;
  for (scene::Joint& joint : result.joints) joint.inverse_bind = flip * joint.inverse_bind * flip;
  for (scene::Mesh& mesh : result.meshes) {
    for (scene::Vertex& v : mesh.vertices) {
      v.position.x = -v.position.x;
      v.normal.x = -v.normal.x;
      v.fibre.x = -v.fibre.x;
    }
    for (std::size_t i = 0; i + 2 < mesh.indices.size(); i += 3)
      std::swap(mesh.indices[i + 1], mesh.indices[i + 2]);
  }
  return result;
}

Stroke make_stroke(Segment segment, float from, float to, float angle_deg, Motion motion, float duration_s) {
  Stroke stroke;
  stroke.segment = segment;
  stroke.from = from;
  stroke.to = to;
  stroke.angle_deg = angle_deg;
  stroke.motion = motion;
  stroke.duration_s = duration_s;
  return stroke;
}

}  // namespace kneeviz::technique::testing
