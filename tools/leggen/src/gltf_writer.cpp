// GLB encoding: one buffer, one primitive per mesh, one material per structure, one skin shared
// by every mesh node, and the node tree of the app contract (docs/leg-model.md).
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>

#include "leg_frame.h"
#include "leg_model.h"
#include "skinning.h"

namespace leggen {

namespace {

using nlohmann::json;

constexpr int kFloat = 5126;
constexpr int kUnsignedByte = 5121;
constexpr int kUnsignedShort = 5123;
constexpr int kUnsignedInt = 5125;
constexpr int kArrayBuffer = 34962;
constexpr int kElementArrayBuffer = 34963;

class GlbBuilder {
 public:
  json document;
  std::vector<uint8_t> binary;

  GlbBuilder() {
    document["asset"] = {{"version", "2.0"}, {"generator", "kneeviz leggen"}};
    for (const char* key : {"accessors", "bufferViews", "meshes", "materials", "nodes"}) {
      document[key] = json::array();
    }
  }

  // Appends raw bytes as a buffer view (4-byte aligned) and returns its index.
  int add_view(const void* data, size_t size, int target) {
    while (binary.size() % 4 != 0) binary.push_back(0);
    const size_t offset = binary.size();
    binary.resize(offset + size);
    std::memcpy(binary.data() + offset, data, size);
    json view = {{"buffer", 0}, {"byteOffset", offset}, {"byteLength", size}};
    if (target != 0) view["target"] = target;
    document["bufferViews"].push_back(view);
    return static_cast<int>(document["bufferViews"].size()) - 1;
  }

  int add_accessor(int view, int component_type, size_t count, const char* type) {
    document["accessors"].push_back(
        {{"bufferView", view}, {"componentType", component_type}, {"count", count}, {"type", type}});
    return static_cast<int>(document["accessors"].size()) - 1;
  }

  int add_node(json node) {
    document["nodes"].push_back(std::move(node));
    return static_cast<int>(document["nodes"].size()) - 1;
  }

  void add_child(int parent, int child) { document["nodes"][parent]["children"].push_back(child); }

