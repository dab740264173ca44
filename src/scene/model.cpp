#include "scene/model.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace kneeviz::scene {

bool encloses_volume(const Mesh& mesh) {
  const std::size_t n = mesh.vertices.size();
  if (mesh.indices.empty() || mesh.indices.size() % 3 != 0) return false;
  for (const std::uint32_t i : mesh.indices)
    if (i >= n) return false;
  // The directed edges leaving each vertex, grouped by vertex (a counting sort): a closed,
  // consistently wound surface has each edge once, and its reverse leaving the other end. A
  // vertex has a handful of edges, so the look-ups are short scans: 15-20 ms for the 27 meshes of
  // the bundled leg at start-up, where a hash map of edges took 60.
  std::vector<std::uint32_t> first(n + 1, 0);
  for (const std::uint32_t i : mesh.indices) ++first[i + 1];
  for (std::size_t v = 0; v < n; ++v) first[v + 1] += first[v];
  std::vector<std::uint32_t> to(mesh.indices.size()), filled(first.begin(), first.end() - 1);
  double volume = 0.0;
  for (std::size_t t = 0; t < mesh.indices.size(); t += 3) {
    const std::uint32_t i[3] = {mesh.indices[t], mesh.indices[t + 1], mesh.indices[t + 2]};
    for (int k = 0; k < 3; ++k) to[filled[i[k]]++] = i[(k + 1) % 3];
    const glm::dvec3 a(mesh.vertices[i[0]].position), b(mesh.vertices[i[1]].position),
        c(mesh.vertices[i[2]].position);
    volume += glm::dot(a, glm::cross(b, c)) / 6.0;
  }
  const auto leaves = [&](std::uint32_t from, std::uint32_t target) {
    return std::count(to.begin() + first[from], to.begin() + first[from + 1], target);
  };
  for (std::uint32_t v = 0; v < n; ++v)
    for (std::uint32_t e = first[v]; e < first[v + 1]; ++e)
      if (leaves(v, to[e]) != 1 || leaves(to[e], v) != 1) return false;
  return volume > 0.0;
}

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
