#include "scene/loader.h"

#include <assimp/BaseImporter.h>
#include <assimp/importerdesc.h>
#include <assimp/material.h>
#include <assimp/postprocess.h>
#include <assimp/scene.h>

#include <algorithm>
#include <assimp/Importer.hpp>
#include <cctype>
#include <cmath>
#include <cstring>
#include <fstream>
#include <functional>
#include <glm/geometric.hpp>
#include <iterator>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string_view>
#include <unordered_map>

#include "json/positions.h"
#include "scene/model_checks.h"

namespace kneeviz::scene {
namespace {

// ".GLB" and ".glb" alike.
std::string lowercase_extension(const std::filesystem::path& file) {
  std::string extension = file.extension().string();
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return extension;
}

glm::mat4 to_glm(const aiMatrix4x4& m) {
  // Assimp matrices are row-major; glm's are column-major.
  return glm::mat4(m.a1, m.b1, m.c1, m.d1, m.a2, m.b2, m.c2, m.d2, m.a3, m.b3, m.c3, m.d3, m.a4, m.b4, m.c4,
                   m.d4);
}

Material read_material(const aiMaterial* source, std::vector<std::string>& warnings) {
  Material material;
  if (!source) return material;
  aiColor4D colour;
  if (source->Get(AI_MATKEY_BASE_COLOR, colour) == AI_SUCCESS ||
      source->Get(AI_MATKEY_COLOR_DIFFUSE, colour) == AI_SUCCESS)
    material.base_colour = {colour.r, colour.g, colour.b, colour.a};
  float opacity = 1.f;
  if (source->Get(AI_MATKEY_OPACITY, opacity) == AI_SUCCESS && opacity < material.base_colour.a)
    material.base_colour.a = opacity;
  // Nothing would be drawn: exporters write <transparency>0 meaning opaque as often as not, and a
  // structure no one can see is never what a model is for.
  if (!(material.base_colour.a > 0.01f)) {
    const std::string name = source->GetName().C_Str();
    const std::string said = "material '" + name + "' is fully transparent; drawn opaque";
    if (std::find(warnings.begin(), warnings.end(), said) == warnings.end()) warnings.push_back(said);
    material.base_colour.a = 1.f;
  }
  for (int c = 0; c < 3; ++c)
    if (!std::isfinite(material.base_colour[c])) material.base_colour[c] = 0.8f;
  float roughness = 0.f;
  if (source->Get(AI_MATKEY_ROUGHNESS_FACTOR, roughness) == AI_SUCCESS) material.roughness = roughness;
  return material;
}

class SceneBuilder {
 public:
  SceneBuilder(const aiScene& scene, Model& model, std::size_t max_triangles)
      : scene_(scene), model_(model), max_triangles_(max_triangles) {}

  // The node tree, parents before children in the file's order, without recursion: however deep
  // a file nests (FBX is not checked before Assimp), the stack does not overflow.
  void add_tree(const aiNode& root) {
    std::vector<std::pair<const aiNode*, int>> pending{{&root, -1}};  // node, its parent's index
    while (!pending.empty()) {
      const auto [source, parent] = pending.back();
      pending.pop_back();
      if (model_.nodes.size() >= kMaxNodes)
        throw ModelError(model_.source + ": the model has more than " + std::to_string(kMaxNodes) +
                         " nodes; expected an anatomy model (the bundled leg has about 60)");
      const int index = static_cast<int>(model_.nodes.size());
      Node& node = model_.nodes.emplace_back();
      node.name = source->mName.C_Str();
      node.local = to_glm(source->mTransformation);
      node.parent = parent;
      if (parent >= 0) model_.nodes[parent].children.push_back(index);
      for (unsigned i = 0; i < source->mNumMeshes; ++i)
        if (source->mMeshes[i] < scene_.mNumMeshes) add_mesh(*scene_.mMeshes[source->mMeshes[i]], index);
      for (unsigned i = source->mNumChildren; i-- > 0;)
        if (source->mChildren[i]) pending.emplace_back(source->mChildren[i], index);
    }
  }

  // Joints are known by name only once the whole tree is read.
  void resolve_joints() {
    for (Joint& joint : model_.joints) {
      const std::string& name = joint_names_[&joint - model_.joints.data()];
      joint.node = model_.find_node(name);
      if (joint.node < 0)
        throw ModelError(model_.source + ": the skin names joint '" + name +
                         "', but the model has no node of that name");
    }
  }

