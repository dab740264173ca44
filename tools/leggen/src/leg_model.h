// Builds the whole leg (meshes, fibres, skin weights, landmarks) and encodes it as a GLB.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "skinning.h"
#include "structures.h"

namespace leggen {

struct BuiltStructure {
  std::string id;
  Group group;
  vec3 colour;
  TriangleMesh mesh;
  std::vector<glm::vec4> tangents;  // fibre directions, muscles and tendons only
  std::vector<JointWeights> skin_weights;
  std::vector<vec3> fibre_line;
};

struct LegModel {
  std::vector<BuiltStructure> structures;
  std::vector<Landmark> landmarks;
};

// Progress lines go to `log` when it is set. Deterministic: the same model on every run.
LegModel build_leg_model(const std::function<void(const std::string&)>& log = {});

// The model as a glTF 2.0 binary, following the contract in docs/leg-model.md.
std::vector<uint8_t> encode_glb(const LegModel& model);

const char* group_node_name(Group group);

}  // namespace leggen
