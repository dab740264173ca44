#pragma once
// Small models that tests build and write for themselves, so that no test depends on the bundled
// leg: simple shapes, an OBJ writer and a glTF 2.0 (.gltf JSON with an embedded base64 buffer)
// writer.

#include <cstdint>
#include <filesystem>
#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace kneeviz::test {

// Triangles with counter-clockwise front faces, normals pointing out.
struct Shape {
  std::vector<glm::vec3> positions;
  std::vector<glm::vec3> normals;
  std::vector<std::uint32_t> indices;

  std::size_t triangle_count() const { return indices.size() / 3; }
};

// An axis-aligned box, 24 vertices with flat normals, 12 triangles.
Shape box(glm::vec3 centre, glm::vec3 half_size);
// A UV ellipsoid with smooth normals; `slices` around Y, `stacks` from pole to pole.
Shape ellipsoid(glm::vec3 centre, glm::vec3 radii, int slices = 32, int stacks = 16);
// A regular octahedron (6 vertices, 8 triangles), no normals.
Shape octahedron(glm::vec3 centre, float radius);

struct GltfMesh {
  std::string name;
  Shape shape;
  glm::vec4 base_colour{0.8f, 0.8f, 0.8f, 1.f};
  bool write_normals = true;
};

struct GltfNode {
  std::string name;
  glm::vec3 translation{0.f};
  int mesh = -1;  // index into GltfScene::meshes, or none
  std::vector<int> children;
};

struct GltfScene {
  std::vector<GltfMesh> meshes;
  std::vector<GltfNode> nodes;
  std::vector<int> roots;
};

// The glTF 2.0 JSON text of the scene, with its buffer as a base64 data: URI.
std::string gltf_json(const GltfScene& scene);
void write_gltf(const std::filesystem::path& file, const GltfScene& scene);

// A scene with a root node "model" and one child node per mesh, named like the mesh, at the origin.
GltfScene scene_of(std::vector<GltfMesh> meshes);

// OBJ text for an object: "o NAME" (or "g NAME" when as_group), its vertices, normals when the
// shape has them, and faces. first_vertex is the 1-based OBJ index of its first vertex.
std::string obj_object(const std::string& name, const Shape& shape, std::size_t first_vertex,
                       bool as_group = false);

}  // namespace kneeviz::test
