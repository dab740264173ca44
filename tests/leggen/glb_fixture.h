// Loads assets/models/leg.glb once through Assimp (as kneeviz does) and offers the lookups the
// tests share.
#pragma once

#include <assimp/scene.h>

#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace leggen_test {

const aiScene& legScene();
const aiNode* findNode(const std::string& name);
const aiMesh* findMesh(const std::string& name);
// The node's world transform in the bind pose.
glm::mat4 worldTransform(const aiNode* node);
glm::vec3 landmark(const std::string& name);

glm::vec3 toGlm(const aiVector3D& v);
glm::mat4 toGlm(const aiMatrix4x4& m);

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

void requestSkip();
bool skipRequested();

}  // namespace leggen_test
