// Practice scoring on the bundled leg and the shipped techniques: the reference scores high on
// itself, and each kind of mistake a learner makes lowers the figure that names it.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "clinic/clinic_content.h"
#include "technique/practice.h"
#include "technique/technique_file.h"
#include "technique_paths/leg_fixture.h"

using namespace kneeviz;
using namespace kneeviz::technique;

namespace {

const std::vector<Technique>& shipped() {
  return testing::shipped_techniques();
}

const Technique& shipped(const std::string& id) {
  for (const Technique& t : shipped())
    if (t.id == id) return t;
  throw std::runtime_error("no shipped technique " + id);
}

const ZoneAt& zones() {
  static const ZoneAt lookup = zone_lookup(clinic::ClinicContent::builtin().caution_zones);
  return lookup;
}

std::string figures(const PracticeScore& s) {
  return "placement " + std::to_string(s.placement) + ", direction " + std::to_string(s.direction) +
         ", tempo " + std::to_string(s.tempo) + ", pressure " + std::to_string(s.pressure) + ", order " +
         std::to_string(s.order) + ", safety " + std::to_string(s.safety) + ", overall " +
         std::to_string(s.overall);
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("every technique's reference scores at least 90 in every figure") {
    for (const Technique& t : shipped()) {
      CAPTURE(t.id);
      const TechniqueTimeline timeline(t, testing::leg());
      const Trace reference = reference_trace(timeline);
      const PracticeScore s = score_trace(timeline, reference, zones());
      MESSAGE(t.id << ": " << figures(s));
      CHECK(s.placement >= 90);
      CHECK(s.direction >= 90);
      CHECK(s.tempo >= 90);
      CHECK(s.pressure >= 90);
      CHECK(s.order >= 90);
      CHECK(s.safety == 100);
      // Stroke by stroke: every stroke of every phase, each scoring high.
      std::size_t strokes = 0;
      for (const Phase& phase : t.phases) strokes += phase.strokes.size();
      CHECK(s.strokes.size() == strokes);
      for (const StrokeScore& stroke : s.strokes) {
        CAPTURE(stroke.phase);
        CAPTURE(stroke.stroke);
        CHECK(stroke.score >= 90);
      }
    }
  }

  TEST_CASE("a reversed trace scores low on direction and half speed is flagged on tempo") {
    const TechniqueTimeline timeline(shipped("front-thigh-glide"), testing::leg());
    const Trace reference = reference_trace(timeline);
    Trace reversed = reference;
    std::reverse(reversed.samples.begin(), reversed.samples.end());
    const double end = reference.samples.back().t;
    for (TraceSample& s : reversed.samples) s.t = end - s.t;
    const PracticeScore backwards = score_trace(timeline, reversed, zones());
    MESSAGE("reversed: " << figures(backwards));
    CHECK(backwards.direction < 40);

    Trace slow = reference;
    for (TraceSample& s : slow.samples) s.t *= 2.0;
    const PracticeScore half = score_trace(timeline, slow, zones());
    MESSAGE("half speed: " << figures(half) << ", speed ratio " << half.speed_ratio);
    CHECK(half.tempo < 50);
    CHECK(half.speed_ratio == doctest::Approx(0.5).epsilon(0.1));
    CHECK(half.placement >= 90);  // the same path: only the tempo is wrong
    REQUIRE_FALSE(half.feedback.empty());
    CHECK(half.feedback.front().find("slower") != std::string::npos);
  }

  TEST_CASE("the path moved 5 cm off its target scores low on placement") {
    // The IT band release's line down the outside of the thigh, 5 cm round the thigh toward its
    // front, on the skin. (A technique of several lines side by side, such as the calf glide's fan
    // 7 cm wide, still covers part of itself when moved 5 cm: that is placement working.)
    const TechniqueTimeline timeline(shipped("it-band-release"), testing::leg());
    Trace shifted = reference_trace(timeline);
    for (TraceSample& s : shifted.samples) {
      const LimbFrame& frame = timeline.frame_at(s.t);
      const LimbFrame::Coordinates c = frame.coordinates(Segment::thigh, s.p);
      const float radius = glm::distance(s.p, frame.axis_point(Segment::thigh, c.position));
      s.p = frame.surface_point(Segment::thigh, c.position, c.angle_deg - glm::degrees(0.05f / radius))
                .position;
    }
    const PracticeScore off = score_trace(timeline, shifted, zones());
    MESSAGE("shifted: " << figures(off) << ", " << off.off_target_cm << " cm off");
    CHECK(off.placement < 50);
    CHECK(off.off_target_cm > 1.5);
    CHECK(off.tempo >= 70);  // placement's mistake more than the tempo's (79 here)
    for (const StrokeScore& stroke : off.strokes) CHECK(stroke.score < 70);
    REQUIRE_FALSE(off.feedback.empty());
    CHECK(off.feedback.front().find("Placement") == 0);
  }

  TEST_CASE("pressing into the popliteal fossa fails on safety and names it") {
    const TechniqueTimeline timeline(shipped("calf-glide"), testing::leg());
    Trace pressing = reference_trace(timeline);
    const LimbFrame& frame = timeline.frame_at(0.0);
    const glm::vec3 fossa = frame.surface_point(Segment::knee, 0.5f, 180.f).position;
    for (int i = 0; i < 20; ++i)
      pressing.samples.push_back({pressing.samples.back().t + 0.05, fossa, true, 0.8f});
    const PracticeScore s = score_trace(timeline, pressing, zones());
    MESSAGE("pressing the fossa: " << figures(s) << "; " << s.feedback.front());
    CHECK(s.safety == 0);
    CHECK(s.safety_zone == "Popliteal fossa");
    CHECK(s.overall <= 40);
    CHECK(s.feedback.front().find("Popliteal fossa") != std::string::npos);
    // The same spot touched lightly is allowed.
    for (std::size_t i = pressing.samples.size() - 20; i < pressing.samples.size(); ++i)
      pressing.samples[i].pressure = 0.2f;
    CHECK(score_trace(timeline, pressing, zones()).safety == 100);
  }

  TEST_CASE("a real hand's few millimetres of tremble and uneven timing still score well") {
    std::mt19937 random(7);
    std::normal_distribution<float> tremble(0.f, 0.002f);  // per axis: about 3.5 mm off, in all
    std::uniform_real_distribution<double> jitter(-0.01, 0.01);
    for (const std::string id : {"front-thigh-glide", "knee-friction", "lymphatic-drainage"}) {
      CAPTURE(id);
      const TechniqueTimeline timeline(shipped(id), testing::leg());
      Trace real = reference_trace(timeline);
      for (TraceSample& s : real.samples) {
        s.p += glm::vec3(tremble(random), tremble(random), tremble(random));
        s.t = std::max(0.0, s.t + jitter(random));
        s.pressure = std::clamp(s.pressure + tremble(random) * 10.f, 0.f, 1.f);
      }
      std::sort(real.samples.begin(), real.samples.end(),
                [](const TraceSample& a, const TraceSample& b) { return a.t < b.t; });
      const PracticeScore s = score_trace(timeline, real, zones());
      MESSAGE(id << " with tremble: " << figures(s) << ", beats " << s.beats_per_second
                 << " a second against " << s.reference_beats_per_second);
      // Knee friction's circles are about a centimetre across: 3.5 mm of tremble turns some of the
      // hand's moments sideways, which costs direction a little there (77 here).
      CHECK(s.overall >= 85);
      CHECK(s.placement >= 90);
      CHECK(s.direction >= 70);
      CHECK(s.tempo >= 90);
      CHECK(s.pressure >= 85);
      CHECK(s.order >= 90);
    }
  }

  TEST_CASE("circles at half their rate over the same time are flagged on tempo as rhythm") {
    const TechniqueTimeline timeline(shipped("knee-friction"), testing::leg());
    const Trace reference = reference_trace(timeline);
    // The hand spends as long on the skin, in the same places, but goes round half as often: each
    // moment where the reference was half as far into the work.
    Trace slow_circles = reference;
    for (std::size_t i = 0; i < slow_circles.samples.size(); ++i)
      slow_circles.samples[i].p = reference.samples[i / 2].p;
    const PracticeScore s = score_trace(timeline, slow_circles, zones());
    MESSAGE("half-rate circles: " << figures(s) << ", beats " << s.beats_per_second << " a second against "
                                  << s.reference_beats_per_second << ", speed ratio " << s.speed_ratio);
    CHECK(s.speed_ratio == doctest::Approx(1.0).epsilon(0.05));  // the pace alone would not show it
    CHECK(s.beats_per_second < 0.7 * s.reference_beats_per_second);
    CHECK(s.tempo <= 60);
    bool said = false;
    for (const std::string& advice : s.feedback)
      said = said || advice.find("quicken the rhythm") != std::string::npos;
    CHECK(said);
  }

  TEST_CASE("a release that never holds the tight spots is flagged on tempo") {
    const TechniqueTimeline timeline(shipped("it-band-release"), testing::leg());
    const Trace reference = reference_trace(timeline);
    const PracticeScore own = score_trace(timeline, reference, zones());
    MESSAGE("reference: held " << own.held_s << " s against " << own.reference_held_s << " s");
    CHECK(own.reference_held_s >= 15.0);  // four holds of 3-4 s, and passing the spots
    CHECK(own.held_s == doctest::Approx(own.reference_held_s).epsilon(0.1));
    // The same glides with every rest left out: the hand moves on at once.
    Trace rushed;
    rushed.technique = reference.technique;
    double cut = 0.0;
    const auto held_there = [&](std::size_t i) {  // in contact, and not a millimetre away 0.4 s either side
      for (std::size_t j = i >= 8 ? i - 8 : 0; j < std::min(i + 9, reference.samples.size()); ++j)
        if (!reference.samples[j].contact ||
            glm::distance(reference.samples[j].p, reference.samples[i].p) > 0.001f)
          return false;
      return true;
    };
    for (std::size_t i = 0; i < reference.samples.size(); ++i) {
      const TraceSample& s = reference.samples[i];
      const bool still = i > 0 && held_there(i);
      if (still) {
        cut += s.t - reference.samples[i - 1].t;
        continue;
      }
      rushed.samples.push_back(s);
      rushed.samples.back().t -= cut;
    }
    const PracticeScore s = score_trace(timeline, rushed, zones());
    MESSAGE("no holds: " << figures(s) << ", held " << s.held_s << " s against " << s.reference_held_s
                         << " s, speed ratio " << s.speed_ratio << "; " << s.feedback.front());
    CHECK(s.held_s < 0.6 * s.reference_held_s);  // passing the spots takes time too
    CHECK(s.tempo <= 40);
    bool said = false;
    for (const std::string& advice : s.feedback)
      said = said || advice.find("hold still") != std::string::npos;
    CHECK(said);
  }

  TEST_CASE("trace files round-trip and bad ones are refused with the place and what was expected") {
    const TechniqueTimeline timeline(shipped("calf-glide"), testing::leg());
    const Trace reference = reference_trace(timeline, 0.5);
    const Trace back = parse_trace(trace_to_json(reference), "ref.json", "calf-glide");
    REQUIRE(back.samples.size() == reference.samples.size());
    CHECK(back.samples[3].p.x == doctest::Approx(reference.samples[3].p.x).epsilon(1e-4));
    CHECK(back.samples[3].contact == reference.samples[3].contact);

    const auto refused = [](const std::string& text, const std::string& technique = "calf-glide") {
      try {
        (void)parse_trace(text, "attempt.json", technique);
      } catch (const TraceError& error) {
        return std::string(error.what());
      }
      return std::string("accepted");
    };
    const std::string two = R"([{"t": 0, "p": [0, 0.5, 0.05], "contact": true, "pressure": 0.3},
                              {"t": 0.1, "p": [0, 0.5, 0.05], "contact": true, "pressure": 0.3}])";
    CHECK(refused(R"({"format_version": 1, "technique": "calf-glide", "samples": )" + two + "}") ==
          "accepted");
    CHECK(refused(R"({"format_version": 1, "technique": "calf-glide", "samples": )" + two + "}",
                  "knee-friction") ==
          "attempt.json: technique: this is a trace of 'calf-glide', not of 'knee-friction'");
    CHECK(refused(R"({"format_version": 1, "technique": "calf-glide", "samples": []})") ==
          "attempt.json: samples: expected at least two samples, found 0");
    CHECK(refused(R"({"format_version": 1, "technique": "calf-glide", "samples": [)")
              .find("attempt.json: malformed JSON") == 0);
    CHECK(
        refused(
            R"({"format_version": 1, "technique": "calf-glide", "samples": [{"t": 0, "p": [0, 1], "contact": true, "pressure": 0.3}, {"t": 1, "p": [0, 1, 0], "contact": true, "pressure": 0.3}]})") ==
        "attempt.json: samples[0].p: expected a point [x, y, z] in metres");
    CHECK(
        refused(
            R"({"format_version": 1, "technique": "calf-glide", "samples": [{"t": 1, "p": [0, 1, 0], "contact": true, "pressure": 0.3}, {"t": 0.5, "p": [0, 1, 0], "contact": true, "pressure": 0.3}]})")
            .find("samples[1].t: goes back in time") != std::string::npos);
    CHECK(
        refused(
            R"({"format_version": 1, "technique": "calf-glide", "samples": [{"t": 0, "p": [0, 1, 0], "contact": false, "pressure": 0}, {"t": 1, "p": [0, 1, 0], "contact": false, "pressure": 0}]})")
            .find("never touches the skin") != std::string::npos);
    // A trace a metre off the leg: refused when scored, not scored as a bad attempt.
    Trace away = reference;
    for (TraceSample& s : away.samples) s.p += glm::vec3(1.f, 0.f, 0.f);
    CHECK_THROWS_WITH_AS(score_trace(timeline, away, zones()),
                         doctest::Contains("cm from the skin at the median; expected points on the skin"),
                         TraceError);
  }

}  // TEST_SUITE
