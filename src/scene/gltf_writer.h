#pragma once
// A posed scene as glTF 2.0 binary (GLB): one node and one mesh per drawn part, positions and
// normals already in world space (no skins, no node transforms), each with a material of its
// colour. What `kneeviz export` writes, for Blender, slide tools and measurements from outside.

#include <glm/glm.hpp>
#include <string>
#include <vector>

namespace kneeviz::scene {

struct ExportMesh {
  std::string name;  // node and mesh name (a structure ID, "hand-left", ...)
  std::vector<glm::vec3> positions;
  std::vector<glm::vec3> normals;  // one per position, unit
  std::vector<std::uint32_t> indices;
  glm::vec4 colour{0.8f, 0.8f, 0.8f, 1.f};  // linear RGBA; alpha below 1 is written as BLEND
  std::string extras_json;                  // a JSON object for the node's "extras", or empty
};

// The GLB file's bytes. Throws std::invalid_argument for a mesh with an index out of range, with
// normals that do not match its positions, or with extras that are not a JSON object.
std::vector<unsigned char> encode_glb(const std::vector<ExportMesh>& meshes, const std::string& generator);

}  // namespace kneeviz::scene
