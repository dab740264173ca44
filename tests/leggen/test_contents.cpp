// What the app relies on: every structure and landmark, the node tree, attributes, skin weights,
// fibre directions, landmark positions and the size budget.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "glb_fixture.h"

using namespace leggen_test;

namespace {

constexpr float kBodyHeight = 1.75f;  // docs/leg-model.md

bool contains(const std::vector<std::string>& list, const std::string& id) {
  return std::find(list.begin(), list.end(), id) != list.end();
}

}  // namespace

TEST_CASE("leggen_contents") {
  const aiScene& scene = leg_scene();
  const aiNode* root = find_node("right-leg");
  REQUIRE(root != nullptr);
  for (const char* group :
       {"skeleton", "bones", "muscles", "tendons", "lymphatics", "vessels-nerves", "skin-layer"}) {
    const aiNode* node = find_node(group);
    REQUIRE_MESSAGE(node != nullptr, group);
    CHECK(node->mParent == root);
  }
  for (const char* joint : {"skel-thigh", "skel-shank", "skel-knee-blend", "skel-patella"}) {
    CHECK_MESSAGE(find_node(joint) != nullptr, joint);
  }
  CHECK(find_node("skel-shank")->mParent == find_node("skel-thigh"));

  for (const std::string& id : kStructures) {
    CAPTURE(id);
    const aiNode* node = find_node(id);
    REQUIRE(node != nullptr);
    REQUIRE(node->mNumMeshes == 1);
    const aiMesh* mesh = scene.mMeshes[node->mMeshes[0]];
    CHECK(std::string(mesh->mName.C_Str()) == id);
    CHECK(mesh->mNumFaces > 0);
    CHECK(mesh->HasNormals());
    CHECK(mesh->mPrimitiveTypes == aiPrimitiveType_TRIANGLE);
    const bool fibrous = contains(kMuscles, id) || contains(kTendons, id);
    CHECK(mesh->HasTangentsAndBitangents() == fibrous);
    // Skin weights: every vertex fully weighted.
    REQUIRE(mesh->HasBones());
    std::vector<float> total(mesh->mNumVertices, 0.0f);
    for (unsigned b = 0; b < mesh->mNumBones; ++b) {
      for (unsigned w = 0; w < mesh->mBones[b]->mNumWeights; ++w) {
        total[mesh->mBones[b]->mWeights[w].mVertexId] += mesh->mBones[b]->mWeights[w].mWeight;
      }
    }
    const auto [lo, hi] = std::minmax_element(total.begin(), total.end());
    CHECK(*lo > 0.999f);
    CHECK(*hi < 1.001f);
    // Materials named after the structure.
    aiString material_name;
    scene.mMaterials[mesh->mMaterialIndex]->Get(AI_MATKEY_NAME, material_name);
    CHECK(std::string(material_name.C_Str()) == id);
  }
  const std::string patella = "patella";
  const aiMesh* patella_mesh = find_mesh(patella);
  REQUIRE(patella_mesh->mNumBones >= 1);
  for (unsigned b = 0; b < patella_mesh->mNumBones; ++b) {
    // Assimp lists every joint of the skin; all weight must sit on skel-patella.
    if (std::string(patella_mesh->mBones[b]->mName.C_Str()) == "skel-patella") continue;
    for (unsigned w = 0; w < patella_mesh->mBones[b]->mNumWeights; ++w) {
      CHECK(patella_mesh->mBones[b]->mWeights[w].mWeight == 0.0f);
    }
  }
  for (const std::string& id : kLandmarks) {
    CAPTURE(id);
    const aiNode* node = find_node(id);
    REQUIRE(node != nullptr);
    CHECK(node->mNumMeshes == 0);
  }
  for (const char* id : {"tibial-tuberosity", "gerdys-tubercle", "fibular-head", "ankle-joint-centre"}) {
    CHECK_MESSAGE(find_node(id)->mParent == find_node("skel-shank"), id);
  }
  for (const char* id : {"greater-trochanter", "knee-joint-centre", "lateral-epicondyle"}) {
    CHECK_MESSAGE(find_node(id)->mParent == find_node("skel-thigh"), id);
  }
}

