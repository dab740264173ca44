#pragma once
// The project's own scene types: what a loaded model is, independent of Assimp and of GL.

#include <cstdint>
#include <glm/glm.hpp>
#include <glm/gtc/type_precision.hpp>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace kneeviz::scene {

struct Bounds {
  glm::vec3 min{std::numeric_limits<float>::max()};
  glm::vec3 max{std::numeric_limits<float>::lowest()};

  bool empty() const { return min.x > max.x; }
  void extend(const glm::vec3& p) {
    min = glm::min(min, p);
    max = glm::max(max, p);
  }
  void extend(const Bounds& b) {
    if (!b.empty()) {
      extend(b.min);
      extend(b.max);
    }
  }
  glm::vec3 centre() const { return (min + max) * 0.5f; }
  glm::vec3 size() const { return max - min; }
  // Radius of the bounding sphere around centre(); 0 for an empty box.
  float radius() const { return empty() ? 0.f : glm::length(size()) * 0.5f; }
  // The box with `margin` more on every side (an empty box stays empty).
  Bounds grown(float margin) const {
    if (empty()) return *this;
    return {min - glm::vec3(margin), max + glm::vec3(margin)};
  }
  // The box around this one's corners moved by `transform`; empty stays empty.
  Bounds transformed(const glm::mat4& transform) const {
    Bounds moved;
    if (empty()) return moved;
    for (int corner = 0; corner < 8; ++corner)
      moved.extend(glm::vec3(transform * glm::vec4((corner & 1) ? max.x : min.x, (corner & 2) ? max.y : min.y,
                                                   (corner & 4) ? max.z : min.z, 1.f)));
    return moved;
  }
};

struct Vertex {
  glm::vec3 position{0.f};
  glm::vec3 normal{0.f, 1.f, 0.f};
  // xyz: the muscle's local fibre direction in the tangent plane (zero where the mesh has none).
  glm::vec4 fibre{0.f};
  glm::u16vec4 joints{0};  // indices into Model::joints
  glm::vec4 weights{0.f};  // sum to 1 for skinned meshes; all 0 for rigid ones
};

struct Material {
  glm::vec4 base_colour{0.8f, 0.8f, 0.8f, 1.f};
  float roughness = 0.6f;
};

struct Mesh {
  std::string name;  // the structure ID for anatomical models: the name of its node
  std::vector<Vertex> vertices;
  std::vector<std::uint32_t> indices;  // triangles, counter-clockwise front faces
  Material material;
  int node = -1;            // the node that places this mesh (index into Model::nodes)
  bool has_fibres = false;  // the model gave a fibre direction (glTF TANGENT) per vertex
  bool skinned = false;     // vertices carry joints and weights

  std::size_t triangle_count() const { return indices.size() / 3; }
};

// Whether the mesh's triangles close up and face outward: every edge is shared by exactly two
// triangles that run along it in opposite directions, and the volume they enclose is positive.
// Only the inside of such a mesh faces away from the viewer wherever it is seen from outside, so
// the renderer may skip its back faces.
bool encloses_volume(const Mesh& mesh);

struct Node {
  std::string name;
  glm::mat4 local{1.f};  // transform relative to the parent
  int parent = -1;
  std::vector<int> children;
  std::vector<int> meshes;  // indices into Model::meshes
};

// A joint of the model's skin: a node, and the inverse bind matrix that takes model-space bind
// positions into the joint's space.
struct Joint {
  int node = -1;
  glm::mat4 inverse_bind{1.f};
};

struct Model {
  std::string source;       // the file it came from, for messages
  std::vector<Node> nodes;  // nodes[0] is the root; parents come before their children
  std::vector<Mesh> meshes;
  std::vector<Joint> joints;
  // What the loader changed to draw the file sensibly, for the user to read (e.g. "material 'glass'
  // is fully transparent; drawn opaque").
  std::vector<std::string> warnings;

  // Bind-pose bounds of all meshes in model space.
  Bounds bounds() const;
  std::size_t triangle_count() const;
  // Index of the node with this name, or -1.
  int find_node(std::string_view name) const;
  // Nodes that hold no mesh and have a name: landmarks and groups, in tree order.
  std::vector<int> empty_nodes() const;
  // Model-space transform of every node, given local transforms (defaults to each node's own).
  std::vector<glm::mat4> global_transforms(const std::vector<glm::mat4>* locals = nullptr) const;
};

}  // namespace kneeviz::scene
