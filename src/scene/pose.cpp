#include "scene/pose.h"

#include <algorithm>
#include <glm/gtc/matrix_transform.hpp>

namespace kneeviz::scene {

bool has_knee_rig(const Model& model) {
  return model.find_node(kKneeRig[0].node_name) >= 0;
}
bool has_hip_rig(const Model& model) {
  return model.find_node(kHipRig[0].node_name) >= 0;
}

std::vector<glm::mat4> posed_globals(const Model& model, const Pose& pose) {
  std::vector<glm::mat4> locals(model.nodes.size());
  for (std::size_t i = 0; i < model.nodes.size(); ++i) locals[i] = model.nodes[i].local;
  const float flexion = glm::radians(std::clamp(pose.knee_flexion_deg, 0.f, kMaxKneeFlexionDeg));
  const float hip = glm::radians(std::clamp(pose.hip_flexion_deg, 0.f, kMaxHipFlexionDeg));
  const auto turn = [&](const RigJoint& joint, float angle) {
    const int node = model.find_node(joint.node_name);
    if (node >= 0)
      locals[node] = glm::rotate(locals[node], angle * joint.share_of_flexion, glm::vec3(1, 0, 0));
  };
  for (const RigJoint& joint : kKneeRig) turn(joint, flexion);
  if (hip > 0.f)
    for (const RigJoint& joint : kHipRig) turn(joint, hip);
  return model.global_transforms(&locals);
}

std::vector<glm::mat4> skinning_matrices(const Model& model, const std::vector<glm::mat4>& globals) {
  std::vector<glm::mat4> result;
  result.reserve(model.joints.size());
  for (const Joint& joint : model.joints) result.push_back(globals[joint.node] * joint.inverse_bind);
  return result;
}

namespace {
glm::mat4 blended(const Vertex& v, const std::vector<glm::mat4>& skinning) {
  glm::mat4 m(0.f);
  for (int i = 0; i < 4; ++i)
    if (v.weights[i] > 0.f) m += v.weights[i] * skinning[v.joints[i]];
  return m;
}
}  // namespace

glm::vec3 skin_position(const Vertex& v, const std::vector<glm::mat4>& skinning) {
  if (v.weights == glm::vec4(0.f) || skinning.empty()) return v.position;
  return glm::vec3(blended(v, skinning) * glm::vec4(v.position, 1.f));
}

glm::vec3 skin_direction(const glm::vec3& direction, const Vertex& v,
                         const std::vector<glm::mat4>& skinning) {
  if (v.weights == glm::vec4(0.f) || skinning.empty()) return direction;
  return glm::normalize(glm::vec3(blended(v, skinning) * glm::vec4(direction, 0.f)));
}

}  // namespace kneeviz::scene

namespace kneeviz::scene {

PosedModel::PosedModel(const Model& model, const Pose& pose, const glm::mat4& placement)
    : model_(&model), pose_(pose), placement_(placement), globals_(posed_globals(model, pose)) {
  skinning_ = skinning_matrices(model, globals_);
  placed_globals_ = globals_;
  for (glm::mat4& global : placed_globals_) global = placement * global;
  placed_skinning_ = skinning_matrices(model, placed_globals_);
}

glm::vec3 PosedModel::position(const Mesh& mesh, const Vertex& v) const {
  if (mesh.skinned) return skin_position(v, skinning_);
  if (mesh.node < 0) return v.position;
  return glm::vec3(globals_[std::size_t(mesh.node)] * glm::vec4(v.position, 1.f));
}

Bounds PosedModel::bounds() const {
  // The leg's own rig is the identity at rest, and without it rigid meshes sit where their nodes
  // put them. A skin from elsewhere (an FBX, say) may place its vertices far from where its bind
  // pose has them: it is framed where it is drawn.
  const Model& model = *model_;
  const bool skinned =
      std::any_of(model.meshes.begin(), model.meshes.end(), [](const Mesh& m) { return m.skinned; });
  const bool rig = has_knee_rig(model);
  if ((rig && pose_.knee_flexion_deg == 0.f && pose_.hip_flexion_deg == 0.f) || (!rig && !skinned))
    return model.bounds();
  Bounds box;
  for (const Mesh& mesh : model.meshes)
    for (const Vertex& v : mesh.vertices) box.extend(position(mesh, v));
  return box;
}

Bounds PosedModel::bounds_of(const std::vector<std::size_t>& meshes) const {
  Bounds box;
  for (const std::size_t i : meshes)
    for (const Vertex& v : model_->meshes[i].vertices) box.extend(position(model_->meshes[i], v));
  return box;
}

}  // namespace kneeviz::scene
