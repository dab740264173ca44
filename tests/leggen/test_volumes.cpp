// The muscles are the size of an adult's and each in its own space: every modelled muscle's
// volume against MRI figures for this stature, the share of each that lies inside bone, and the
// volume two neighbours count twice.
//
// Volumes are measured by columns: every mesh is cut by lines along +X on a 1 mm grid in (y, z),
// and the stretches of each line inside the mesh (between its crossings, by winding) are summed.
// Overlaps are the stretches two meshes share.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "glb_fixture.h"

using namespace leggen_test;

namespace {

constexpr float kStep = 0.001f;  // column spacing, metres
// The columns sit off the grid's round numbers, where hand-placed vertices and edges tend to lie.
constexpr float kOffsetY = 0.37f, kOffsetZ = 0.61f;

// The stretches of x along each (y, z) column that lie inside a closed mesh.
class Columns {
 public:
  using Spans = std::vector<std::pair<float, float>>;

  explicit Columns(const aiMesh& mesh) {
    std::map<std::pair<int, int>, std::vector<std::pair<float, int>>> crossings;
    for (unsigned f = 0; f < mesh.mNumFaces; ++f) {
      const aiFace& face = mesh.mFaces[f];
      if (face.mNumIndices != 3) continue;
      const glm::vec3 a = to_glm(mesh.mVertices[face.mIndices[0]]);
      const glm::vec3 b = to_glm(mesh.mVertices[face.mIndices[1]]);
      const glm::vec3 c = to_glm(mesh.mVertices[face.mIndices[2]]);
      const float d = (b.y - a.y) * (c.z - a.z) - (c.y - a.y) * (b.z - a.z);
      if (d == 0.0f) continue;
      const int y0 = static_cast<int>(std::ceil(std::min({a.y, b.y, c.y}) / kStep - kOffsetY));
      const int y1 = static_cast<int>(std::floor(std::max({a.y, b.y, c.y}) / kStep - kOffsetY));
      const int z0 = static_cast<int>(std::ceil(std::min({a.z, b.z, c.z}) / kStep - kOffsetZ));
      const int z1 = static_cast<int>(std::floor(std::max({a.z, b.z, c.z}) / kStep - kOffsetZ));
      for (int yi = y0; yi <= y1; ++yi) {
        for (int zi = z0; zi <= z1; ++zi) {
          const float y = (static_cast<float>(yi) + kOffsetY) * kStep;
          const float z = (static_cast<float>(zi) + kOffsetZ) * kStep;
          const float u = ((y - a.y) * (c.z - a.z) - (c.y - a.y) * (z - a.z)) / d;
          const float v = ((b.y - a.y) * (z - a.z) - (y - a.y) * (b.z - a.z)) / d;
          if (u < 0.0f || v < 0.0f || u + v > 1.0f) continue;
          crossings[{yi, zi}].push_back({a.x + u * (b.x - a.x) + v * (c.x - a.x), d > 0.0f ? 1 : -1});
        }
      }
    }
    for (auto& [key, list] : crossings) {
      std::sort(list.begin(), list.end());
      Spans spans;
      int winding = 0;
      float start = 0.0f;
      for (const auto& [x, sign] : list) {
        const bool was_inside = winding != 0;
        winding += sign;
        if (!was_inside && winding != 0) start = x;
        if (was_inside && winding == 0) spans.push_back({start, x});
      }
      if (!spans.empty()) spans_[key] = std::move(spans);
    }
  }

  // Cubic centimetres.
  double volume() const {
    double length = 0.0;
    for (const auto& [key, spans] : spans_) {
      for (const auto& [a, b] : spans) length += b - a;
    }
    return length * kStep * kStep * 1e6;
  }

  // Cubic centimetres shared with another mesh's columns.
  double shared(const Columns& other) const {
    double length = 0.0;
    for (const auto& [key, spans] : spans_) {
      const auto found = other.spans_.find(key);
      if (found == other.spans_.end()) continue;
      for (const auto& [a, b] : spans) {
        for (const auto& [c, d] : found->second) length += std::max(0.0f, std::min(b, d) - std::max(a, c));
      }
    }
    return length * kStep * kStep * 1e6;
  }

  // Merges another mesh's spans into these (a union, such as all the bones).
  void include(const Columns& other) {
    for (const auto& [key, spans] : other.spans_) {
      Spans& mine = spans_[key];
      mine.insert(mine.end(), spans.begin(), spans.end());
      std::sort(mine.begin(), mine.end());
      Spans merged;
      for (const auto& span : mine) {
        if (!merged.empty() && span.first <= merged.back().second)
          merged.back().second = std::max(merged.back().second, span.second);
        else
          merged.push_back(span);
      }
      mine = std::move(merged);
    }
  }

  // The columns above a height (metres).
  Columns above(float y) const {
    Columns part;
    for (const auto& [key, spans] : spans_) {
      if ((static_cast<float>(key.first) + kOffsetY) * kStep > y) part.spans_.insert({key, spans});
    }
    return part;
  }

  Columns() = default;

