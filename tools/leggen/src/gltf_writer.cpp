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
  int addView(const void* data, size_t size, int target) {
    while (binary.size() % 4 != 0) binary.push_back(0);
    const size_t offset = binary.size();
    binary.resize(offset + size);
    std::memcpy(binary.data() + offset, data, size);
    json view = {{"buffer", 0}, {"byteOffset", offset}, {"byteLength", size}};
    if (target != 0) view["target"] = target;
    document["bufferViews"].push_back(view);
    return static_cast<int>(document["bufferViews"].size()) - 1;
  }

  int addAccessor(int view, int componentType, size_t count, const char* type) {
    document["accessors"].push_back(
        {{"bufferView", view}, {"componentType", componentType}, {"count", count}, {"type", type}});
    return static_cast<int>(document["accessors"].size()) - 1;
  }

  int addNode(json node) {
    document["nodes"].push_back(std::move(node));
    return static_cast<int>(document["nodes"].size()) - 1;
  }

  void addChild(int parent, int child) { document["nodes"][parent]["children"].push_back(child); }

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

json vectorJson(const vec3& v) {
  return json::array({v.x, v.y, v.z});
}

int addMesh(GlbBuilder& glb, const BuiltStructure& s, int material) {
  const TriangleMesh& mesh = s.mesh;
  const size_t n = mesh.positions.size();
  json attributes;
  const int positionView = glb.addView(mesh.positions.data(), n * sizeof(vec3), kArrayBuffer);
  const int position = glb.addAccessor(positionView, kFloat, n, "VEC3");
  vec3 lo(1e9f), hi(-1e9f);
  for (const vec3& p : mesh.positions) {
    lo = glm::min(lo, p);
    hi = glm::max(hi, p);
  }
  glb.document["accessors"][position]["min"] = vectorJson(lo);
  glb.document["accessors"][position]["max"] = vectorJson(hi);
  attributes["POSITION"] = position;
  attributes["NORMAL"] =
      glb.addAccessor(glb.addView(mesh.normals.data(), n * sizeof(vec3), kArrayBuffer), kFloat, n, "VEC3");
  if (!s.tangents.empty()) {
    attributes["TANGENT"] = glb.addAccessor(
        glb.addView(s.tangents.data(), n * sizeof(glm::vec4), kArrayBuffer), kFloat, n, "VEC4");
  }
  std::vector<uint8_t> joints;
  std::vector<float> weights;
  for (const JointWeights& w : s.skinWeights) {
    joints.insert(joints.end(), w.joints.begin(), w.joints.end());
    weights.insert(weights.end(), w.weights.begin(), w.weights.end());
  }
  attributes["JOINTS_0"] =
      glb.addAccessor(glb.addView(joints.data(), joints.size(), kArrayBuffer), kUnsignedByte, n, "VEC4");
  attributes["WEIGHTS_0"] = glb.addAccessor(
      glb.addView(weights.data(), weights.size() * sizeof(float), kArrayBuffer), kFloat, n, "VEC4");
  int indices;
  if (n <= 65535) {
    std::vector<uint16_t> shortIndices(mesh.indices.begin(), mesh.indices.end());
    indices = glb.addAccessor(glb.addView(shortIndices.data(), shortIndices.size() * 2, kElementArrayBuffer),
                              kUnsignedShort, shortIndices.size(), "SCALAR");
  } else {
    indices = glb.addAccessor(glb.addView(mesh.indices.data(), mesh.indices.size() * 4, kElementArrayBuffer),
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
  return vectorJson(t);
}

}  // namespace

std::vector<uint8_t> encodeGlb(const LegModel& model) {
  const LegFrame& f = legFrame();
  GlbBuilder glb;

  const int root = glb.addNode({{"name", "right-leg"}});
  const int skeleton = glb.addNode({{"name", "skeleton"}});
  glb.addChild(root, skeleton);
  // Joints: the thigh at the hip centre; shank and knee blend at the knee centre, the patella at
  // the centre of the condylar arc above it. The
  // app rotates them about their local +X.
  const int thigh = glb.addNode({{"name", "skel-thigh"}, {"translation", translation(f.hip)}});
  glb.addChild(skeleton, thigh);
  // The pelvis and the hip blend at the hip centre, children of the thigh (see skinning.h: the
  // hip flexes by turning the pelvis, so the thigh and all below keep their place).
  const int pelvis = glb.addNode({{"name", "skel-pelvis"}});
  const int hipBlend = glb.addNode({{"name", "skel-hip-blend"}});
  const vec3 kneeLocal = f.knee - f.hip;
  const int shank = glb.addNode({{"name", "skel-shank"}, {"translation", translation(kneeLocal)}});
  const int kneeBlend = glb.addNode({{"name", "skel-knee-blend"}, {"translation", translation(kneeLocal)}});
  const vec3 patellaPivot = f.knee + kPatellaPivotFromKnee;
  const int patella =
      glb.addNode({{"name", "skel-patella"}, {"translation", translation(patellaPivot - f.hip)}});
  for (int joint : {shank, kneeBlend, patella, pelvis, hipBlend}) glb.addChild(thigh, joint);
  const std::map<Joint, std::pair<int, vec3>> jointNodes{
      {Joint::Thigh, {thigh, f.hip}},          {Joint::Shank, {shank, f.knee}},
      {Joint::KneeBlend, {kneeBlend, f.knee}}, {Joint::Patella, {patella, patellaPivot}},
      {Joint::Pelvis, {pelvis, f.hip}},        {Joint::HipBlend, {hipBlend, f.hip}}};

  for (const Landmark& landmark : model.landmarks) {
    const auto& [parent, parentWorld] = jointNodes.at(landmark.parent);
    const int node =
        glb.addNode({{"name", landmark.id}, {"translation", translation(landmark.position - parentWorld)}});
    glb.addChild(parent, node);
  }

  // One skin for every mesh: joints in the Joint enum's order, inverse bind matrices undo each
  // joint's bind-pose world translation.
  std::vector<float> inverseBind;
  const std::array<Joint, kJointCount> jointOrder{Joint::Thigh,   Joint::Shank,  Joint::KneeBlend,
                                                  Joint::Patella, Joint::Pelvis, Joint::HipBlend};
  json jointList = json::array();
  for (Joint joint : jointOrder) {
    const auto& [node, world] = jointNodes.at(joint);
    jointList.push_back(node);
    const float matrix[16] = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -world.x, -world.y, -world.z, 1};
    inverseBind.insert(inverseBind.end(), matrix, matrix + 16);
  }
  const int ibm = glb.addAccessor(glb.addView(inverseBind.data(), inverseBind.size() * 4, 0), kFloat,
                                  jointOrder.size(), "MAT4");
  glb.document["skins"] = json::array(
      {{{"name", "leg-skin"}, {"joints", jointList}, {"inverseBindMatrices", ibm}, {"skeleton", thigh}}});

  std::map<Group, int> groupNodes;
  for (Group group :
       {Group::Bones, Group::Muscles, Group::Tendons, Group::Lymphatics, Group::VesselsNerves, Group::Skin}) {
    groupNodes[group] = glb.addNode({{"name", groupNodeName(group)}});
    glb.addChild(root, groupNodes[group]);
  }

  for (const BuiltStructure& s : model.structures) {
    glb.document["materials"].push_back(
        {{"name", s.id},
         {"pbrMetallicRoughness",
          {{"baseColorFactor", json::array({s.colour.r, s.colour.g, s.colour.b, 1.0f})},
           {"metallicFactor", 0.0f},
           {"roughnessFactor", s.group == Group::Tendons ? 0.45f : 0.6f}}}});
    const int material = static_cast<int>(glb.document["materials"].size()) - 1;
    const int mesh = addMesh(glb, s, material);
    json node = {{"name", s.id}, {"mesh", mesh}, {"skin", 0}};
    if (!s.fibreLine.empty() && s.group == Group::Muscles) {
      json line = json::array();
      for (const vec3& p : s.fibreLine) line.push_back(vectorJson(p));
      node["extras"] = {{"fibre_line", line}};
    }
    glb.addChild(groupNodes.at(s.group), glb.addNode(node));
  }

  glb.document["scenes"] = json::array({{{"name", "leg"}, {"nodes", json::array({root})}}});
  glb.document["scene"] = 0;
  return glb.finish();
}

}  // namespace leggen
