// The timeline of a technique: phases laid out in time, the hand lifting between strokes, taps and
// captions found by time, and playback that gives the same pose for the same t at any frame rate.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <random>

#include "anatomy/region_catalogue.h"
#include "leg_fixture.h"
#include "technique/technique_file.h"
#include "technique/timeline.h"

using namespace kneeviz;
using namespace kneeviz::technique;
using kneeviz::technique::testing::leg;
using kneeviz::technique::testing::make_stroke;

namespace {

// Three phases: a glide with a lighter return, taps, and circles with the knee bent.
Technique sample_technique() {
  Technique t;
  t.id = "test-technique";
  t.name = "Test technique";
  t.repetitions = 2;
  Phase glide;
  glide.caption = "Glide down the outer thigh";
  Stroke down = make_stroke(Segment::thigh, 0.2f, 0.8f, 90.f, Motion::glide, 3.f);
  down.lighter_return = true;
  glide.strokes = {down};
  glide.repetitions = 2;
  Phase taps;
  taps.caption = "Tap the front thigh";
  Stroke tapping = make_stroke(Segment::thigh, 0.4f, 0.6f, 0.f, Motion::taps, 2.f);
  tapping.frequency_hz = 4.f;
  taps.strokes = {tapping};
  Phase bent;
  bent.caption = "Circles on the calf, knee bent";
  bent.knee_flexion_deg = 30.f;
  bent.strokes = {make_stroke(Segment::shank, 0.7f, 0.3f, 180.f, Motion::circles_on_glide, 3.f),
                  make_stroke(Segment::knee, 0.5f, 0.5f, 90.f, Motion::stationary_circles, 2.f)};
  t.phases = {glide, taps, bent};
  return t;
}

const TechniqueTimeline& timeline() {
  static const TechniqueTimeline instance(sample_technique(), leg());
  return instance;
}

void check_same_pose(const HandPose& a, const HandPose& b) {
  CHECK(a.time == doctest::Approx(b.time).epsilon(1e-9));
  CHECK(glm::length(a.position - b.position) < 1e-4f);
  CHECK(glm::length(a.direction - b.direction) < 1e-2f);
  CHECK(a.contact == b.contact);
  CHECK(a.lift_m == doctest::Approx(b.lift_m).epsilon(1e-3));
  CHECK(a.phase == b.phase);
  CHECK(a.stroke == b.stroke);
  CHECK(a.knee_flexion_deg == doctest::Approx(b.knee_flexion_deg));
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the timeline lays phases out in order with lifts between strokes") {
    const TechniqueTimeline& tl = timeline();
    // Strokes alone: 2 × (2 × 4.5 + 2 + 3 + 2) = 32 s; landing, lifting and moves come on top.
    CHECK(tl.duration() > 32.0);
    CHECK(tl.duration() < 50.0);
    CHECK(tl.frames().size() == 2);
    REQUIRE(tl.phase_spans().size() == 6);
    CHECK(tl.phase_start(0) == 0.0);
    CHECK(tl.phase_start(1) > tl.phase_start(0));
    CHECK(tl.phase_start(2) > tl.phase_start(1));
    double previous_end = 0.0;
    for (const PhaseSpan& span : tl.phase_spans()) {
      CHECK(span.start == doctest::Approx(previous_end));
      CHECK(tl.phase_at(span.start + 1e-6) == span.phase);
      CHECK(tl.caption_at(span.start + 1e-6) == sample_technique().phases[span.phase].caption);
      previous_end = span.end;
    }
    CHECK(previous_end == doctest::Approx(tl.duration()));
    // It starts and ends lifted, and the poses lie on the skin of their own pose of the leg.
    CHECK(tl.pose_at(0.0).lift_m > 0.03f);
    CHECK_FALSE(tl.pose_at(0.0).contact);
    CHECK(tl.pose_at(tl.duration()).lift_m > 0.03f);
    int lifted_moves = 0;
    for (const HandPose& pose : tl.samples(0.0, tl.duration(), 0.1)) {
      CHECK(std::abs(glm::length(pose.direction) - 1.f) < 1e-3f);
      if (pose.transition && pose.lift_m > 0.03f) ++lifted_moves;
      if (!pose.contact) continue;
      const LimbFrame& frame = tl.frame_at(pose.time);
      CHECK(frame.knee_flexion_deg() == pose.knee_flexion_deg);
      CHECK(frame.skin().closest_point(pose.position)->distance < 0.002f);
    }
    CHECK(lifted_moves > 5);
    // The knee bends while the hand is in the air before the third phase.
    const HandPose moving = tl.pose_at(tl.phase_start(2) + 0.5);
    CHECK(moving.transition);
    CHECK(moving.knee_flexion_deg > 0.f);
    CHECK(moving.knee_flexion_deg < 30.f);
    CHECK(moving.phase == 2);
    CHECK_FALSE(moving.contact);
  }