TEST_CASE("leggen_landmarks") {
  const glm::vec3 hip = landmark("hip-joint-centre");
  const glm::vec3 knee = landmark("knee-joint-centre");
  const glm::vec3 ankle = landmark("ankle-joint-centre");
  // Winter's proportions at H = 1.75 m, within 2 mm; the hip centre is the origin.
  CHECK(glm::length(hip) < 1e-6f);
  CHECK(glm::distance(hip, knee) == doctest::Approx(0.245f * kBodyHeight).epsilon(0.005));
  CHECK(glm::distance(knee, ankle) == doctest::Approx(0.246f * kBodyHeight).epsilon(0.005));
  // Joint centres straight below the hip, as in gait2392.
  CHECK(std::abs(knee.x) < 0.002f);
  CHECK(std::abs(ankle.x) < 0.002f);

  const glm::vec3 trochanter = landmark("greater-trochanter");
  CHECK(glm::distance(trochanter, hip) > 0.060f);
  CHECK(glm::distance(trochanter, hip) < 0.085f);
  CHECK(trochanter.x < -0.055f);  // lateral

  const glm::vec3 lateral = landmark("lateral-epicondyle");
  const glm::vec3 medial = landmark("medial-epicondyle");
  CHECK(glm::distance(lateral, medial) > 0.075f);  // adult epicondylar width 75-100 mm
  CHECK(glm::distance(lateral, medial) < 0.100f);
  CHECK(lateral.x < -0.03f);
  CHECK(medial.x > 0.03f);
  CHECK(std::abs(lateral.y - knee.y) < 0.035f);

  const glm::vec3 tuberosity = landmark("tibial-tuberosity");
  CHECK(knee.y - tuberosity.y > 0.04f);
  CHECK(knee.y - tuberosity.y < 0.09f);
  CHECK(tuberosity.z > 0.02f);  // anterior
  const glm::vec3 gerdy = landmark("gerdys-tubercle");
  CHECK(gerdy.x < -0.025f);
  CHECK(gerdy.z > 0.0f);
  CHECK(knee.y - gerdy.y > 0.015f);
  CHECK(knee.y - gerdy.y < 0.07f);
  const glm::vec3 fibula = landmark("fibular-head");
  CHECK(fibula.x < -0.04f);
  CHECK(knee.y - fibula.y > 0.02f);
  CHECK(knee.y - fibula.y < 0.07f);

  const glm::vec3 asis = landmark("asis");
  CHECK(asis.y > 0.06f);
  CHECK(asis.z > 0.04f);
  const glm::vec3 ischial = landmark("ischial-tuberosity");
  CHECK(ischial.y < -0.04f);
  CHECK(ischial.z < -0.04f);
  CHECK(ischial.x > 0.0f);  // medial to the hip joint
}

TEST_CASE("leggen_fibres") {
  std::vector<std::string> fibrous = kMuscles;
  fibrous.insert(fibrous.end(), kTendons.begin(), kTendons.end());
  for (const std::string& id : fibrous) {
    CAPTURE(id);
    const aiMesh* mesh = find_mesh(id);
    REQUIRE(mesh != nullptr);
    REQUIRE(mesh->HasTangentsAndBitangents());
    float mean_down = 0.0f;
    for (unsigned i = 0; i < mesh->mNumVertices; ++i) {
      const glm::vec3 t = to_glm(mesh->mTangents[i]);
      const glm::vec3 n = to_glm(mesh->mNormals[i]);
      REQUIRE(std::abs(glm::length(t) - 1.0f) < 1e-3f);
      REQUIRE(std::abs(glm::dot(t, n)) < 0.02f);
      mean_down -= t.y;
    }
    // Proximal to distal: on the whole the fibres point down the limb.
    CHECK(mean_down / static_cast<float>(mesh->mNumVertices) > 0.3f);
  }
}

// The VMO's fibres run at 50-55 degrees to the femoral shaft seen from the front (CONTENT.md), not
// along its teardrop: measured on the stored fibre directions of vastus medialis where its surface
// faces forwards, medial of the knee centre, 6 to 11 cm above it (the teardrop), against the
// shaft's axis through the femur's centroids 15 and 30 cm below the hip centre.
TEST_CASE("leggen_vmo_fibres") {
  const glm::vec3 knee = landmark("knee-joint-centre");
  const aiMesh* femur = find_mesh("femur");
  REQUIRE(femur != nullptr);
  auto centroid = [&](float y) {
    glm::vec3 sum(0.0f);
    int n = 0;
    for (unsigned i = 0; i < femur->mNumVertices; ++i) {
      if (std::abs(femur->mVertices[i].y - y) < 0.005f) {
        sum += to_glm(femur->mVertices[i]);
        ++n;
      }
    }
    REQUIRE(n > 0);
    return sum / static_cast<float>(n);
  };
  const glm::vec2 axis = glm::normalize(glm::vec2(centroid(-0.30f) - centroid(-0.15f)));
  const aiMesh* mesh = find_mesh("vastus-medialis");
  REQUIRE(mesh != nullptr);
  std::vector<float> angles;
  for (unsigned i = 0; i < mesh->mNumVertices; ++i) {
    const glm::vec3 p = to_glm(mesh->mVertices[i]);
    if (p.y < knee.y + 0.06f || p.y > knee.y + 0.11f || p.x < knee.x + 0.02f) continue;
    if (mesh->mNormals[i].z < 0.5f) continue;  // seen from the front: the surface facing forwards
    const glm::vec2 t(mesh->mTangents[i].x, mesh->mTangents[i].y);
    if (glm::length(t) < 0.3f) continue;  // a fibre seen end-on from the front has no angle there
    angles.push_back(glm::degrees(std::acos(std::min(1.0f, std::abs(glm::dot(glm::normalize(t), axis))))));
  }
  REQUIRE(angles.size() > 50);
  std::sort(angles.begin(), angles.end());
  const float median = angles[angles.size() / 2];
  MESSAGE("VMO fibres: median " << median << " degrees to the femoral shaft over " << angles.size()
                                << " vertices");
  CHECK(median > 45.0f);
  CHECK(median < 60.0f);
}