 private:
  void add_mesh(const aiMesh& source, int node_index) {
    if (!(source.mPrimitiveTypes & aiPrimitiveType_TRIANGLE) || source.mNumFaces == 0) return;
    // Each placement of a shared mesh is a copy: a small file could place one mesh a million times.
    triangles_ += source.mNumFaces;
    if (triangles_ > max_triangles_)
      throw ModelError(model_.source + ": the model places more than " + std::to_string(max_triangles_) +
                       " triangles, more than kneeviz accepts");
    const int mesh_index = static_cast<int>(model_.meshes.size());
    Mesh& mesh = model_.meshes.emplace_back();
    // A named node names its meshes: a structure split into several primitives (one per
    // material, say) stays one structure for hiding, picking and the panel.
    mesh.name = !model_.nodes[node_index].name.empty() ? model_.nodes[node_index].name
                                                       : std::string(source.mName.C_Str());
    mesh.node = node_index;
    mesh.material = read_material(
        source.mMaterialIndex < scene_.mNumMaterials ? scene_.mMaterials[source.mMaterialIndex] : nullptr,
        model_.warnings);
    mesh.has_fibres = source.mTangents != nullptr;
    model_.nodes[node_index].meshes.push_back(mesh_index);

    mesh.vertices.resize(source.mNumVertices);
    std::size_t bad_normals = 0;
    for (unsigned i = 0; i < source.mNumVertices; ++i) {
      Vertex& v = mesh.vertices[i];
      v.position = {source.mVertices[i].x, source.mVertices[i].y, source.mVertices[i].z};
      if (!std::isfinite(v.position.x) || !std::isfinite(v.position.y) || !std::isfinite(v.position.z))
        throw ModelError(model_.source + ": mesh '" + mesh.name + "', vertex " + std::to_string(i) +
                         ": its position is not a finite number; expected coordinates");
      if (source.mNormals) v.normal = {source.mNormals[i].x, source.mNormals[i].y, source.mNormals[i].z};
      const float length = glm::length(v.normal);
      bad_normals += !std::isfinite(length) || length < 1e-6f;
      if (source.mTangents)
        v.fibre = {source.mTangents[i].x, source.mTangents[i].y, source.mTangents[i].z, 1.f};
    }
    mesh.indices.reserve(std::size_t(source.mNumFaces) * 3);
    for (unsigned f = 0; f < source.mNumFaces; ++f) {
      const aiFace& face = source.mFaces[f];
      if (face.mNumIndices != 3) continue;  // points and lines left over from a mixed mesh
      if (face.mIndices[0] >= source.mNumVertices || face.mIndices[1] >= source.mNumVertices ||
          face.mIndices[2] >= source.mNumVertices)
        continue;
      mesh.indices.insert(mesh.indices.end(), face.mIndices, face.mIndices + 3);
    }
    // Zero or broken normals (STL exporters write 0 0 0 for every facet) light nothing: the mesh
    // would be a black silhouette. Such vertices get the area-weighted normal of their triangles.
    if (bad_normals > 0) {
      smooth_bad_normals(mesh);
      model_.warnings.push_back("mesh '" + mesh.name + "': " + std::to_string(bad_normals) +
                                " vertices had zero or invalid normals; computed from the surface");
    }
    add_bones(source, mesh);
  }

  static void smooth_bad_normals(Mesh& mesh) {
    std::vector<glm::vec3> sums(mesh.vertices.size(), glm::vec3(0.f));
    for (std::size_t t = 0; t + 2 < mesh.indices.size(); t += 3) {
      const std::uint32_t a = mesh.indices[t], b = mesh.indices[t + 1], c = mesh.indices[t + 2];
      const glm::vec3 area = glm::cross(mesh.vertices[b].position - mesh.vertices[a].position,
                                        mesh.vertices[c].position - mesh.vertices[a].position);
      for (const std::uint32_t v : {a, b, c}) sums[v] += area;
    }
    for (std::size_t i = 0; i < mesh.vertices.size(); ++i) {
      glm::vec3& normal = mesh.vertices[i].normal;
      const float length = glm::length(normal);
      if (std::isfinite(length) && length >= 1e-6f) continue;
      const float sum = glm::length(sums[i]);
      normal = sum > 0.f && std::isfinite(sum) ? sums[i] / sum : glm::vec3(0.f, 0.f, 1.f);
    }
  }