  TEST_CASE("tap events and the working area come from the timeline") {
    const TechniqueTimeline& tl = timeline();
    const std::vector<TapEvent> all = tl.tap_events(0.0, tl.duration());
    CHECK(all.size() == 16);  // 8 taps in 2 s, twice
    for (const TapEvent& tap : all) {
      const HandPose at = tl.pose_at(tap.time);
      CHECK(at.contact);
      CHECK(at.phase == 1);
      CHECK(glm::length(at.position - tap.position) < 1e-4f);
    }
    const PhaseSpan& taps = tl.phase_spans()[1];
    CHECK(tl.tap_events(taps.start, taps.end).size() == 8);
    CHECK(tl.tap_events(0.0, tl.phase_start(1)).empty());

    const scene::Bounds area = tl.working_area(tl.phase_spans()[0].start, tl.phase_spans()[0].end);
    REQUIRE_FALSE(area.empty());
    // The outer-thigh glide: most of the thigh's length, on its lateral side (-X).
    CHECK(area.size().y > 0.2f);
    CHECK(area.centre().x < -0.03f);
    CHECK(tl.working_area(5.0, 5.0).size() == glm::vec3(0.f));
  }

  TEST_CASE("the same time gives the same pose at any frame rate and by scrubbing") {
    const TechniqueTimeline& tl = timeline();
    // Start inside the tapping phase, where the pose changes fastest.
    const double start = tl.phase_start(1) + 0.37;
    Playback fine(tl), coarse(tl), jumped(tl);
    for (Playback* p : {&fine, &coarse}) {
      p->scrub(start);
      p->play();
    }
    for (int i = 0; i < 1000; ++i) fine.advance(1.0 / 1000.0);
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> weight(0.2, 1.8);
    std::vector<double> steps(17);
    double sum = 0.0;
    for (double& s : steps) sum += (s = weight(rng));
    for (double s : steps) coarse.advance(s / sum);
    jumped.scrub(start + 1.0);
    CHECK(fine.time() == doctest::Approx(start + 1.0).epsilon(1e-12));
    CHECK(coarse.time() == doctest::Approx(start + 1.0).epsilon(1e-12));
    check_same_pose(tl.pose_at(fine.time()), tl.pose_at(jumped.time()));
    check_same_pose(tl.pose_at(coarse.time()), tl.pose_at(jumped.time()));
    // Pure: asking twice, or in another order, gives the same pose.
    check_same_pose(tl.pose_at(12.3), tl.pose_at(12.3));
  }

  TEST_CASE("playback speed takes effect at once and is clamped") {
    Playback p(100.0, {0.0, 10.0, 20.0});
    p.play();
    p.set_speed(2.f);
    p.advance(1.0);
    CHECK(p.time() == doctest::Approx(2.0));
    p.set_speed(0.25f);
    p.advance(1.0);
    CHECK(p.time() == doctest::Approx(2.25));
    p.set_speed(5.f);
    CHECK(p.speed() == 2.f);
    p.set_speed(0.f);
    CHECK(p.speed() == 0.25f);
    p.pause();
    p.advance(10.0);
    CHECK(p.time() == doctest::Approx(2.25));
    // Twice as fast reaches t in half the real time.
    Playback normal(100.0, {0.0}), fast(100.0, {0.0});
    normal.play();
    fast.play();
    fast.set_speed(2.f);
    for (int i = 0; i < 60; ++i) fast.advance(1.0 / 60.0);
    for (int i = 0; i < 120; ++i) normal.advance(1.0 / 60.0);
    CHECK(fast.time() == doctest::Approx(normal.time()).epsilon(1e-9));
  }