 private:
  std::map<std::pair<int, int>, Spans> spans_;
};

Columns columns_of(const std::string& id) {
  const aiMesh* mesh = find_mesh(id);
  REQUIRE_MESSAGE(mesh != nullptr, id);
  return Columns(*mesh);
}

// Muscle volumes of young adults by MRI, as linear functions of height x mass (m kg):
// Handsfield GG, Meyer CH, Hart JM, Abel MF, Blemker SS. Relationships of 35 lower limb muscles to
// height and body mass quantified using MRI. J Biomech 2014;47(3):631-638, supplementary table 3
// (volume = slope x height x mass + intercept, cm3). Where the model draws several of their
// muscles as one structure, their volumes are added. docs/leg-model.md lists them.
struct Reference {
  const char* id;
  std::vector<std::pair<double, double>> parts;  // (slope, intercept) of each muscle in it
};
const std::vector<Reference> kReferences{
    {"rectus-femoris", {{1.71, 56.9}}},
    {"vastus-lateralis", {{5.89, 102.0}}},
    {"vastus-medialis", {{3.03, 57.6}}},
    {"vastus-intermedius", {{1.29, 111.0}}},
    {"biceps-femoris", {{1.24, 53.0}, {0.738, 8.64}}},  // long and short heads
    {"semitendinosus", {{1.27, 29.1}}},
    {"semimembranosus", {{1.54, 54.5}}},
    {"adductors", {{3.64, 109.0}, {1.19, 14.3}, {0.622, 27.1}}},  // magnus, longus, brevis
    {"sartorius", {{1.19, 15.9}}},
    {"gracilis", {{0.58, 32.1}}},
    {"tensor-fasciae-latae", {{0.62, -11.8}}},
    {"gastrocnemius", {{1.71, 46.2}, {1.08, 15.7}}},  // medial and lateral heads
    {"soleus", {{2.57, 120.0}}},
    {"tibialis-anterior", {{0.796, 36.7}}},
    {"fibularis-longus", {{0.956 * 0.68, 12.5 * 0.68}}},  // the peroneals split as OpenSim's models do
    {"fibularis-brevis", {{0.956 * 0.32, 12.5 * 0.32}}},
    {"extensor-digitorum-longus", {{0.619, 25.6}}},  // with extensor hallucis longus
    {"gluteus-maximus", {{6.01, 105.0}}},
    {"deep-posterior-compartment", {{0.451, 48.9}, {0.13, 13.9}, {0.622, 1.85}}},  // TP, FDL, FHL
};
// The model's stature (docs/leg-model.md) and a body mass typical of it (BMI 24.5).
constexpr double kHeightMetres = 1.75;
constexpr double kMassKilograms = 75.0;

double reference_volume(const Reference& r) {
  double total = 0.0;
  for (const auto& [slope, intercept] : r.parts) total += slope * kHeightMetres * kMassKilograms + intercept;
  return total;
}

const std::vector<std::string> kBones{"hip-bone", "femur", "patella", "tibia", "fibula", "foot"};

// The bones as one.
Columns all_bones() {
  Columns bone;
  for (const std::string& id : kBones) bone.include(columns_of(id));
  return bone;
}

// Every muscle with an MRI reference, by its id.
std::vector<std::pair<std::string, Columns>> referenced_muscles() {
  std::vector<std::pair<std::string, Columns>> muscles;
  muscles.reserve(kReferences.size());
  for (const Reference& r : kReferences) muscles.emplace_back(r.id, columns_of(r.id));
  return muscles;
}

}  // namespace

TEST_CASE("leggen_muscle_volumes") {
  const Columns bone = all_bones();
  std::vector<std::pair<std::string, Columns>> muscles;
  for (const Reference& r : kReferences) {
    const Columns columns = columns_of(r.id);
    const double volume = columns.volume();
    const double expected = reference_volume(r);
    const double in_bone = columns.shared(bone) / volume;
    MESSAGE(std::string(r.id) << ": " << std::lround(volume) << " cm3, MRI " << std::lround(expected)
                              << " cm3, ratio " << std::round(volume / expected * 100.0) / 100.0
                              << "; inside bone " << std::round(in_bone * 1000.0) / 10.0 << " %");
    CHECK_MESSAGE(volume > 0.75 * expected, std::string(r.id));
    CHECK_MESSAGE(volume < 1.25 * expected, std::string(r.id));
    CHECK_MESSAGE(in_bone < 0.05, std::string(r.id));
    muscles.emplace_back(r.id, columns);
  }
  // Neighbours touch: the volume counted twice, pair by pair.
  double twice = 0.0, total = 0.0;
  for (size_t a = 0; a < muscles.size(); ++a) {
    total += muscles[a].second.volume();
    for (size_t b = a + 1; b < muscles.size(); ++b) {
      const double shared = muscles[a].second.shared(muscles[b].second);
      if (shared > 5.0)
        MESSAGE(muscles[a].first << " and " << muscles[b].first << " share " << std::lround(shared)
                                 << " cm3");
      twice += shared;
    }
  }
  MESSAGE("counted twice: " << std::lround(twice) << " cm3 of " << std::lround(total) << " cm3");
  CHECK(twice < 0.02 * total);
}