TEST_CASE("leggen_budget") {
  const aiScene& scene = leg_scene();
  size_t triangles = 0;
  for (unsigned i = 0; i < scene.mNumMeshes; ++i) triangles += scene.mMeshes[i]->mNumFaces;
  MESSAGE("triangles: " << triangles);
  CHECK(triangles < 300000);
  const auto bytes = std::filesystem::file_size(LEGGEN_MODEL_PATH);
  MESSAGE("bytes: " << bytes);
  CHECK(bytes < 15u * 1000u * 1000u);
}

// Where muscle turns to tendon the model turns too: gastrocnemius and soleus end above the ankle
// and the Achilles tendon, drawn as tendon, runs on from them to the calcaneus.
TEST_CASE("leggen_tendons") {
  const glm::vec3 knee = landmark("knee-joint-centre");
  const glm::vec3 ankle = landmark("ankle-joint-centre");
  auto lowest = [](const std::string& id) {
    const aiMesh* mesh = find_mesh(id);
    REQUIRE_MESSAGE(mesh != nullptr, id);
    float y = 1e9f;
    for (unsigned i = 0; i < mesh->mNumVertices; ++i) y = std::min(y, mesh->mVertices[i].y);
    return y;
  };
  const float gastrocnemius = lowest("gastrocnemius"), soleus = lowest("soleus"),
              tendon = lowest("achilles-tendon");
  MESSAGE("gastrocnemius ends " << (knee.y - gastrocnemius) * 1e2f << " cm below the knee centre, soleus "
                                << (soleus - ankle.y) * 1e2f << " cm above the ankle centre");
  // The medial head's lowest fibres: about halfway down the leg.
  CHECK(knee.y - gastrocnemius > 0.20f);
  CHECK(knee.y - gastrocnemius < 0.30f);
  CHECK(soleus - ankle.y > 0.03f);
  CHECK(soleus - ankle.y < 0.10f);
  // The tendon reaches the back of the calcaneus, below the ankle centre, behind it.
  CHECK(tendon < ankle.y - 0.02f);
  const aiMesh* mesh = find_mesh("achilles-tendon");
  float back = 1e9f;
  for (unsigned i = 0; i < mesh->mNumVertices; ++i) back = std::min(back, mesh->mVertices[i].z);
  CHECK(back < ankle.z - 0.045f);
}

// Patella height: the patellar tendon about as long as the patella (Insall-Salvati ratio 0.8-1.2;
// the first edition's 1.37 was patella alta), its tuberosity 2-4 cm below the top of the tibia.
TEST_CASE("leggen_patellar_tendon") {
  auto extent = [](const std::string& id) {
    const aiMesh* mesh = find_mesh(id);
    REQUIRE_MESSAGE(mesh != nullptr, id);
    glm::vec2 range(1e9f, -1e9f);
    for (unsigned i = 0; i < mesh->mNumVertices; ++i) {
      range.x = std::min(range.x, mesh->mVertices[i].y);
      range.y = std::max(range.y, mesh->mVertices[i].y);
    }
    return range;
  };
  const glm::vec2 patella = extent("patella"), tendon = extent("patellar-tendon"), tibia = extent("tibia");
  const float patella_length = patella.y - patella.x;
  const float tendon_length = patella.x - tendon.x;  // the patella's lower pole to the tendon's insertion
  const float ratio = tendon_length / patella_length;
  const float tuberosity_depth = tibia.y - landmark("tibial-tuberosity").y;
  MESSAGE("patella " << patella_length * 1e2f << " cm, tendon " << tendon_length * 1e2f
                     << " cm, Insall-Salvati " << ratio << "; tuberosity " << tuberosity_depth * 1e2f
                     << " cm below the top of the tibia");
  CHECK(ratio > 0.8f);
  CHECK(ratio < 1.2f);
  CHECK(tuberosity_depth > 0.02f);
  CHECK(tuberosity_depth < 0.04f);
}
