// The ten shipped techniques (assets/techniques/): they parse and validate against the built-in
// region catalogue, and each follows its row of the content brief where that can be read off the
// data: contact, targets, the direction of the documented glides, the lymphatic order, the caution
// zones, the tapping rate, the cross-fibre structures.

#include <doctest/doctest.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "technique/technique.h"
#include "technique/technique_file.h"

using kneeviz::anatomy::RegionCatalogue;
using namespace kneeviz::technique;

namespace {

const std::filesystem::path kTechniques = KNEEVIZ_TECHNIQUES_DIR;

const std::vector<Technique>& shipped() {
  static const std::vector<Technique> techniques = [] {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    return load_technique_folder(kTechniques, &catalogue);
  }();
  return techniques;
}

const Technique& technique(const std::string& id) {
  const auto& all = shipped();
  const auto found = std::find_if(all.begin(), all.end(), [&](const Technique& t) { return t.id == id; });
  REQUIRE_MESSAGE(found != all.end(), "no shipped technique " << id);
  return *found;
}

std::vector<const Stroke*> strokes_of(const Technique& t) {
  std::vector<const Stroke*> strokes;
  for (const Phase& phase : t.phases)
    for (const Stroke& stroke : phase.strokes) strokes.push_back(&stroke);
  return strokes;
}

// Angles in [0, 360), and whether one lies within `tolerance` degrees of `centre`.
double wrap(double angle) {
  const double wrapped = std::fmod(angle, 360.0);
  return wrapped < 0 ? wrapped + 360.0 : wrapped;
}
bool near_angle(double angle, double centre, double tolerance) {
  const double difference = std::fabs(wrap(angle - centre));
  return std::min(difference, 360.0 - difference) <= tolerance;
}
// Both ends of the stroke.
bool stroke_near_angle(const Stroke& stroke, double centre, double tolerance) {
  return near_angle(stroke.angle_deg, centre, tolerance) &&
         near_angle(stroke.angle_to_deg.value_or(stroke.angle_deg), centre, tolerance);
}

bool moves_proximally(const Stroke& stroke) {
  return stroke.to < stroke.from;
}

bool mentions(const std::vector<std::string>& texts, const std::string& word) {
  return std::any_of(texts.begin(), texts.end(), [&](const std::string& text) {
    std::string lower = text;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return lower.find(word) != std::string::npos;
  });
}

// The whole technique's length: without the lighter returns (their timing is the timeline's
// business) and with a return as long as its pass.
std::pair<double, double> duration_bounds(const Technique& t) {
  double without_returns = 0, with_returns = 0;
  for (const Phase& phase : t.phases) {
    double pass = 0, returns = 0;
    for (const Stroke& stroke : phase.strokes) {
      pass += stroke.duration_s + stroke.pause_s;
      if (stroke.lighter_return) returns += stroke.duration_s;
    }
    without_returns += phase.repetitions * pass;
    with_returns += phase.repetitions * (pass + returns);
  }
  return {t.repetitions * without_returns, t.repetitions * with_returns};
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("every shipped technique file parses and validates against the built-in catalogue") {
    CHECK(check_files({kTechniques}).empty());
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    for (const Technique& t : shipped()) {
      CAPTURE(t.id);
      CHECK(validate_targets(t, catalogue).empty());
      CHECK(t.file == (kTechniques / (t.id + ".json")).string());
    }
  }

  TEST_CASE("the ten techniques of the content brief are shipped and listed by id") {
    std::vector<std::string> ids;
    for (const Technique& t : shipped()) ids.push_back(t.id);
    const std::vector<std::string> expected{"calf-glide",      "cross-fiber-friction", "front-thigh-glide",
                                            "hamstring-glide", "inner-thigh-glide",    "it-band-release",
                                            "knee-friction",   "lymphatic-drainage",   "outside-thigh-glide",
                                            "thigh-tapping"};
    CHECK(ids == expected);
  }

  TEST_CASE("each technique has the source contact targets and client position of its row") {
    struct Row {
      std::string source;  // the start of the document's file name
      Contact contact;
      std::set<std::string> targets;
      std::string position;  // a word of the client position
    };
    const std::map<std::string, Row> rows{
        {"outside-thigh-glide", {"003", Contact::palm, {"vastus-lateralis", "iliotibial-tract"}, "supine"}},
        {"thigh-tapping", {"003", Contact::fingertips, {"quadriceps"}, "supine"}},
        {"front-thigh-glide", {"003", Contact::palm, {"quadriceps"}, "supine"}},
        {"inner-thigh-glide", {"003", Contact::palm, {"adductors", "vastus-medialis"}, "supine"}},
        {"knee-friction",
         // The tissues around the patella: the VMO's insertion medially, the IT band laterally.
         {"003",
          Contact::fingertips,
          {"patella", "quadriceps-tendon", "patellar-tendon", "vastus-medialis", "iliotibial-tract"},
          "supine"}},
        {"cross-fiber-friction",
         {"003", Contact::thumb, {"iliotibial-tract", "patellar-tendon", "quadriceps-tendon"}, "supine"}},
        {"it-band-release",
         {"000",
          Contact::forearm,
          {"iliotibial-tract", "tensor-fasciae-latae", "vastus-lateralis"},
          "side-lying"}},
        {"lymphatic-drainage", {"000", Contact::palm, {"lymphatic"}, "supine"}},
        {"hamstring-glide", {"000", Contact::palm, {"hamstrings"}, "prone"}},
        {"calf-glide", {"000", Contact::palm, {"gastrocnemius", "soleus"}, "prone"}},
    };
    for (const auto& [id, row] : rows) {
      CAPTURE(id);
      const Technique& t = technique(id);
      CHECK(t.source.rfind(row.source, 0) == 0);
      CHECK(t.contact == row.contact);
      CHECK(std::set<std::string>(t.targets.begin(), t.targets.end()) == row.targets);
      CHECK(t.client_position.find(row.position) != std::string::npos);
    }
    CHECK(technique("thigh-tapping").contact_note.find("knuckles") != std::string::npos);
    CHECK(technique("inner-thigh-glide").contact_note.find("oil") != std::string::npos);
  }

  TEST_CASE("every technique lasts between 30 and 90 seconds") {
    for (const Technique& t : shipped()) {
      CAPTURE(t.id);
      const auto [shortest, longest] = duration_bounds(t);
      CHECK(shortest >= 30.0);
      CHECK(longest <= 90.0);
    }
  }

  TEST_CASE("every technique warns about osteoporosis varicose veins and high blood pressure") {
    for (const Technique& t : shipped()) {
      CAPTURE(t.id);
      CHECK(mentions(t.cautions, "osteoporosis"));
      CHECK(mentions(t.cautions, "varicose"));
      CHECK(mentions(t.cautions, "blood pressure"));
    }
    CHECK(mentions(technique("inner-thigh-glide").cautions, "femoral triangle"));
    for (const char* id : {"knee-friction", "hamstring-glide", "calf-glide", "lymphatic-drainage"}) {
      CAPTURE(id);
      CHECK(mentions(technique(id).cautions, "back of the knee"));
    }
  }

  TEST_CASE("every technique card names a suspected blood clot first and the lymph drainage its own limits") {
    for (const Technique& t : shipped()) {
      CAPTURE(t.id);
      REQUIRE_FALSE(t.cautions.empty());
      CHECK(t.cautions.front().find("blood clot") != std::string::npos);
    }
    const auto& lymph = technique("lymphatic-drainage").cautions;
    CHECK(mentions(lymph, "heart failure"));
    CHECK(mentions(lymph, "infection"));
    CHECK(mentions(lymph, "kidney failure"));
    for (const char* id : {"cross-fiber-friction", "it-band-release"}) {
      CAPTURE(id);
      CHECK(mentions(technique(id).cautions, "blood thinners"));
    }
  }

  TEST_CASE("the pressures follow the words of each row") {
    const std::map<std::string, std::pair<float, float>> ranges{
        {"outside-thigh-glide", {0.35f, 0.65f}}, {"thigh-tapping", {0.1f, 0.35f}},
        {"front-thigh-glide", {0.35f, 0.65f}},   {"inner-thigh-glide", {0.25f, 0.55f}},
        {"knee-friction", {0.2f, 0.35f}},        {"cross-fiber-friction", {0.65f, 0.9f}},
        {"it-band-release", {0.4f, 0.65f}},      {"lymphatic-drainage", {0.0f, 0.15f}},
        {"hamstring-glide", {0.35f, 0.65f}},     {"calf-glide", {0.35f, 0.65f}},
    };
    for (const auto& [id, range] : ranges) {
      for (const Stroke* stroke : strokes_of(technique(id))) {
        CAPTURE(id);
        CHECK(stroke->pressure >= range.first);
        CHECK(stroke->pressure <= range.second);
      }
    }
  }

  TEST_CASE("outside-thigh-glide goes knee to hip on the outer thigh with small circles riding on it") {
    bool circles_up = false;
    for (const Stroke* stroke : strokes_of(technique("outside-thigh-glide"))) {
      CHECK(stroke->segment == Segment::thigh);
      CHECK(stroke_near_angle(*stroke, 90, 30));
      if (stroke->motion == Motion::circles_on_glide && moves_proximally(*stroke)) {
        circles_up = true;
        CHECK(stroke->amplitude_m >= 0.02f);
        CHECK(stroke->amplitude_m <= 0.03f);
        CHECK(stroke->from >= 0.8f);
        CHECK(stroke->to <= 0.2f);
      }
    }
    CHECK(circles_up);
  }

  TEST_CASE("thigh-tapping taps at 2 to 6 Hz travelling in circles over the front thigh") {
    for (const Stroke* stroke : strokes_of(technique("thigh-tapping"))) {
      CHECK(stroke->motion == Motion::taps);
      CHECK(stroke->segment == Segment::thigh);
      CHECK(stroke->frequency_hz >= 2.0f);
      CHECK(stroke->frequency_hz <= 6.0f);
      CHECK(stroke->amplitude_m > 0.0f);
      CHECK(stroke_near_angle(*stroke, 0, 60));
    }
  }

  TEST_CASE("front-thigh-glide glides up and down the front thigh with circles and may dwell") {
    bool up = false, down = false, dwell = false;
    for (const Stroke* stroke : strokes_of(technique("front-thigh-glide"))) {
      CHECK(stroke->segment == Segment::thigh);
      CHECK(stroke_near_angle(*stroke, 0, 30));
      if (stroke->motion == Motion::circles_on_glide) {
        (moves_proximally(*stroke) ? up : down) = true;
      }
      if (stroke->motion == Motion::stationary_circles) dwell = true;
    }
    CHECK(up);
    CHECK(down);
    CHECK(dwell);
  }

  TEST_CASE("inner-thigh-glide runs from the hip to the knee along the inner thigh") {
    for (const Stroke* stroke : strokes_of(technique("inner-thigh-glide"))) {
      CHECK(stroke->segment == Segment::thigh);
      CHECK(stroke->motion == Motion::glide);
      CHECK(stroke->from < stroke->to);  // hip (0) toward knee (1)
      CHECK(stroke_near_angle(*stroke, 270, 55));
      // Light over the femoral triangle, at the top of the inner thigh.
      if (stroke->from < 0.3f) {
        CHECK(stroke->pressure <= 0.35f);
      }
    }
  }

  TEST_CASE("knee-friction has its three variants and never works at the back of the knee") {
    std::set<Motion> motions;
    for (const Stroke* stroke : strokes_of(technique("knee-friction"))) {
      motions.insert(stroke->motion);
      CHECK(stroke->segment == Segment::knee);
      CHECK_FALSE(near_angle(stroke->angle_deg, 180, 60));
      CHECK_FALSE(near_angle(stroke->angle_to_deg.value_or(stroke->angle_deg), 180, 60));
      CHECK(stroke->amplitude_m >= 0.01f);
      CHECK(stroke->amplitude_m <= 0.015f);
    }
    CHECK(motions.count(Motion::circles_on_glide) == 1);
    CHECK(motions.count(Motion::side_to_side) == 1);
    CHECK(motions.count(Motion::up_and_down) == 1);
  }

  TEST_CASE("cross-fiber-friction crosses the fibres of the IT band at the lateral knee and both tendons") {
    std::set<std::string> crossed;
    for (const Stroke* stroke : strokes_of(technique("cross-fiber-friction"))) {
      CHECK(stroke->motion == Motion::cross_fibre);
      REQUIRE_FALSE(stroke->fibre_of.empty());
      crossed.insert(stroke->fibre_of);
      CHECK(stroke->segment == Segment::knee);
      CHECK(stroke->amplitude_m >= 0.01f);
      CHECK(stroke->amplitude_m <= 0.015f);
      const double centre = stroke->fibre_of == "iliotibial-tract" ? 90.0 : 0.0;
      CHECK(stroke_near_angle(*stroke, centre, 30));
    }
    CHECK(crossed == std::set<std::string>{"iliotibial-tract", "patellar-tendon", "quadriceps-tendon"});
  }

  TEST_CASE("it-band-release is a very slow sustained glide down the lateral thigh that pauses") {
    int pauses = 0;
    for (const Stroke* stroke : strokes_of(technique("it-band-release"))) {
      CHECK(stroke->motion == Motion::glide);
      CHECK(stroke->segment == Segment::thigh);
      CHECK(near_angle(stroke->angle_to_deg.value_or(stroke->angle_deg), 90, 30));
      // Very slow: no more than a quarter of the thigh in ten seconds.
      CHECK(std::fabs(stroke->to - stroke->from) / stroke->duration_s <= 0.025f);
      if (stroke->pause_s > 0) ++pauses;
    }
    CHECK(pauses >= 3);
  }

  TEST_CASE("lymphatic-drainage works proximal first toward the nodes very lightly and slowly") {
    const Technique& t = technique("lymphatic-drainage");
    REQUIRE(t.phases.size() == 5);
    // 1. stationary circles on the inguinal nodes, at the top of the thigh.
    for (const Stroke& stroke : t.phases[0].strokes) {
      CHECK(stroke.motion == Motion::stationary_circles);
      CHECK(stroke.segment == Segment::thigh);
      CHECK(stroke.from <= 0.1f);
    }
    // 2. thigh strokes; 3. circles on the popliteal nodes with the knee slightly bent; 4. knee; 5. lower leg.
    for (const Stroke& stroke : t.phases[1].strokes) CHECK(stroke.segment == Segment::thigh);
    for (const Stroke& stroke : t.phases[2].strokes) {
      CHECK(stroke.motion == Motion::stationary_circles);
      CHECK(stroke.segment == Segment::knee);
      CHECK(near_angle(stroke.angle_deg, 180, 10));
    }
    CHECK(t.phases[2].knee_flexion_deg >= 10.0f);
    CHECK(t.phases[2].knee_flexion_deg <= 30.0f);
    for (const Stroke& stroke : t.phases[3].strokes) CHECK(stroke.segment == Segment::knee);
    for (const Stroke& stroke : t.phases[4].strokes) CHECK(stroke.segment == Segment::shank);
    // Toward the nodes: every travelling stroke moves up the leg; all of it very light and slow.
    for (const Stroke* stroke : strokes_of(t)) {
      if (stroke->motion == Motion::stationary_circles) {
        CHECK(stroke->frequency_hz <= 1.0f);
      } else {
        CHECK(moves_proximally(*stroke));
      }
      CHECK(stroke->pressure <= 0.15f);
      CHECK(stroke->duration_s >= 4.0f);
    }
  }

  TEST_CASE("hamstring-glide runs from above the knee toward the ischial tuberosity with a lighter return") {
    for (const Stroke* stroke : strokes_of(technique("hamstring-glide"))) {
      CHECK(stroke->segment == Segment::thigh);
      CHECK(stroke->motion == Motion::glide);
      CHECK(moves_proximally(*stroke));
      CHECK(stroke->from >= 0.6f);
      CHECK(stroke->from <= 0.75f);  // above the popliteal fossa
      CHECK(stroke->to <= 0.2f);
      CHECK(stroke->lighter_return);
      CHECK(stroke_near_angle(*stroke, 180, 45));
    }
  }

  TEST_CASE("calf-glide moves up the calf from the Achilles tendon to below the knee") {
    for (const Stroke* stroke : strokes_of(technique("calf-glide"))) {
      CHECK(stroke->segment == Segment::shank);
      CHECK(stroke->motion == Motion::glide);
      CHECK(moves_proximally(*stroke));
      CHECK(stroke->from >= 0.8f);
      CHECK(stroke->to >= 0.15f);  // stops below the popliteal fossa
      CHECK(stroke->to <= 0.3f);
      CHECK(stroke_near_angle(*stroke, 180, 45));
    }
  }

  TEST_CASE("every phase has a caption and the strokes keep the durations sensible") {
    for (const Technique& t : shipped()) {
      CAPTURE(t.id);
      CHECK_FALSE(t.name.empty());
      CHECK_FALSE(t.summary.empty());
      for (const Phase& phase : t.phases) {
        CHECK_FALSE(phase.caption.empty());
        for (const Stroke& stroke : phase.strokes) {
          CHECK(stroke.duration_s >= 2.0f);
          CHECK(stroke.duration_s <= 20.0f);
        }
      }
    }
  }
}
