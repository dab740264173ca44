#include "scene/model.h"

namespace kneeviz::scene {

Bounds Model::bounds() const {
  const std::vector<glm::mat4> globals = global_transforms();
  Bounds box;
  for (const Mesh& mesh : meshes) {
    // Skinned vertices are already in model space; rigid ones follow their node.
    const glm::mat4 place = (mesh.skinned || mesh.node < 0) ? glm::mat4(1.f) : globals[mesh.node];
    for (const Vertex& v : mesh.vertices) box.extend(glm::vec3(place * glm::vec4(v.position, 1.f)));
  }
  return box;
}

std::size_t Model::triangle_count() const {
  std::size_t count = 0;
  for (const Mesh& mesh : meshes) count += mesh.triangle_count();
  return count;
}

int Model::find_node(std::string_view name) const {
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].name == name) return static_cast<int>(i);
  return -1;
}

std::vector<int> Model::empty_nodes() const {
  std::vector<int> result;
  for (std::size_t i = 0; i < nodes.size(); ++i)
    if (nodes[i].meshes.empty() && !nodes[i].name.empty()) result.push_back(static_cast<int>(i));
  return result;
}

std::vector<glm::mat4> Model::global_transforms(const std::vector<glm::mat4>* locals) const {
  std::vector<glm::mat4> globals(nodes.size(), glm::mat4(1.f));
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const glm::mat4& local = locals ? (*locals)[i] : nodes[i].local;
    const int parent = nodes[i].parent;
    globals[i] = parent >= 0 ? globals[parent] * local : local;
  }
  return globals;
}

}  // namespace kneeviz::scene