  TEST_CASE("playback loops or stops at the end") {
    Playback p(10.0, {0.0, 4.0});
    p.play();
    p.scrub(9.5);
    p.advance(1.0);
    CHECK(p.time() == 10.0);
    CHECK_FALSE(p.playing());
    p.play();  // from the start again
    CHECK(p.time() == 0.0);
    p.set_loop(true);
    p.scrub(9.5);
    p.advance(1.0);
    CHECK(p.time() == doctest::Approx(0.5));
    CHECK(p.playing());
    p.scrub(-3.0);
    CHECK(p.time() == 0.0);
    p.scrub(30.0);
    CHECK(p.time() == 10.0);
  }

  TEST_CASE("previous and next phase jump to phase starts") {
    const TechniqueTimeline& tl = timeline();
    const std::vector<PhaseSpan>& spans = tl.phase_spans();
    Playback p(tl);
    p.next_phase();
    CHECK(p.time() == spans[1].start);
    CHECK(tl.phase_at(p.time()) == 1);
    p.next_phase();
    CHECK(p.time() == spans[2].start);
    p.previous_phase();  // right at a start: the phase before
    CHECK(p.time() == spans[1].start);
    p.scrub(spans[2].start + 2.0);
    p.previous_phase();  // well into a phase: its own start
    CHECK(p.time() == spans[2].start);
    p.scrub(spans.back().start + 1.0);
    p.next_phase();
    CHECK(p.time() == tl.duration());
    p.set_loop(true);
    p.next_phase();
    CHECK(p.time() == 0.0);
    p.previous_phase();
    CHECK(p.time() == 0.0);
  }

  TEST_CASE("a technique without strokes has an empty timeline") {
    Technique empty;
    empty.phases.push_back(Phase{"nothing", {}, 1, 0.f});
    const TechniqueTimeline tl(empty, leg());
    CHECK(tl.duration() == 0.0);
    CHECK(tl.phase_at(0.0) == -1);
    CHECK(tl.caption_at(1.0).empty());
    CHECK(tl.pose_at(1.0).phase == -1);
    CHECK(tl.working_area(0.0, 1.0).empty());
  }

  TEST_CASE("every shipped technique lays out on the bundled leg with its samples on the skin") {
    const std::filesystem::path folder = std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/techniques";
    if (!std::filesystem::is_directory(folder)) {
      MESSAGE("no assets/techniques yet");
      return;
    }
    const std::vector<Technique> techniques = load_technique_folder(folder);
    for (const Technique& technique : techniques) {
      CAPTURE(technique.id);
      const TechniqueTimeline tl(technique, leg());
      CHECK(tl.duration() > 0.0);
      int contacts = 0, crossing = 0;
      std::map<std::string, float> worst_crossing;  // by fibre_of
      for (const HandPose& pose : tl.samples(0.0, tl.duration(), 0.05)) {
        CHECK(std::abs(glm::length(pose.direction) - 1.f) < 1e-3f);
        if (!pose.contact) continue;
        ++contacts;
        const LimbFrame& frame = tl.frame_at(pose.time);
        const auto near = frame.skin().closest_point(pose.position);
        CHECK(near->distance < 0.002f);
        CHECK(std::abs(glm::dot(near->normal, pose.direction)) < 0.2f);
        if (pose.transition) continue;
        const Stroke& stroke = technique.phases[pose.phase].strokes[pose.stroke];
        if (stroke.motion != Motion::cross_fibre) continue;
        const auto fibre = frame.fibre_direction(stroke.fibre_of, pose.position, pose.normal);
        CHECK_MESSAGE(fibre.has_value(), stroke.fibre_of << " has no fibres near the stroke");
        if (!fibre) continue;
        ++crossing;
        float off = glm::degrees(std::asin(std::min(1.f, std::abs(glm::dot(*fibre, pose.direction)))));
        CHECK(off < 20.f);
        // The motion itself, over the next hundredth of a second.
        const HandPose next = tl.pose_at(pose.time + 0.01);
        const glm::vec3 chord = next.position - pose.position;
        if (next.stroke == pose.stroke && next.phase == pose.phase && glm::length(chord) > 0.0005f) {
          const float moved =
              glm::degrees(std::asin(std::min(1.f, std::abs(glm::dot(*fibre, glm::normalize(chord))))));
          CHECK(moved < 20.f);
          off = std::max(off, moved);
        }
        worst_crossing[stroke.fibre_of] = std::max(worst_crossing[stroke.fibre_of], off);
      }
      CHECK(contacts > 0);
      MESSAGE(technique.id << ": " << tl.duration() << " s, " << tl.phase_spans().size() << " phase spans, "
                           << tl.frames().size() << " leg poses, " << tl.tap_events(0.0, tl.duration()).size()
                           << " taps, " << crossing << " cross-fibre samples");
      for (const auto& [structure, worst] : worst_crossing)
        MESSAGE(technique.id << ": across " << structure << " at worst " << worst
                             << " degrees off perpendicular (direction and motion)");
    }
    CHECK(techniques.size() >= 10);
  }

