#include "scene/gltf_writer.h"

#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace kneeviz::scene {

namespace {

void append(std::vector<unsigned char>& out, const void* data, std::size_t bytes) {
  const auto* p = static_cast<const unsigned char*>(data);
  out.insert(out.end(), p, p + bytes);
}
void append_u32(std::vector<unsigned char>& out, std::uint32_t value) {
  unsigned char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<unsigned char>(value >> (8 * i));  // little-endian
  append(out, bytes, 4);
}
void pad_to_4(std::vector<unsigned char>& out, unsigned char fill) {
  while (out.size() % 4) out.push_back(fill);
}

}  // namespace

std::vector<unsigned char> encode_glb(const std::vector<ExportMesh>& meshes, const std::string& generator) {
  using Json = nlohmann::ordered_json;
  std::vector<unsigned char> bin;
  Json buffer_views = Json::array(), accessors = Json::array(), gltf_meshes = Json::array(),
       nodes = Json::array(), materials = Json::array();
  Json scene_nodes = Json::array();
  const auto add_view = [&](const void* data, std::size_t bytes, int target) {
    pad_to_4(bin, 0);
    buffer_views.push_back(
        {{"buffer", 0}, {"byteOffset", bin.size()}, {"byteLength", bytes}, {"target", target}});
    append(bin, data, bytes);
    return int(buffer_views.size()) - 1;
  };
  for (const ExportMesh& mesh : meshes) {
    if (mesh.normals.size() != mesh.positions.size())
      throw std::invalid_argument("glTF export: mesh " + mesh.name + " has " +
                                  std::to_string(mesh.normals.size()) + " normals for " +
                                  std::to_string(mesh.positions.size()) + " positions");
    for (const std::uint32_t index : mesh.indices)
      if (index >= mesh.positions.size())
        throw std::invalid_argument("glTF export: mesh " + mesh.name + " has an index out of range");
    Json node = {{"name", mesh.name}};
    if (!mesh.extras_json.empty()) {
      Json extras = Json::parse(mesh.extras_json, nullptr, false);
      if (!extras.is_object())
        throw std::invalid_argument("glTF export: the extras of " + mesh.name + " are not a JSON object");
      node["extras"] = std::move(extras);
    }
    if (!mesh.positions.empty() && !mesh.indices.empty()) {
      glm::vec3 lo(std::numeric_limits<float>::max()), hi(std::numeric_limits<float>::lowest());
      for (const glm::vec3& p : mesh.positions) {
        lo = glm::min(lo, p);
        hi = glm::max(hi, p);
      }
      constexpr int kArrayBuffer = 34962, kElementArrayBuffer = 34963;
      const int positions =
          add_view(mesh.positions.data(), mesh.positions.size() * sizeof(glm::vec3), kArrayBuffer);
      const int normals =
          add_view(mesh.normals.data(), mesh.normals.size() * sizeof(glm::vec3), kArrayBuffer);
      const int indices =
          add_view(mesh.indices.data(), mesh.indices.size() * sizeof(std::uint32_t), kElementArrayBuffer);
      constexpr int kFloat = 5126, kUnsignedInt = 5125;
      accessors.push_back({{"bufferView", positions},
                           {"componentType", kFloat},
                           {"count", mesh.positions.size()},
                           {"type", "VEC3"},
                           {"min", {lo.x, lo.y, lo.z}},
                           {"max", {hi.x, hi.y, hi.z}}});
      accessors.push_back({{"bufferView", normals},
                           {"componentType", kFloat},
                           {"count", mesh.normals.size()},
                           {"type", "VEC3"}});
      accessors.push_back({{"bufferView", indices},
                           {"componentType", kUnsignedInt},
                           {"count", mesh.indices.size()},
                           {"type", "SCALAR"}});
      const int first = int(accessors.size()) - 3;
      Json material = {{"name", mesh.name},
                       {"pbrMetallicRoughness",
                        {{"baseColorFactor", {mesh.colour.r, mesh.colour.g, mesh.colour.b, mesh.colour.a}},
                         {"metallicFactor", 0.0},
                         {"roughnessFactor", 0.6}}}};
      if (mesh.colour.a < 1.f) material["alphaMode"] = "BLEND";
      materials.push_back(std::move(material));
      gltf_meshes.push_back({{"name", mesh.name},
                             {"primitives",
                              {{{"attributes", {{"POSITION", first}, {"NORMAL", first + 1}}},
                                {"indices", first + 2},
                                {"material", int(materials.size()) - 1}}}}});
      node["mesh"] = int(gltf_meshes.size()) - 1;
    }
    nodes.push_back(std::move(node));
    scene_nodes.push_back(int(nodes.size()) - 1);
  }
  pad_to_4(bin, 0);
  Json document = {{"asset", {{"version", "2.0"}, {"generator", generator}}},
                   {"scene", 0},
                   {"scenes", {{{"nodes", scene_nodes}}}},
                   {"nodes", nodes}};
  if (!gltf_meshes.empty()) {
    document["meshes"] = gltf_meshes;
    document["materials"] = materials;
    document["accessors"] = accessors;
    document["bufferViews"] = buffer_views;
    document["buffers"] = {{{"byteLength", bin.size()}}};
  }
  std::string text = document.dump();
  while (text.size() % 4) text.push_back(' ');

  std::vector<unsigned char> glb;
  const std::size_t total = 12 + 8 + text.size() + (bin.empty() ? 0 : 8 + bin.size());
  append_u32(glb, 0x46546C67u);  // "glTF"
  append_u32(glb, 2);
  append_u32(glb, std::uint32_t(total));
  append_u32(glb, std::uint32_t(text.size()));
  append_u32(glb, 0x4E4F534Au);  // "JSON"
  append(glb, text.data(), text.size());
  if (!bin.empty()) {
    append_u32(glb, std::uint32_t(bin.size()));
    append_u32(glb, 0x004E4942u);  // "BIN\0"
    append(glb, bin.data(), bin.size());
  }
  return glb;
}

}  // namespace kneeviz::scene
