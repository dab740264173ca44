// Loads assets/models/leg.glb once through Assimp (as kneeviz does) and offers the lookups the
// tests share.
#pragma once

#include <assimp/scene.h>

#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace leggen_test {

const aiScene& leg_scene();
const aiNode* find_node(const std::string& name);
const aiMesh* find_mesh(const std::string& name);
// The node's world transform in the bind pose.
glm::mat4 world_transform(const aiNode* node);
glm::vec3 landmark(const std::string& name);

glm::vec3 to_glm(const aiVector3D& v);
glm::mat4 to_glm(const aiMatrix4x4& m);

// Positions welded by exact value, so the topology test ignores attribute seams.
struct WeldedMesh {
  std::vector<glm::vec3> positions;
  std::vector<unsigned> indices;
};
WeldedMesh weld(const aiMesh& mesh);

extern const std::vector<std::string> kStructures;
extern const std::vector<std::string> kMuscles;
extern const std::vector<std::string> kTendons;
extern const std::vector<std::string> kVesselsNerves;
extern const std::vector<std::string> kLandmarks;

void request_skip();
bool skip_requested();

}  // namespace leggen_test