  TEST_CASE("every shipped technique works over its targets") {
    // Over its targets: from every point where the hand presses, one of the technique's target
    // structures lies close beneath the skin (within reach: the hand's contact area plus the
    // subcutaneous layer), in the leg's pose of that moment. The model draws only the main
    // collecting lymph vessels of a network that covers the whole leg, so strokes that drain the
    // skin between two drawn bundles count as over the lymphatics when a bundle is within a
    // hand's length (palm and fingers, about 15 cm). 12 cm held until the thigh was tapered to
    // real girths: the glide up the front of the thigh then passed 14 cm from the nearest bundle
    // for half a second.
    constexpr float kReach = 0.045f, kLymphReach = 0.15f;
    const anatomy::RegionCatalogue catalogue = anatomy::RegionCatalogue::builtin();
    const std::vector<Technique> techniques =
        load_technique_folder(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/techniques");
    for (const Technique& technique : techniques) {
      CAPTURE(technique.id);
      std::vector<std::string> targets;
      for (const std::string& target : technique.targets)
        for (const std::string& id : catalogue.find_group(target) ? catalogue.structure_ids_in(target)
                                                                  : std::vector<std::string>{target})
          targets.push_back(id);
      const bool lymphatic = technique.targets == std::vector<std::string>{"lymphatic"};
      const float reach = lymphatic ? kLymphReach : kReach;
      const TechniqueTimeline tl(technique, leg());
      std::map<float, std::vector<SkinSurface>> surfaces;  // by knee flexion
      for (const auto& [flexion, frame] : tl.frames())
        for (const std::string& id : targets)
          surfaces[flexion].push_back(SkinSurface::from_model(leg(), scene::Pose{flexion}, id));
      int pressing = 0, over = 0;
      float worst = 0.f;
      int worst_phase = -1, worst_stroke = -1;
      for (const HandPose& pose : tl.samples(0.0, tl.duration(), 0.1)) {
        if (!pose.contact || pose.transition) continue;
        ++pressing;
        float nearest = 1e9f;
        for (const SkinSurface& surface : surfaces[pose.knee_flexion_deg])
          if (const auto hit = surface.closest_point(pose.position))
            nearest = std::min(nearest, hit->distance);
        over += nearest <= reach;
        if (nearest > worst) {
          worst = nearest;
          worst_phase = pose.phase;
          worst_stroke = pose.stroke;
        }
      }
      MESSAGE(technique.id << ": " << over << " of " << pressing << " pressing samples over a target, worst "
                           << worst * 100.f << " cm away (phase " << worst_phase << ", stroke "
                           << worst_stroke << ")");
      CHECK(pressing > 0);
      CHECK(over == pressing);
    }
  }

}  // TEST_SUITE
