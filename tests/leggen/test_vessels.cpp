// The vessels and nerves of the caution zones lie where anatomy puts them (the relations a
// clinician checks: which is medial at the groin, which is deepest behind the knee, where the
// veins run under the skin), clear of the bones and of one another.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>
#include <utility>

#include "glb_fixture.h"
#include "inside_test.h"

using namespace leggen_test;

namespace {

constexpr float kMidlineX = 0.092f;  // the body's midline, where the model is cut (docs/leg-model.md)

std::vector<glm::vec3> vertices(const std::string& id) {
  const aiMesh* mesh = find_mesh(id);
  REQUIRE_MESSAGE(mesh != nullptr, id);
  std::vector<glm::vec3> out;
  for (unsigned i = 0; i < mesh->mNumVertices; ++i) out.push_back(to_glm(mesh->mVertices[i]));
  return out;
}

// The centroid of a structure's vertices between two heights, if it has any there.
std::optional<glm::vec3> slice(const std::vector<glm::vec3>& points, float y_low, float y_high) {
  glm::vec3 sum(0.0f);
  int n = 0;
  for (const glm::vec3& p : points) {
    if (p.y >= y_low && p.y <= y_high) {
      sum += p;
      ++n;
    }
  }
  if (n == 0) return std::nullopt;
  return sum / static_cast<float>(n);
}

glm::vec3 require_slice(const std::string& id, float y_low, float y_high) {
  const std::optional<glm::vec3> c = slice(vertices(id), y_low, y_high);
  REQUIRE_MESSAGE(c.has_value(), id << " has no vertex between y " << y_low << " and " << y_high);
  return *c;
}

InsideTest inside_test(const std::string& id) {
  WeldedMesh welded = weld(*find_mesh(id));
  return InsideTest(std::move(welded.positions), std::move(welded.indices));
}

}  // namespace