  void add_bones(const aiMesh& source, Mesh& mesh) {
    if (source.mNumBones == 0) return;
    mesh.skinned = true;
    std::vector<int> slots_used(mesh.vertices.size(), 0);
    for (unsigned b = 0; b < source.mNumBones; ++b) {
      const aiBone& bone = *source.mBones[b];
      const std::uint16_t joint = joint_index(bone);
      for (unsigned w = 0; w < bone.mNumWeights; ++w) {
        const aiVertexWeight& weight = bone.mWeights[w];
        if (weight.mVertexId >= mesh.vertices.size() || weight.mWeight <= 0.f) continue;
        int& slot = slots_used[weight.mVertexId];
        if (slot >= 4) continue;  // aiProcess_LimitBoneWeights keeps this from happening
        Vertex& v = mesh.vertices[weight.mVertexId];
        v.joints[slot] = joint;
        v.weights[slot] = weight.mWeight;
        ++slot;
      }
    }
    for (Vertex& v : mesh.vertices) {
      const float sum = v.weights.x + v.weights.y + v.weights.z + v.weights.w;
      if (sum > 0.f) v.weights /= sum;
    }
  }

  std::uint16_t joint_index(const aiBone& bone) {
    const std::string name = bone.mName.C_Str();
    if (auto found = joint_by_name_.find(name); found != joint_by_name_.end()) return found->second;
    const auto index = static_cast<std::uint16_t>(model_.joints.size());
    model_.joints.push_back({-1, to_glm(bone.mOffsetMatrix)});
    joint_names_.push_back(name);
    joint_by_name_.emplace(name, index);
    return index;
  }

  // A model's nodes: anatomy models have tens; a file of millions is a hostile one.
  static constexpr std::size_t kMaxNodes = 100'000;