TEST_CASE("leggen_hamstring_tendons_own_space") {
  // The hamstrings arise from the ischial tuberosity by tendons (semimembranosus by a long flat
  // one, semitendinosus and biceps femoris by a common one) that run down under gluteus maximus
  // to where their bellies begin. Each of these tendons of origin (the tendon's part in the upper
  // 12 cm of the thigh) lies outside the bones and outside every muscle but its own.
  const Columns bone = all_bones();
  const std::vector<std::pair<std::string, Columns>> muscles = referenced_muscles();
  const float upper_thigh = landmark("hip-joint-centre").y - 0.12f;
  std::vector<Columns> tendons;
  for (const std::string muscle : {"semimembranosus", "semitendinosus", "biceps-femoris"}) {
    const Columns tendon = columns_of(muscle + "-tendon").above(upper_thigh);
    tendons.push_back(tendon);
    const double volume = tendon.volume();
    REQUIRE(volume > 0.2);  // each has one
    const double in_bone = tendon.shared(bone);
    double in_muscles = 0.0;
    for (const auto& [id, columns] : muscles) {
      if (id == muscle) continue;
      const double shared = tendon.shared(columns);
      if (shared > 0.05)
        MESSAGE(muscle << "'s tendon of origin lies " << std::round(shared * 100.0) / 100.0 << " cm3 in "
                       << id);
      in_muscles += shared;
    }
    MESSAGE(muscle << "'s tendon of origin: " << std::round(volume * 10.0) / 10.0 << " cm3; inside bone "
                   << std::round(in_bone * 100.0) / 100.0 << " cm3, inside other muscles "
                   << std::round(in_muscles * 100.0) / 100.0 << " cm3");
    CHECK(in_bone < 0.03 * volume);
    CHECK(in_muscles < 0.05 * volume);
  }
  // The three lie side by side, the common tendon's two halves too, not through each other.
  double shared = 0.0;
  for (size_t a = 0; a < tendons.size(); ++a)
    for (size_t b = a + 1; b < tendons.size(); ++b) shared += tendons[a].shared(tendons[b]);
  MESSAGE("the tendons of origin share " << std::round(shared * 100.0) / 100.0 << " cm3");
  CHECK(shared < 0.3);
}

TEST_CASE("leggen_tendons_own_space") {
  // Every tendon below the upper thigh (where the muscles turn to tendon round the knee and over
  // the ankle, and the quadriceps, patellar and Achilles tendons) lies on its bone, not in it, and
  // beside the muscles it passes, not through them. Where a tendon ends on bone a little of it
  // runs into the bone's surface: at most 15 % of it (the patellar tendon, 13 %, at both ends).
  // Before: semimembranosus's tendon lay 53 % inside the tibia and 2.8 cm3 inside gastrocnemius;
  // 7.2 cm3 of the quadriceps tendon was counted with the vasti and rectus femoris, 2.8 cm3 of the
  // Achilles with soleus, 2 cm3 of fibularis longus's with fibularis brevis.
  const Columns bone = all_bones();
  const std::vector<std::pair<std::string, Columns>> muscles = referenced_muscles();
  const float upper_thigh = landmark("hip-joint-centre").y - 0.12f;
  for (const std::string id :
       {"semimembranosus-tendon", "semitendinosus-tendon", "biceps-femoris-tendon", "gracilis-tendon",
        "sartorius-tendon", "quadriceps-tendon", "patellar-tendon", "achilles-tendon",
        "tibialis-anterior-tendon", "fibularis-longus-tendon", "fibularis-brevis-tendon",
        "extensor-digitorum-longus-tendon", "deep-posterior-compartment-tendon"}) {
    const Columns all = columns_of(id);
    const Columns upper = all.above(upper_thigh);
    const double volume = all.volume() - upper.volume();
    REQUIRE(volume > 0.2);
    const double in_bone = all.shared(bone) - upper.shared(bone);
    double in_muscles = 0.0;
    std::string worst;
    double worst_shared = 0.0;
    for (const auto& [muscle, columns] : muscles) {
      if (id.rfind(muscle, 0) == 0) continue;  // its own muscle
      const double shared = all.shared(columns) - upper.shared(columns);
      in_muscles += shared;
      if (shared > worst_shared) {
        worst_shared = shared;
        worst = muscle;
      }
    }
    MESSAGE(id << ": " << std::round(volume * 10.0) / 10.0 << " cm3; inside bone "
               << std::round(in_bone * 100.0) / 100.0 << " cm3 (" << std::round(in_bone / volume * 100.0)
               << " %), inside other muscles " << std::round(in_muscles * 100.0) / 100.0 << " cm3 (most "
               << worst << " " << std::round(worst_shared * 100.0) / 100.0 << ")");
    CAPTURE(id);
    CHECK(in_bone < 0.15 * volume);
    CHECK(in_muscles < 0.3);
  }
}