TEST_CASE("leggen_vessels_nerves") {
  const glm::vec3 knee = landmark("knee-joint-centre");
  const glm::vec3 ankle = landmark("ankle-joint-centre");

  SUBCASE("at the groin: the artery at the mid-inguinal point, the vein medial to it, the nerve lateral") {
    // The inguinal ligament crosses the vessels about 1.5-2.5 cm above the hip centre here.
    const glm::vec3 artery = require_slice("femoral-artery", 0.010f, 0.025f);
    const glm::vec3 vein = require_slice("femoral-vein", 0.010f, 0.025f);
    const glm::vec3 nerve = require_slice("femoral-nerve", 0.010f, 0.025f);
    const float mid_inguinal = 0.5f * (landmark("asis").x + kMidlineX);
    MESSAGE("femoral artery " << (artery.x - mid_inguinal) * 1e3f
                              << " mm medial of the mid-inguinal point; vein " << (vein.x - artery.x) * 1e3f
                              << " mm medial of it, nerve " << (artery.x - nerve.x) * 1e3f << " mm lateral");
    CHECK(std::abs(artery.x - mid_inguinal) < 0.010f);
    CHECK(vein.x > artery.x + 0.005f);
    CHECK(nerve.x < artery.x - 0.005f);
  }

  SUBCASE("the femoral artery becomes the popliteal artery behind the femur 10-15 cm above the knee") {
    const std::vector<glm::vec3> femoral = vertices("femoral-artery");
    const float lowest =
        std::min_element(femoral.begin(), femoral.end(), [](auto& a, auto& b) { return a.y < b.y; })->y;
    MESSAGE("the adductor hiatus " << (lowest - knee.y) * 1e2f << " cm above the knee centre");
    CHECK(lowest - knee.y > 0.10f);
    CHECK(lowest - knee.y < 0.15f);
    // There it lies behind the femoral shaft's axis.
    const glm::vec3 femur = require_slice("femur", lowest - 0.005f, lowest + 0.005f);
    const glm::vec3 artery = require_slice("femoral-artery", lowest, lowest + 0.008f);
    CHECK(artery.z < femur.z);
  }

  SUBCASE("behind the knee the artery is deepest and the tibial nerve nearest the skin") {
    const glm::vec3 artery = require_slice("popliteal-artery", knee.y - 0.005f, knee.y + 0.005f);
    const glm::vec3 vein = require_slice("popliteal-vein", knee.y - 0.005f, knee.y + 0.005f);
    const glm::vec3 nerve = require_slice("tibial-nerve", knee.y - 0.005f, knee.y + 0.005f);
    MESSAGE("behind the knee centre: artery " << (knee.z - artery.z) * 1e3f << " mm, vein "
                                              << (knee.z - vein.z) * 1e3f << " mm, tibial nerve "
                                              << (knee.z - nerve.z) * 1e3f << " mm");
    CHECK(artery.z > vein.z);
    CHECK(vein.z > nerve.z);
    CHECK(std::abs(artery.x - knee.x) < 0.012f);  // in the middle of the fossa
  }

  SUBCASE("the common fibular nerve winds round the fibular neck on the bone") {
    const std::vector<glm::vec3> nerve = vertices("common-fibular-nerve");
    const std::vector<glm::vec3> fibula = vertices("fibula");
    const glm::vec3 head = landmark("fibular-head");
    float nearest = 1.0f;
    glm::vec3 where(0.0f);
    for (const glm::vec3& p : nerve) {
      if (p.y > head.y || p.y < head.y - 0.035f) continue;  // the neck, below the head
      for (const glm::vec3& q : fibula) {
        if (glm::distance(p, q) < nearest) {
          nearest = glm::distance(p, q);
          where = p;
        }
      }
    }
    MESSAGE("nearest the fibular neck " << nearest * 1e3f << " mm, " << (head.y - where.y) * 1e3f
                                        << " mm below the head's landmark");
    CHECK(nearest < 0.004f);
    // It passes round the lateral side, and ends in front of the neck.
    const glm::vec3 end =
        *std::min_element(nerve.begin(), nerve.end(), [](auto& a, auto& b) { return a.y < b.y; });
    CHECK(end.z > head.z);
  }

  SUBCASE("the saphenous veins and the tibial nerve pass the malleoli on their sides") {
    // Great saphenous vein: in front of the medial malleolus. Small saphenous: behind the
    // lateral one. Tibial nerve: behind the medial one.
    const glm::vec3 great = require_slice("great-saphenous-vein", ankle.y - 0.005f, ankle.y + 0.005f);
    const glm::vec3 small = require_slice("small-saphenous-vein", ankle.y - 0.005f, ankle.y + 0.005f);
    const glm::vec3 nerve = require_slice("tibial-nerve", ankle.y - 0.005f, ankle.y + 0.005f);
    CHECK(great.x > ankle.x + 0.015f);
    CHECK(great.z > ankle.z + 0.015f);
    CHECK(small.x < ankle.x - 0.015f);
    CHECK(small.z < ankle.z - 0.015f);
    CHECK(nerve.x > ankle.x + 0.010f);
    CHECK(nerve.z < ankle.z - 0.005f);
    // The great saphenous vein passes behind the medial side of the knee.
    const glm::vec3 at_knee = require_slice("great-saphenous-vein", knee.y - 0.005f, knee.y + 0.005f);
    CHECK(at_knee.x > knee.x + 0.045f);
    CHECK(at_knee.z < knee.z);
  }

  SUBCASE("the saphenous veins lie in the fat between skin and muscle and end in the deep veins") {
    const InsideTest skin = inside_test("skin");
    std::vector<std::pair<std::string, InsideTest>> muscles;
    muscles.reserve(std::size(kMuscles) + std::size(kTendons));
    for (const std::string& id : kMuscles) muscles.emplace_back(id, inside_test(id));
    for (const std::string& id : kTendons) muscles.emplace_back(id, inside_test(id));
    // Named copies, not structured bindings: doctest's macros capture them in lambdas.
    for (const auto& vein_ends :
         {std::tuple{std::string("great-saphenous-vein"), std::string("femoral-vein"), ankle.y, -0.110f},
          std::tuple{std::string("small-saphenous-vein"), std::string("popliteal-vein"), ankle.y,
                     knee.y - 0.120f}}) {
      const std::string& id = std::get<0>(vein_ends);
      const std::string& deep = std::get<1>(vein_ends);
      const float from = std::get<2>(vein_ends), to = std::get<3>(vein_ends);
      CAPTURE(id);
      float deepest = 0.0f;
      int tested = 0;
      std::map<std::string, int> in_muscle;
      for (const glm::vec3& p : vertices(id)) {
        // The end where it dives to the deep vein is deep: the great saphenous vein through the
        // saphenous opening below the groin, the small one through the deep fascia in the upper
        // calf, between the heads of gastrocnemius.
        if (p.y < from || p.y > to) continue;
        ++tested;
        deepest = std::max(deepest, skin.distance_to_surface(p));
        for (const auto& [muscle, test] : muscles) in_muscle[muscle] += test.inside(p) ? 1 : 0;
      }
      MESSAGE(id << ": " << tested << " vertices at most " << deepest * 1e3f << " mm under the skin");
      CHECK(tested > 300);
      CHECK(deepest < 0.015f);
      for (const auto& muscle_count : in_muscle) {
        const std::string& muscle = muscle_count.first;
        const int count = muscle_count.second;
        CHECK_MESSAGE(count == 0, id << ": " << count << " of " << tested << " vertices inside " << muscle);
      }
      const InsideTest vein = inside_test(deep);
      int inside = 0;
      for (const glm::vec3& p : vertices(id)) inside += vein.inside(p) ? 1 : 0;
      CHECK_MESSAGE(inside > 0, id << " does not reach the " << deep);
    }
  }

  SUBCASE("none lies in a bone and none passes through another except where they join") {
    const std::set<std::pair<std::string, std::string>> joined{{"femoral-artery", "popliteal-artery"},
                                                               {"femoral-vein", "popliteal-vein"},
                                                               {"tibial-nerve", "common-fibular-nerve"},
                                                               {"great-saphenous-vein", "femoral-vein"},
                                                               {"small-saphenous-vein", "popliteal-vein"}};
    std::vector<std::pair<std::string, InsideTest>> tests;
    tests.reserve(std::size(kVesselsNerves) + 6);
    for (const std::string& id : kVesselsNerves) tests.emplace_back(id, inside_test(id));
    for (const char* bone : {"hip-bone", "femur", "patella", "tibia", "fibula", "foot"}) {
      tests.emplace_back(bone, inside_test(bone));
    }
    for (const std::string& id : kVesselsNerves) {
      const std::vector<glm::vec3> points = vertices(id);
      for (const auto& other_test : tests) {
        const std::string& other = other_test.first;
        const InsideTest& test = other_test.second;
        if (other == id || joined.count({id, other}) || joined.count({other, id})) continue;
        int inside = 0;
        for (const glm::vec3& p : points) inside += test.inside(p) ? 1 : 0;
        CHECK_MESSAGE(inside == 0,
                      id << ": " << inside << " of " << points.size() << " vertices inside " << other);
      }
    }
  }
}