  const aiScene& scene_;
  Model& model_;
  std::size_t max_triangles_ = 0, triangles_ = 0;
  std::vector<std::string> joint_names_;
  std::unordered_map<std::string, std::uint16_t> joint_by_name_;
};

// The JSON of a glTF file: all of a .gltf, the first chunk of a binary glTF (.glb); empty for
// other files.
// A binary glTF's chunks must lie within the file: Assimp 5.2 allocates what a chunk's length
// says before it reads (a 1 KB file asked for 4 GB). Throws ModelError.
std::string gltf_json(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  char header[20] = {};
  in.read(header, sizeof header);
  if (std::memcmp(header, "glTF", 4) == 0) {
    std::error_code error;
    const std::uintmax_t size = std::filesystem::file_size(file, error);
    const auto word = [](const char* at) {
      std::uint32_t value = 0;
      std::memcpy(&value, at, sizeof value);  // little-endian, as x86 and ARM are
      return value;
    };
    const auto refuse = [&](const std::string& problem) { throw ModelError(file.string() + ": " + problem); };
    if (!in || error) refuse("the binary glTF ends inside its header");
    if (word(header + 8) != size)
      refuse("the binary glTF's header says " + std::to_string(word(header + 8)) +
             " bytes, but the file has " + std::to_string(size));
    if (std::memcmp(header + 16, "JSON", 4) != 0) refuse("the binary glTF's first chunk is not its JSON");
    const std::uint64_t length = word(header + 12);
    if (20 + length > size)
      refuse("the binary glTF's JSON chunk says " + std::to_string(length) +
             " bytes, more than the file holds");
    std::string json(length, '\0');
    in.read(json.data(), std::streamsize(length));
    // A binary chunk, when there is one, must fit what is left.
    if (20 + length + 8 <= size) {
      char chunk[8] = {};
      in.read(chunk, sizeof chunk);
      if (20 + length + 8 + std::uint64_t(word(chunk)) > size)
        refuse("the binary glTF's second chunk says " + std::to_string(word(chunk)) +
               " bytes, more than the file holds");
    }
    return json;
  }
  if (lowercase_extension(file) != ".gltf") return {};
  in.clear();
  in.seekg(0);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Bytes of one accessor element: component size times component count; 0 for values glTF lacks.
std::size_t element_bytes(const nlohmann::json& accessor) {
  static const std::unordered_map<int, std::size_t> component{{5120, 1}, {5121, 1}, {5122, 2},
                                                              {5123, 2}, {5125, 4}, {5126, 4}};
  static const std::unordered_map<std::string, std::size_t> components{
      {"SCALAR", 1}, {"VEC2", 2}, {"VEC3", 3}, {"VEC4", 4}, {"MAT2", 4}, {"MAT3", 9}, {"MAT4", 16}};
  const auto c = component.find(accessor.value("componentType", 0));
  const auto n = components.find(accessor.value("type", std::string()));
  return c == component.end() || n == components.end() ? 0 : c->second * n->second;
}

// What Assimp 5.2's glTF importer trusts without checking, checked before it sees the file:
// - the JSON parses as the standard requires (UTF-8 included; Assimp's parser is more lenient);
// - every skin has inverseBindMatrices (optional in glTF 2.0; Assimp reads them regardless and
//   crashes);
// - every accessor lies within its buffer view, and buffers within the size kneeviz accepts
//   (Assimp allocates what the counts say: a 2 KB file could ask for gigabytes).
// Returns whether the file is glTF with every mesh primitive indexed: its vertices are shared
// already, so Assimp need not search for duplicates (for the bundled leg that search was 85% of
// the load).
struct GltfFacts {
  bool indexed = false;         // every mesh primitive has indices
  std::uint64_t triangles = 0;  // as its meshes' accessors count them, each mesh once
};

// glTF nodes must form trees (glTF 2.0 requires it; Assimp 5.2 recurses through children and
// crashes on a loop or a chain of 20,000): every child a node the file has, each node the child
// of one parent at most, no node its own ancestor, and no chain deeper than kMaxNodeDepth.
void check_gltf_nodes(const nlohmann::json& nodes,
                      const std::function<void(const std::string&, const std::string&)>& refuse) {
  std::vector<std::int64_t> parent(nodes.size(), -1);
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    const std::string place = "nodes[" + std::to_string(i) + "]";
    if (!nodes[i].is_object()) refuse(place, "is not an object");
    const auto children = nodes[i].find("children");
    if (children == nodes[i].end()) continue;
    if (!children->is_array()) refuse(place + ".children", "is not an array");
    for (const nlohmann::json& child : *children) {
      if (!child.is_number_unsigned() || child.get<std::uint64_t>() >= nodes.size())
        refuse(place + ".children", "names a node the file does not have: " + child.dump());
      const std::size_t c = child.get<std::size_t>();
      if (c == i) refuse(place, "is its own child");
      if (parent[c] >= 0)
        refuse("nodes[" + std::to_string(c) + "]", "is the child of both nodes[" + std::to_string(parent[c]) +
                                                       "] and " + place +
                                                       "; expected a tree, as glTF requires");
      parent[c] = std::int64_t(i);
    }
  }
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    std::size_t depth = 0;
    for (std::int64_t up = parent[i]; up >= 0; up = parent[std::size_t(up)]) {
      if (std::size_t(up) == i)
        refuse("nodes[" + std::to_string(i) + "]", "is its own ancestor: its children loop back to it");
      if (++depth > checks::kMaxNodeDepth)
        refuse("nodes[" + std::to_string(i) + "]",
               "lies more than " + std::to_string(checks::kMaxNodeDepth) +
                   " levels deep; expected a model's hierarchy (a few levels deep)");
    }
  }
}

GltfFacts check_gltf_before_assimp(const std::filesystem::path& file, const ModelLimits& limits) {
  const std::string text = gltf_json(file);
  if (text.empty()) return {};
  if (json::first_too_deep(text, 64))
    throw ModelError(file.string() +
                     ": its glTF JSON nests deeper than 64 levels; expected glTF (about 6 deep)");
  nlohmann::json document;
  try {
    document = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception& error) {
    const std::string what = error.what();  // "[json.exception.parse_error.101] parse error at line 1, ..."
    throw ModelError(file.string() + ": its glTF JSON is malformed: " + what.substr(what.find(']') + 2));
  }
  if (!document.is_object()) throw ModelError(file.string() + ": its glTF JSON is not an object");
  const auto refuse = [&](const std::string& place, const std::string& problem) {
    throw ModelError(file.string() + ": " + place + " " + problem);
  };
  const auto array = [&](const char* key) {
    const auto found = document.find(key);
    if (found != document.end() && !found->is_array()) refuse(key, "is not an array");
    return found == document.end() ? nlohmann::json::array() : *found;
  };
  const auto number = [](const nlohmann::json& object, const char* key) -> std::uint64_t {
    const auto found = object.find(key);
    return found != object.end() && found->is_number_unsigned() ? found->get<std::uint64_t>() : 0;
  };

  const nlohmann::json skins = array("skins"), buffers = array("buffers"), views = array("bufferViews"),
                       accessors = array("accessors");
  for (std::size_t i = 0; i < skins.size(); ++i)
    if (!skins[i].is_object() || !skins[i].contains("inverseBindMatrices"))
      refuse("skins[" + std::to_string(i) + "]",
             "has no inverseBindMatrices, which kneeviz needs to read a skin");
  for (std::size_t i = 0; i < buffers.size(); ++i)
    if (!buffers[i].is_object() || number(buffers[i], "byteLength") > limits.max_file_bytes)
      refuse("buffers[" + std::to_string(i) + "]", "is larger than the model size kneeviz accepts");
  // Files the glTF names beside it (buffers, images) must be plain files: Assimp would wait
  // forever on a named pipe, or read a device without end.
  for (const char* list : {"buffers", "images"}) {
    const nlohmann::json entries = array(list);
    for (std::size_t i = 0; i < entries.size(); ++i) {
      if (!entries[i].is_object() || !entries[i].contains("uri") || !entries[i]["uri"].is_string()) continue;
      const std::string uri = entries[i]["uri"].get<std::string>();
      if (uri.starts_with("data:")) continue;
      std::error_code error;
      const std::filesystem::path beside = file.parent_path() / uri;
      if (std::filesystem::exists(beside, error) && !std::filesystem::is_regular_file(beside, error))
        refuse(std::string(list) + "[" + std::to_string(i) + "].uri",
               "'" + uri + "' is not a regular file (a pipe, a device, a socket or a folder)");
    }
  }
  for (std::size_t i = 0; i < views.size(); ++i) {
    const std::string place = "bufferViews[" + std::to_string(i) + "]";
    if (!views[i].is_object()) refuse(place, "is not an object");
    const std::uint64_t buffer = number(views[i], "buffer");
    if (buffer >= buffers.size() || number(views[i], "byteOffset") + number(views[i], "byteLength") >
                                        number(buffers[buffer], "byteLength"))
      refuse(place, "does not lie within its buffer");
  }
  for (std::size_t i = 0; i < accessors.size(); ++i) {
    const std::string place = "accessors[" + std::to_string(i) + "]";
    const nlohmann::json& accessor = accessors[i];
    if (!accessor.is_object()) refuse(place, "is not an object");
    const std::uint64_t count = number(accessor, "count"), bytes = element_bytes(accessor);
    if (bytes == 0) refuse(place, "has no valid componentType and type");
    if (!accessor.contains("bufferView")) {  // all zeros (or sparse): only the count bounds it
      if (count > 3 * std::uint64_t(limits.max_triangles))
        refuse(place, "has more elements than kneeviz accepts");
      continue;
    }
    if (count == 0) continue;
    const std::uint64_t view = number(accessor, "bufferView");
    if (view >= views.size()) refuse(place, "names a bufferView the file does not have");
    const std::uint64_t stride = std::max(number(views[view], "byteStride"), bytes);
    if (number(accessor, "byteOffset") + (count - 1) * stride + bytes > number(views[view], "byteLength"))
      refuse(place, "reaches past the end of its bufferView");
  }
  check_gltf_nodes(array("nodes"), refuse);
  GltfFacts facts{true, 0};
  for (const nlohmann::json& mesh : array("meshes")) {
    const auto primitives = mesh.is_object() ? mesh.find("primitives") : mesh.end();
    if (primitives == mesh.end() || !primitives->is_array()) continue;  // Assimp reports it
    for (const nlohmann::json& primitive : *primitives) {
      facts.indexed = facts.indexed && primitive.is_object() && primitive.contains("indices");
      if (!primitive.is_object()) continue;
      // Its corners: the index count, or the vertices of an unindexed primitive.
      std::uint64_t accessor = accessors.size();
      if (primitive.contains("indices"))
        accessor = number(primitive, "indices");
      else if (const auto attributes = primitive.find("attributes");
               attributes != primitive.end() && attributes->is_object())
        accessor = number(*attributes, "POSITION");
      if (accessor < accessors.size() && accessors[accessor].is_object())
        facts.triangles += number(accessors[accessor], "count") / 3;
    }
  }
  return facts;
}

// A few bytes as the message shows them: as text when they are printable, else in hex.
std::string describe_start(const std::string& head) {
  if (head.empty()) return "it is empty";
  const std::string line = head.substr(0, std::min<std::size_t>(head.find_first_of("\r\n"), 12));
  bool printable = !line.empty();
  for (const char c : line) printable = printable && c >= 32 && c < 127;
  if (printable) return "it begins with '" + line + "'";
  const std::string start = head.substr(0, 8);
  std::string hex;
  for (const char c : start) {
    static constexpr char kDigits[] = "0123456789abcdef";
    const auto byte = static_cast<unsigned char>(c);
    hex += std::string(hex.empty() ? "" : " ") + kDigits[byte >> 4] + kDigits[byte & 15];
  }
  return "it begins with the bytes " + hex;
}

// The file's content must be the format its name says: a file renamed to .glb (a 3DS, an X or an
// IQM model, an OFF mesh...) would otherwise be tried by Assimp's other importers, some of which
// crash or take gigabytes on such input.
void check_content(const std::filesystem::path& file, const std::string& extension, std::uintmax_t bytes) {
  std::ifstream in(file, std::ios::binary);
  std::string head(4096, '\0');
  in.read(head.data(), std::streamsize(head.size()));
  head.resize(std::size_t(in.gcount()));
  const bool text = head.find('\0') == std::string::npos;
  const auto starts = [&](std::string_view prefix) { return head.starts_with(prefix); };
  std::string expected;
  if (extension == ".glb") {
    if (!starts("glTF")) expected = "a glTF binary, which begins with 'glTF'";
  } else if (extension == ".gltf") {
    const std::size_t first = head.find_first_not_of(" \t\r\n", starts("\xEF\xBB\xBF") ? 3 : 0);
    if (first == std::string::npos || head[first] != '{') expected = "glTF JSON, which begins with '{'";
  } else if (extension == ".obj") {
    if (!text || head.empty()) expected = "an OBJ text file";
  } else if (extension == ".fbx") {
    if (!starts("Kaydara FBX Binary") && !(text && head.find("FBX") != std::string::npos))
      expected = "an FBX file, binary (beginning 'Kaydara FBX Binary') or text";
  } else if (extension == ".dae") {
    if (!text || head.find("<COLLADA") == std::string::npos)
      expected = "a Collada XML file with a <COLLADA> element";
  } else if (extension == ".ply") {
    if (!starts("ply\n") && !starts("ply\r")) expected = "a PLY file, which begins with 'ply'";
  } else if (extension == ".stl") {
    // Binary: an 80-byte header, a triangle count, 50 bytes a triangle. Text: 'solid'.
    std::uint32_t count = 0;
    if (head.size() >= 84)
      for (int i = 0; i < 4; ++i) count |= std::uint32_t(static_cast<unsigned char>(head[80 + i])) << (8 * i);
    const bool binary = head.size() >= 84 && bytes == 84u + 50u * std::uintmax_t(count);
    if (!binary && !(text && starts("solid")))
      expected = "an STL file, text beginning 'solid' or binary with as many triangles as its header says";
  }
  if (!expected.empty())
    throw ModelError(file.string() + ": the content is not what its name says: expected " + expected +
                     ", but " + describe_start(head));
}

// Whether an Assimp importer reads one of kModelFormats (its extensions: "gltf glb", no dots).
bool reads_a_kneeviz_format(const aiImporterDesc* description) {
  if (!description || !description->mFileExtensions) return false;
  std::istringstream extensions(description->mFileExtensions);
  for (std::string extension; extensions >> extension;)
    if (std::ranges::find(kModelFormats, "." + extension) != std::end(kModelFormats)) return true;
  return false;
}

}  // namespace