  std::vector<uint8_t> finish() {
    document["buffers"] = json::array({{{"byteLength", binary.size()}}});
    std::string text = document.dump();
    while (text.size() % 4 != 0) text.push_back(' ');
    while (binary.size() % 4 != 0) binary.push_back(0);
    std::vector<uint8_t> out;
    auto put32 = [&](uint32_t value) {
      for (int i = 0; i < 4; ++i) out.push_back(static_cast<uint8_t>(value >> (8 * i)));
    };
    const uint32_t total =
        12 + 8 + static_cast<uint32_t>(text.size()) + 8 + static_cast<uint32_t>(binary.size());
    put32(0x46546C67u);  // "glTF"
    put32(2);
    put32(total);
    put32(static_cast<uint32_t>(text.size()));
    put32(0x4E4F534Au);  // "JSON"
    out.insert(out.end(), text.begin(), text.end());
    put32(static_cast<uint32_t>(binary.size()));
    put32(0x004E4942u);  // "BIN"
    out.insert(out.end(), binary.begin(), binary.end());
    return out;
  }
};

json vector_json(const vec3& v) {
  return json::array({v.x, v.y, v.z});
}

int add_mesh(GlbBuilder& glb, const BuiltStructure& s, int material) {
  const TriangleMesh& mesh = s.mesh;
  const size_t n = mesh.positions.size();
  json attributes;
  const int position_view = glb.add_view(mesh.positions.data(), n * sizeof(vec3), kArrayBuffer);
  const int position = glb.add_accessor(position_view, kFloat, n, "VEC3");
  vec3 lo(1e9f), hi(-1e9f);
  for (const vec3& p : mesh.positions) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  glb.document["accessors"][position]["min"] = vector_json(lo);
  glb.document["accessors"][position]["max"] = vector_json(hi);
  attributes["POSITION"] = position;
  attributes["NORMAL"] =
      glb.add_accessor(glb.add_view(mesh.normals.data(), n * sizeof(vec3), kArrayBuffer), kFloat, n, "VEC3");
  if (!s.tangents.empty()) {
    attributes["TANGENT"] = glb.add_accessor(
        glb.add_view(s.tangents.data(), n * sizeof(glm::vec4), kArrayBuffer), kFloat, n, "VEC4");
  }
  std::vector<uint8_t> joints;
  std::vector<float> weights;
  for (const JointWeights& w : s.skin_weights) {
    joints.insert(joints.end(), w.joints.begin(), w.joints.end());
    weights.insert(weights.end(), w.weights.begin(), w.weights.end());
  }
  attributes["JOINTS_0"] =
      glb.add_accessor(glb.add_view(joints.data(), joints.size(), kArrayBuffer), kUnsignedByte, n, "VEC4");
  attributes["WEIGHTS_0"] = glb.add_accessor(
      glb.add_view(weights.data(), weights.size() * sizeof(float), kArrayBuffer), kFloat, n, "VEC4");
  int indices;
  if (n <= 65535) {
    std::vector<uint16_t> short_indices(mesh.indices.begin(), mesh.indices.end());
    indices =
        glb.add_accessor(glb.add_view(short_indices.data(), short_indices.size() * 2, kElementArrayBuffer),
                         kUnsignedShort, short_indices.size(), "SCALAR");
  } else {
    indices =
        glb.add_accessor(glb.add_view(mesh.indices.data(), mesh.indices.size() * 4, kElementArrayBuffer),
                         kUnsignedInt, mesh.indices.size(), "SCALAR");
  }
  glb.document["meshes"].push_back(
      {{"name", s.id},
       {"primitives",
        json::array(
            {{{"attributes", attributes}, {"indices", indices}, {"material", material}, {"mode", 4}}})}});
  return static_cast<int>(glb.document["meshes"].size()) - 1;
}

json translation(const vec3& t) {
  return vector_json(t);
}

}  // namespace

std::vector<uint8_t> encode_glb(const LegModel& model) {
  const LegFrame& f = leg_frame();
  GlbBuilder glb;

  const int root = glb.add_node({{"name", "right-leg"}});
  const int skeleton = glb.add_node({{"name", "skeleton"}});
  glb.add_child(root, skeleton);
  // Joints: the thigh at the hip centre; shank and knee blend on the knee's flexion axis (the
  // centre of the posterior condyles' arc), the patella on its own pivot (skinning.h). The app
  // rotates them about their local +X.
  const int thigh = glb.add_node({{"name", "skel-thigh"}, {"translation", translation(f.hip)}});
  glb.add_child(skeleton, thigh);
  // The pelvis and the hip blend at the hip centre, children of the thigh (see skinning.h: the
  // hip flexes by turning the pelvis, so the thigh and all below keep their place).
  const int pelvis = glb.add_node({{"name", "skel-pelvis"}});
  const int hip_blend = glb.add_node({{"name", "skel-hip-blend"}});
  const vec3 flexion_axis = f.knee + kFlexionAxisFromKnee;
  const int shank =
      glb.add_node({{"name", "skel-shank"}, {"translation", translation(flexion_axis - f.hip)}});
  const int knee_blend =
      glb.add_node({{"name", "skel-knee-blend"}, {"translation", translation(flexion_axis - f.hip)}});
  const vec3 patella_pivot = f.knee + kPatellaPivotFromKnee;
  const int patella =
      glb.add_node({{"name", "skel-patella"}, {"translation", translation(patella_pivot - f.hip)}});
  for (int joint : {shank, knee_blend, patella, pelvis, hip_blend}) glb.add_child(thigh, joint);
  const std::map<Joint, std::pair<int, vec3>> joint_nodes{{Joint::Thigh, {thigh, f.hip}},
                                                          {Joint::Shank, {shank, flexion_axis}},
                                                          {Joint::KneeBlend, {knee_blend, flexion_axis}},
                                                          {Joint::Patella, {patella, patella_pivot}},
                                                          {Joint::Pelvis, {pelvis, f.hip}},
                                                          {Joint::HipBlend, {hip_blend, f.hip}}};

  for (const Landmark& landmark : model.landmarks) {
    const auto& [parent, parent_world] = joint_nodes.at(landmark.parent);
    const int node =
        glb.add_node({{"name", landmark.id}, {"translation", translation(landmark.position - parent_world)}});
    glb.add_child(parent, node);
  }

  // One skin for every mesh: joints in the Joint enum's order, inverse bind matrices undo each
  // joint's bind-pose world translation.
  std::vector<float> inverse_bind;
  const std::array<Joint, kJointCount> joint_order{Joint::Thigh,   Joint::Shank,  Joint::KneeBlend,
                                                   Joint::Patella, Joint::Pelvis, Joint::HipBlend};
  json joint_list = json::array();
  for (Joint joint : joint_order) {
    const auto& [node, world] = joint_nodes.at(joint);
    joint_list.push_back(node);
    const float matrix[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -world.x, -world.y, -world.z, 1};
    inverse_bind.insert(inverse_bind.end(), matrix, matrix + 16);
  }
  const int ibm = glb.add_accessor(glb.add_view(inverse_bind.data(), inverse_bind.size() * 4, 0), kFloat,
                                   joint_order.size(), "MAT4");
  glb.document["skins"] = json::array(
      {{{"name", "leg-skin"}, {"joints", joint_list}, {"inverseBindMatrices", ibm}, {"skeleton", thigh}}});

  std::map<Group, int> group_nodes;
  for (Group group :
       {Group::Bones, Group::Muscles, Group::Tendons, Group::Lymphatics, Group::VesselsNerves, Group::Skin}) {
    group_nodes[group] = glb.add_node({{"name", group_node_name(group)}});
    glb.add_child(root, group_nodes[group]);
  }

  for (const BuiltStructure& s : model.structures) {
    glb.document["materials"].push_back(
        {{"name", s.id},
         {"pbrMetallicRoughness",
          {{"baseColorFactor", json::array({s.colour.r, s.colour.g, s.colour.b, 1.0f})},
           {"metallicFactor", 0.0f},
           {"roughnessFactor", s.group == Group::Tendons ? 0.45f : 0.6f}}}});
    const int material = static_cast<int>(glb.document["materials"].size()) - 1;
    const int mesh = add_mesh(glb, s, material);
    json node = {{"name", s.id}, {"mesh", mesh}, {"skin", 0}};
    if (!s.fibre_line.empty() && s.group == Group::Muscles) {
      json line = json::array();
      for (const vec3& p : s.fibre_line) line.push_back(vector_json(p));
      node["extras"] = {{"fibre_line", line}};
    }
    glb.add_child(group_nodes.at(s.group), glb.add_node(node));
  }

  glb.document["scenes"] = json::array({{{"name", "leg"}, {"nodes", json::array({root})}}});
  glb.document["scene"] = 0;
  return glb.finish();
}

}  // namespace leggen
