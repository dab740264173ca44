#include "glb_fixture.h"

#include <assimp/postprocess.h>

#include <assimp/Importer.hpp>
#include <cstdlib>
#include <functional>
#include <map>
#include <stdexcept>
#include <tuple>

namespace leggen_test {

const std::vector<std::string> kMuscles{"rectus-femoris",
                                        "vastus-lateralis",
                                        "vastus-medialis",
                                        "vastus-intermedius",
                                        "biceps-femoris",
                                        "semitendinosus",
                                        "semimembranosus",
                                        "tensor-fasciae-latae",
                                        "adductors",
                                        "sartorius",
                                        "gracilis",
                                        "gastrocnemius",
                                        "soleus",
                                        "tibialis-anterior",
                                        "fibularis-longus",
                                        "fibularis-brevis",
                                        "extensor-digitorum-longus",
                                        "deep-posterior-compartment",
                                        "gluteus-maximus"};
const std::vector<std::string> kTendons{"quadriceps-tendon",
                                        "patellar-tendon",
                                        "iliotibial-tract",
                                        "achilles-tendon",
                                        "semitendinosus-tendon",
                                        "gracilis-tendon",
                                        "sartorius-tendon",
                                        "biceps-femoris-tendon",
                                        "semimembranosus-tendon",
                                        "tibialis-anterior-tendon",
                                        "fibularis-longus-tendon",
                                        "fibularis-brevis-tendon",
                                        "extensor-digitorum-longus-tendon",
                                        "deep-posterior-compartment-tendon"};
const std::vector<std::string> kStructures{"hip-bone",
                                           "femur",
                                           "patella",
                                           "tibia",
                                           "fibula",
                                           "foot",
                                           "rectus-femoris",
                                           "vastus-lateralis",
                                           "vastus-medialis",
                                           "vastus-intermedius",
                                           "quadriceps-tendon",
                                           "patellar-tendon",
                                           "biceps-femoris",
                                           "semitendinosus",
                                           "semimembranosus",
                                           "tensor-fasciae-latae",
                                           "iliotibial-tract",
                                           "adductors",
                                           "sartorius",
                                           "gracilis",
                                           "gastrocnemius",
                                           "soleus",
                                           "tibialis-anterior",
                                           "fibularis-longus",
                                           "fibularis-brevis",
                                           "extensor-digitorum-longus",
                                           "deep-posterior-compartment",
                                           "gluteus-maximus",
                                           "achilles-tendon",
                                           "semitendinosus-tendon",
                                           "gracilis-tendon",
                                           "sartorius-tendon",
                                           "biceps-femoris-tendon",
                                           "semimembranosus-tendon",
                                           "tibialis-anterior-tendon",
                                           "fibularis-longus-tendon",
                                           "fibularis-brevis-tendon",
                                           "extensor-digitorum-longus-tendon",
                                           "deep-posterior-compartment-tendon",
                                           "inguinal-nodes",
                                           "popliteal-nodes",
                                           "lymph-vessels",
                                           "femoral-artery",
                                           "femoral-vein",
                                           "femoral-nerve",
                                           "popliteal-artery",
                                           "popliteal-vein",
                                           "tibial-nerve",
                                           "common-fibular-nerve",
                                           "great-saphenous-vein",
                                           "small-saphenous-vein",
                                           "skin"};
const std::vector<std::string> kVesselsNerves{
    "femoral-artery", "femoral-vein",         "femoral-nerve",        "popliteal-artery",    "popliteal-vein",
    "tibial-nerve",   "common-fibular-nerve", "great-saphenous-vein", "small-saphenous-vein"};
const std::vector<std::string> kLandmarks{"hip-joint-centre",
                                          "knee-joint-centre",
                                          "ankle-joint-centre",
                                          "greater-trochanter",
                                          "lateral-epicondyle",
                                          "medial-epicondyle",
                                          "gerdys-tubercle",
                                          "tibial-tuberosity",
                                          "fibular-head",
                                          "ischial-tuberosity",
                                          "asis"};

namespace {
bool g_skip = false;
}

void request_skip() {
  g_skip = true;
}
bool skip_requested() {
  return g_skip;
}

const aiScene& leg_scene() {
  static Assimp::Importer importer;
  static const aiScene* scene = [] {
    // LEGGEN_TEST_MODEL checks a candidate before it replaces the committed file.
    const char* candidate = std::getenv("LEGGEN_TEST_MODEL");
    const aiScene* loaded = importer.ReadFile(candidate && *candidate ? candidate : LEGGEN_MODEL_PATH,
                                              aiProcess_Triangulate | aiProcess_JoinIdenticalVertices);
    if (!loaded) throw std::runtime_error(std::string("Assimp: ") + importer.GetErrorString());
    return loaded;
  }();
  return *scene;
}

const aiNode* find_node(const std::string& name) {
  return leg_scene().mRootNode->FindNode(name.c_str());
}

const aiMesh* find_mesh(const std::string& name) {
  const aiScene& scene = leg_scene();
  for (unsigned i = 0; i < scene.mNumMeshes; ++i) {
    if (name == scene.mMeshes[i]->mName.C_Str()) return scene.mMeshes[i];
  }
  return nullptr;
}

glm::vec3 to_glm(const aiVector3D& v) {
  return {v.x, v.y, v.z};
}

glm::mat4 to_glm(const aiMatrix4x4& m) {
  // Assimp is row-major with translation in a4, b4, c4; glm is column-major.
  return glm::transpose(glm::mat4(m.a1, m.a2, m.a3, m.a4, m.b1, m.b2, m.b3, m.b4, m.c1, m.c2, m.c3, m.c4,
                                  m.d1, m.d2, m.d3, m.d4));
}

glm::mat4 world_transform(const aiNode* node) {
  glm::mat4 world(1.0f);
  for (const aiNode* n = node; n != nullptr; n = n->mParent) {
    world = to_glm(n->mTransformation) * world;
  }
  return world;
}

glm::vec3 landmark(const std::string& name) {
  const aiNode* node = find_node(name);
  if (!node) throw std::runtime_error("no landmark " + name);
  return glm::vec3(world_transform(node) * glm::vec4(0, 0, 0, 1));
}

WeldedMesh weld(const aiMesh& mesh) {
  WeldedMesh out;
  std::map<std::tuple<float, float, float>, unsigned> ids;
  std::vector<unsigned> remap(mesh.mNumVertices);
  for (unsigned i = 0; i < mesh.mNumVertices; ++i) {
    const aiVector3D& p = mesh.mVertices[i];
    const auto [it, inserted] =
        ids.emplace(std::make_tuple(p.x, p.y, p.z), static_cast<unsigned>(out.positions.size()));
    if (inserted) out.positions.push_back(to_glm(p));
    remap[i] = it->second;
  }
  for (unsigned f = 0; f < mesh.mNumFaces; ++f) {
    for (unsigned k = 0; k < mesh.mFaces[f].mNumIndices; ++k) {
      out.indices.push_back(remap[mesh.mFaces[f].mIndices[k]]);
    }
  }
  return out;
}

}  // namespace leggen_test