Model load_model(const std::filesystem::path& file, const ModelLimits& limits) {
  const std::string name = file.string();
  std::error_code error;
  if (!std::filesystem::exists(file, error)) throw ModelError(name + ": no such file");
  if (std::filesystem::is_directory(file, error))
    throw ModelError(name + ": is a directory, expected a model file (.glb, .gltf, .obj, .fbx, ...)");
  // Opening a named pipe waits for a writer, maybe forever; a device never ends.
  if (!std::filesystem::is_regular_file(file, error))
    throw ModelError(name + ": is not a regular file (a pipe, a device or a socket), expected a model file");
  const std::string extension = lowercase_extension(file);
  if (std::ranges::find(kModelFormats, extension) == std::end(kModelFormats)) {
    std::string formats;
    for (const char* format : kModelFormats) formats += (formats.empty() ? "" : ", ") + std::string(format);
    throw ModelError(name + ": kneeviz reads models in these formats: " + formats + "; '" + extension +
                     "' is not one of them");
  }
  if (!std::ifstream(file, std::ios::binary))
    throw ModelError(name + ": cannot be opened for reading (check its permissions)");
  const std::uintmax_t bytes = std::filesystem::file_size(file, error);
  if (!error && bytes > limits.max_file_bytes)
    throw ModelError(name + ": the file is " + std::to_string(bytes >> 20) + " MiB, more than the " +
                     std::to_string(limits.max_file_bytes >> 20) + " MiB kneeviz accepts for a model");

  check_content(file, extension, error ? 0 : bytes);
  checks::check_structure(file, extension, error ? 0 : bytes);
  const GltfFacts gltf = check_gltf_before_assimp(file, limits);
  const bool shared_vertices = gltf.indexed;
  // What loading would cost, from the file's own counts, before Assimp commits to it.
  const std::size_t max_triangles = shared_vertices ? limits.max_triangles : limits.max_unwelded_triangles;
  std::optional<std::uint64_t> promised = checks::estimate_triangles(file, extension, error ? 0 : bytes);
  if (extension == ".glb" || extension == ".gltf") promised = gltf.triangles;
  if (promised && *promised > max_triangles)
    throw ModelError(name + ": the file holds " + std::to_string(*promised) + " triangles, more than the " +
                     std::to_string(max_triangles) + " kneeviz accepts for " +
                     (shared_vertices ? std::string("a model")
                                      : "a model whose vertices are not shared (" + extension +
                                            "), which costs about 2 KB a triangle to load"));

  Assimp::Importer importer;
  // Only the importers of the formats kneeviz reads: whatever a file holds, no other one runs.
  // An unregistered importer is no longer the Importer's to delete: it is deleted here.
  for (std::size_t i = importer.GetImporterCount(); i-- > 0;)
    if (!reads_a_kneeviz_format(importer.GetImporterInfo(i))) {
      std::unique_ptr<Assimp::BaseImporter> unwanted(importer.GetImporter(i));
      if (importer.UnregisterLoader(unwanted.get()) != aiReturn_SUCCESS) (void)unwanted.release();
    }
  // Points and lines are of no use to a surface viewer; dropping them keeps meshes pure triangles.
  importer.SetPropertyInteger(AI_CONFIG_PP_SBP_REMOVE, aiPrimitiveType_POINT | aiPrimitiveType_LINE);
  unsigned flags = aiProcess_Triangulate | aiProcess_GenSmoothNormals | aiProcess_SortByPType |
                   aiProcess_LimitBoneWeights | aiProcess_ValidateDataStructure;
  // Triangle soups (OBJ, STL, unindexed glTF) are welded, so that normals smooth and the skin is
  // one connected surface for stroke paths.
  if (!shared_vertices) flags |= aiProcess_JoinIdenticalVertices;
  const aiScene* scene = importer.ReadFile(name, flags);
  if (!scene || (scene->mFlags & AI_SCENE_FLAGS_INCOMPLETE) || !scene->mRootNode) {
    std::string reason = importer.GetErrorString();
    if (reason.empty()) reason = "the file is incomplete or not a model Assimp can read";
    throw ModelError(name + ": cannot read the model: " + reason);
  }

  // Counted before kneeviz copies anything, so that a huge model costs no more memory than this.
  std::size_t triangles = 0;
  for (unsigned i = 0; i < scene->mNumMeshes; ++i) triangles += scene->mMeshes[i]->mNumFaces;
  if (triangles > max_triangles)
    throw ModelError(name + ": the model has " + std::to_string(triangles) + " triangles, more than the " +
                     std::to_string(max_triangles) + " kneeviz accepts");

  Model model;
  model.source = name;
  SceneBuilder builder(*scene, model, max_triangles);
  builder.add_tree(*scene->mRootNode);
  builder.resolve_joints();
  if (model.meshes.empty())
    throw ModelError(name + ": the file holds no triangle meshes, so there is nothing to show");

  return model;
}

}  // namespace kneeviz::scene
