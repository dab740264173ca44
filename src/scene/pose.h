#pragma once
// Posing a model: knee and hip flexion drive the leg's skeleton, and skinning follows it.

#include <vector>

#include "scene/model.h"

namespace kneeviz::scene {

struct Pose {
  float knee_flexion_deg = 0.f;  // 0 = knee straight; 120 = deep flexion
  float hip_flexion_deg = 0.f;   // 0 = hip straight, as the leg stands; 90 = a right angle
};

inline constexpr float kMaxKneeFlexionDeg = 120.f;
inline constexpr float kMaxHipFlexionDeg = 90.f;

// The knee rig of kneeviz's leg (docs/leg-model.md): each named joint turns about its own +X axis
// (medio-lateral) by a share of the flexion angle. A model without these nodes is left as it is.
struct RigJoint {
  const char* node_name;
  float share_of_flexion;
};
inline constexpr RigJoint kKneeRig[] = {
    {"skel-shank", 1.0f},       // the shank turns by the whole angle
    {"skel-knee-blend", 0.5f},  // a helper joint halfway, so the skin over the knee keeps its volume
    {"skel-patella", 0.7f},     // the patella rides around the femoral condyles
};

// The hip rig (the leg's second edition): the thigh, and everything placed on the leg, keeps its
// place, and the pelvis turns about +X at the hip centre by the flexion angle (tipping forward
// onto the thigh), a helper joint by half of it for the soft tissue of the groin and the buttock.
// Laid on a table with the pelvis level, that is the thigh flexed toward the trunk.
inline constexpr RigJoint kHipRig[] = {
    {"skel-pelvis", 1.0f},
    {"skel-hip-blend", 0.5f},
};

// Whether the model has a knee that kneeviz can flex.
bool has_knee_rig(const Model& model);
// Whether it has a hip that kneeviz can flex (models of the first edition do not).
bool has_hip_rig(const Model& model);

// Model-space transforms of every node in this pose.
std::vector<glm::mat4> posed_globals(const Model& model, const Pose& pose);

// One matrix per Model::joints entry: model-space bind position -> model-space posed position.
std::vector<glm::mat4> skinning_matrices(const Model& model, const std::vector<glm::mat4>& globals);

// Where a vertex lies after skinning (positions) or how its normal turns (directions).
glm::vec3 skin_position(const Vertex& v, const std::vector<glm::mat4>& skinning);
glm::vec3 skin_direction(const glm::vec3& direction, const Vertex& v, const std::vector<glm::mat4>& skinning);

}  // namespace kneeviz::scene

namespace kneeviz::scene {

// A model in one pose, placed in the room: its nodes' transforms and skinning matrices worked out
// once, for everything a frame does with the model (draw it, pick in it, frame it, find the spot
// the user touched, export it). Holds the model by reference: the model must outlive it.
class PosedModel {
 public:
  explicit PosedModel(const Model& model, const Pose& pose = {}, const glm::mat4& placement = glm::mat4(1.f));

  const Model& model() const { return *model_; }
  const Pose& pose() const { return pose_; }
  // Where the model stands in the room (identity: its own space).
  const glm::mat4& placement() const { return placement_; }

  // In the model's own space, before the placement: every node's transform, and one skinning
  // matrix per Model::joints entry (bind position -> posed position).
  const std::vector<glm::mat4>& globals() const { return globals_; }
  const std::vector<glm::mat4>& skinning() const { return skinning_; }
  // The same in the room, as the renderer draws them.
  const std::vector<glm::mat4>& placed_globals() const { return placed_globals_; }
  const std::vector<glm::mat4>& placed_skinning() const { return placed_skinning_; }

  // Where a vertex of `mesh` lies in this pose, in the model's space: skinned, or placed by the
  // mesh's node.
  glm::vec3 position(const Mesh& mesh, const Vertex& v) const;
  glm::vec3 node_position(int node) const { return glm::vec3(globals_[std::size_t(node)][3]); }

  // Bounds of the model in this pose, in its own space: skinned meshes skinned on the CPU (a skin
  // may place its vertices far from their bind pose); bind-pose bounds when nothing is skinned, or
  // for the leg's own rig at rest, where the two agree.
  Bounds bounds() const;
  // Bounds of these meshes (indices into Model::meshes) in this pose, in the model's space.
  Bounds bounds_of(const std::vector<std::size_t>& meshes) const;

 private:
  const Model* model_;
  Pose pose_;
  glm::mat4 placement_;
  std::vector<glm::mat4> globals_, skinning_, placed_globals_, placed_skinning_;
};

}  // namespace kneeviz::scene
