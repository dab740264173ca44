// The shipped clinic content: it parses, equals the built-in copy, follows CONTENT.md's "where
// does it hurt" table exactly, names only known structures and techniques, carries the safety
// content, and puts the caution zones where the anatomy is.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "clinic/clinic_content.h"

using kneeviz::anatomy::RegionCatalogue;
using kneeviz::clinic::CautionZone;
using kneeviz::clinic::ClinicContent;
using kneeviz::clinic::read_clinic_file;

namespace {

const std::filesystem::path kAssets = KNEEVIZ_ASSETS_DIR;

// Technique ids are the file names of assets/techniques.
std::vector<std::string> shipped_technique_ids() {
  std::vector<std::string> ids;
  for (const auto& entry : std::filesystem::directory_iterator(kAssets / "techniques"))
    if (entry.path().extension() == ".json") ids.push_back(entry.path().stem().string());
  std::sort(ids.begin(), ids.end());
  // The checks below compare the clinic content with these: none would let every one pass.
  REQUIRE_MESSAGE(ids.size() >= 10, "expected the ten shipped techniques in " << (kAssets / "techniques"));
  return ids;
}

std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

struct TableRow {
  std::vector<std::string> structures;
  std::vector<std::string> techniques;
};

// shared/CONTENT.md, "Causes and where does it hurt", with its prose mapped onto the ids of
// assets/regions.json: patellar tracking = patella with VL/VMO and the IT band; hamstring tendons =
// the three hamstrings; popliteal swelling = the popliteal nodes; lymphatic congestion = the nodes
// and vessels of the lymphatic group.
const std::map<std::string, TableRow> kContentTable = {
    {"lateral",
     {{"iliotibial-tract", "tensor-fasciae-latae", "vastus-lateralis"},
      {"it-band-release", "outside-thigh-glide", "cross-fiber-friction"}}},
    {"front",
     {{"patella", "vastus-lateralis", "vastus-medialis", "iliotibial-tract", "patellar-tendon",
       "quadriceps-tendon"},
      {"front-thigh-glide", "thigh-tapping", "knee-friction", "cross-fiber-friction"}}},
    {"medial",
     {{"sartorius", "gracilis", "semitendinosus", "vastus-medialis", "adductors"},
      {"inner-thigh-glide", "knee-friction"}}},
    {"back",
     {{"biceps-femoris", "semitendinosus", "semimembranosus", "gastrocnemius", "popliteal-nodes"},
      {"hamstring-glide", "calf-glide", "lymphatic-drainage"}}},
    {"swelling",
     {{"inguinal-nodes", "popliteal-nodes", "lymph-vessels"}, {"lymphatic-drainage", "knee-friction"}}},
};

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the shipped clinic file parses and equals the built-in content") {
    const ClinicContent file = read_clinic_file(kAssets / "clinic.json");
    CHECK(file.format_version == 1);
    CHECK(file == ClinicContent::builtin());
    CHECK(ClinicContent::builtin().source == "built-in clinic.json");
  }

  TEST_CASE("every spot of the where does it hurt table has exactly its structures and techniques") {
    const ClinicContent& content = ClinicContent::builtin();
    REQUIRE(content.pain_map.size() == kContentTable.size());
    for (const auto& [id, row] : kContentTable) {
      CAPTURE(id);
      const auto* spot = content.spot(id);
      REQUIRE(spot != nullptr);
      CHECK(sorted(spot->structures) == sorted(row.structures));
      CHECK(sorted(spot->techniques) == sorted(row.techniques));
      CHECK_FALSE(spot->name.empty());
      CHECK_FALSE(spot->where.empty());
      CHECK(spot->where.size() <= 40);  // short: it sits on a button
      CHECK(spot->description.size() >= 80);
    }
    CHECK(content.spot("nowhere") == nullptr);
  }

  TEST_CASE("every structure and technique of the pain map exists") {
    const ClinicContent& content = ClinicContent::builtin();
    const std::vector<std::string> techniques = shipped_technique_ids();
    REQUIRE(techniques.size() >= 10);
    const auto problems = content.validate_against(RegionCatalogue::builtin(), techniques);
    for (const auto& problem : problems) MESSAGE(problem.message);
    CHECK(problems.empty());
  }

  TEST_CASE("validation names the file line and field of an unknown id") {
    const ClinicContent& content = ClinicContent::builtin();
    std::vector<std::string> techniques = shipped_technique_ids();
    techniques.erase(std::find(techniques.begin(), techniques.end(), "calf-glide"));
    const auto problems = content.validate_against(RegionCatalogue::builtin(), techniques);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field.find("pain_map[") == 0);
    CHECK(problems[0].field.find("].techniques[") != std::string::npos);
    CHECK(problems[0].line > 1);
    CHECK(problems[0].message.find("built-in clinic.json:" + std::to_string(problems[0].line) + ":") == 0);
    CHECK(problems[0].message.find("unknown technique \"calf-glide\"") != std::string::npos);
  }

  TEST_CASE("the three contraindications and the eight warning signs are present") {
    const ClinicContent& content = ClinicContent::builtin();
    for (const char* id : {"osteoporosis", "varicose-veins", "high-blood-pressure"}) {
      CAPTURE(id);
      const auto* item = content.contraindication(id);
      REQUIRE(item != nullptr);
      CHECK_FALSE(item->title.empty());
      CHECK(item->why.find("doctor") != std::string::npos);  // ask a doctor first
    }
    // Beyond the two source documents, the standard contraindications of leg massage, a suspected
    // blood clot first: each says what to do, with a doctor or surgeon in it.
    for (const char* id : {"blood-clot", "acute-injury", "infection-or-broken-skin", "bleeding-risk",
                           "recent-surgery", "cancer"}) {
      CAPTURE(id);
      const auto* item = content.contraindication(id);
      REQUIRE(item != nullptr);
      CHECK(
          (item->why.find("doctor") != std::string::npos || item->why.find("surgeon") != std::string::npos));
    }
    REQUIRE(content.safety.contraindications.size() == 9);
    CHECK(content.safety.contraindications.front().id == "blood-clot");
    CHECK(content.contraindication("blood-clot")->why.find("same day") != std::string::npos);
    for (const char* id : {"persistent-pain", "swelling", "redness", "severe-pain", "cannot-bear-weight",
                           "locking", "popping-clicking", "fever-chills"}) {
      CAPTURE(id);
      const auto* sign = content.warning_sign(id);
      REQUIRE(sign != nullptr);
      CHECK_FALSE(sign->sign.empty());
      CHECK_FALSE(sign->note.empty());
    }
    CHECK(content.safety.see_a_provider.size() == 8);
    CHECK(content.safety.complements.find("diagnosis") != std::string::npos);
  }

  TEST_CASE("the femoral triangle lies on the upper anteromedial thigh") {
    const auto* zone = ClinicContent::builtin().caution_zone("femoral-triangle");
    REQUIRE(zone != nullptr);
    CHECK(zone->segment == "thigh");
    CHECK(zone->from <= 0.05f);                  // starts at the groin, just below the inguinal ligament
    CHECK(zone->to <= 0.35f);                    // its apex is about a third of the way down the thigh
    CHECK(zone->covers("thigh", 0.15f, 315.f));  // anteromedial
    CHECK(zone->covers_angle(0.f));
    CHECK_FALSE(zone->covers_angle(90.f));   // not lateral
    CHECK_FALSE(zone->covers_angle(180.f));  // not posterior
    CHECK_FALSE(zone->covers("thigh", 0.6f, 315.f));
    CHECK_FALSE(zone->covers("knee", 0.15f, 315.f));
  }

  TEST_CASE("the femoral triangle narrows to its apex and the popliteal fossa is a diamond") {
    const auto* triangle = ClinicContent::builtin().caution_zone("femoral-triangle");
    const auto* fossa = ClinicContent::builtin().caution_zone("popliteal-fossa");
    REQUIRE(triangle != nullptr);
    REQUIRE(fossa != nullptr);
    CHECK(triangle->shape == CautionZone::Shape::triangle);
    CHECK(fossa->shape == CautionZone::Shape::diamond);
    // Under the inguinal ligament it spans the whole arc; near its apex only the middle.
    CHECK(triangle->width_at(triangle->from) == doctest::Approx(1.f));
    CHECK(triangle->width_at(triangle->to) == doctest::Approx(0.f));
    CHECK(triangle->covers("thigh", 0.01f, 285.f));
    CHECK_FALSE(triangle->covers("thigh", 0.27f, 285.f));
    CHECK(triangle->covers("thigh", 0.27f, 320.f));
    // Pointed at both ends, widest midway.
    const float middle = 0.5f * (fossa->from + fossa->to);
    CHECK(fossa->width_at(middle) == doctest::Approx(1.f));
    CHECK(fossa->covers("knee", middle, 145.f));
    CHECK_FALSE(fossa->covers("knee", fossa->from + 0.02f, 145.f));
    CHECK(fossa->covers("knee", fossa->from + 0.02f, 180.f));
    CHECK_FALSE(fossa->covers("knee", fossa->to - 0.02f, 215.f));
  }

  TEST_CASE("each caution zone names the vessels and nerves that lie under it") {
    const auto& content = ClinicContent::builtin();
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    const std::map<std::string, std::vector<std::string>> expected{
        {"femoral-triangle", {"femoral-artery", "femoral-vein", "femoral-nerve"}},
        {"popliteal-fossa", {"popliteal-artery", "popliteal-vein", "tibial-nerve", "common-fibular-nerve"}}};
    for (const auto& [id, structures] : expected) {
      CAPTURE(id);
      const auto* zone = content.caution_zone(id);
      REQUIRE(zone != nullptr);
      CHECK(zone->structures == structures);
      for (const std::string& structure : zone->structures) {
        REQUIRE(catalogue.group_of(structure) != nullptr);
        CHECK(catalogue.group_of(structure)->id == "vessels-nerves");
      }
    }
  }

  TEST_CASE("the popliteal fossa lies at the back of the knee") {
    const auto* zone = ClinicContent::builtin().caution_zone("popliteal-fossa");
    REQUIRE(zone != nullptr);
    CHECK(zone->segment == "knee");
    CHECK(zone->covers("knee", 0.5f, 180.f));  // behind the joint centre
    CHECK_FALSE(zone->covers_angle(0.f));
    CHECK_FALSE(zone->covers_angle(90.f));
    CHECK_FALSE(zone->covers_angle(270.f));
    CHECK(ClinicContent::builtin().caution_zones.size() == 2);
  }
}
