// Strokes on the skin: every motion's contact samples lie on the skin with tangent directions,
// glides run the way they are written, cross-fibre strokes cross the fibres, taps lift between
// contacts, and a flexed knee carries a shank path with it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "leg_fixture.h"
#include "technique/path.h"

using namespace kneeviz;
using namespace kneeviz::technique;
using kneeviz::technique::testing::leg_frame;
using kneeviz::technique::testing::make_stroke;

namespace {

constexpr float kOnSkin = 0.002f;                     // m
const float kTangent = std::sin(glm::radians(10.f));  // |cos| of the angle to the normal

// Every contact sample within 2 mm of the skin, directions unit and tangent to the skin there.
void check_on_skin(const StrokePath& path, const LimbFrame& frame, const std::string& what) {
  CAPTURE(what);
  int contacts = 0;
  for (const StrokeSample& s : path.samples(0.f, path.duration(), 0.02f)) {
    CHECK(std::abs(glm::length(s.direction) - 1.f) < 1e-3f);
    CHECK(std::abs(glm::length(s.normal) - 1.f) < 1e-3f);
    const auto near = frame.skin().closest_point(s.position);
    REQUIRE(near);
    CHECK(near->distance < kOnSkin);  // lifted samples too: `position` is the point under the hand
    CHECK(std::abs(glm::dot(s.direction, near->normal)) < kTangent);
    if (!s.contact) continue;
    ++contacts;
    CHECK(s.lift_m == 0.f);
    CHECK(s.pressure > 0.f);
  }
  CHECK(contacts > 0);
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("every contact sample of every motion lies on the skin and moves tangent to it") {
    const LimbFrame& frame = leg_frame(0.f);
    struct Case {
      const char* name;
      Stroke stroke;
    };
    Stroke circles = make_stroke(Segment::thigh, 0.75f, 0.25f, 90.f, Motion::circles_on_glide, 6.f);
    circles.amplitude_m = 0.025f;
    circles.frequency_hz = 1.f;
    circles.lighter_return = true;
    Stroke side = make_stroke(Segment::knee, 0.3f, 0.7f, 0.f, Motion::side_to_side, 4.f);
    side.amplitude_m = 0.02f;
    side.frequency_hz = 1.5f;
    Stroke updown = make_stroke(Segment::knee, 0.5f, 0.5f, 60.f, Motion::up_and_down, 3.f);
    updown.amplitude_m = 0.02f;
    updown.frequency_hz = 1.f;
    Stroke taps = make_stroke(Segment::thigh, 0.3f, 0.7f, 0.f, Motion::taps, 3.f);
    taps.frequency_hz = 4.f;
    taps.amplitude_m = 0.03f;
    Stroke nodes = make_stroke(Segment::thigh, 0.08f, 0.08f, 300.f, Motion::stationary_circles, 4.f);
    nodes.amplitude_m = 0.015f;
    nodes.frequency_hz = 0.5f;
    nodes.pressure = 0.1f;
    Stroke cross = make_stroke(Segment::knee, 0.45f, 0.45f, 90.f, Motion::cross_fibre, 3.f);
    cross.fibre_of = "iliotibial-tract";
    cross.amplitude_m = 0.012f;
    cross.frequency_hz = 2.f;
    Stroke oblique = make_stroke(Segment::thigh, 0.2f, 0.8f, 300.f, Motion::glide, 5.f);
    oblique.angle_to_deg = 240.f;
    oblique.pause_s = 1.f;
    oblique.lighter_return = true;
    Stroke calf = make_stroke(Segment::shank, 0.85f, 0.2f, 180.f, Motion::glide, 5.f);
    const Case cases[] = {
        {"glide", oblique}, {"circles_on_glide", circles}, {"side_to_side", side}, {"up_and_down", updown},
        {"taps", taps},     {"stationary_circles", nodes}, {"cross_fibre", cross}, {"calf glide", calf}};
    for (const Case& c : cases) check_on_skin(StrokePath(c.stroke, frame), frame, c.name);
  }

  TEST_CASE("a glide from 0.2 to 0.8 on the thigh runs from hip to knee") {
    const LimbFrame& frame = leg_frame(0.f);
    const StrokePath path(make_stroke(Segment::thigh, 0.2f, 0.8f, 270.f, Motion::glide, 5.f), frame);
    const std::vector<StrokeSample> samples = path.samples(0.f, path.duration(), 0.05f);
    for (std::size_t i = 1; i < samples.size(); ++i) {
      CHECK(samples[i].position.y < samples[i - 1].position.y);
      CHECK(samples[i].direction.y < -0.8f);
      CHECK(samples[i].contact);
    }
    CHECK(samples.front().position.y - samples.back().position.y > 0.2f);
    // Medial (270) is +X on this right leg.
    CHECK(samples[samples.size() / 2].position.x > frame.axis_point(Segment::thigh, 0.5f).x + 0.03f);
    // And back up when written the other way, with a lighter return.
    Stroke up = make_stroke(Segment::thigh, 0.8f, 0.2f, 180.f, Motion::glide, 4.f);
    up.lighter_return = true;
    up.pressure = 0.6f;
    const StrokePath back(up, frame);
    CHECK(back.duration() == doctest::Approx(4.f + 4.f * kReturnTimeShare));
    CHECK(back.sample(2.f).direction.y > 0.8f);
    CHECK(back.sample(2.f).pressure == doctest::Approx(0.6f));
    CHECK(back.sample(5.f).direction.y < -0.8f);
    CHECK(back.sample(5.f).pressure < 0.3f);
    CHECK(back.sample(5.f).contact);
  }

  TEST_CASE("an oblique glide turns the shorter way round the limb") {
    // From the front (0) to 330 is 30 degrees toward the medial side; the lymphatic drainage's
    // thigh stroke written so went 330 degrees round the back of the leg, under it on a table.
    const LimbFrame& frame = leg_frame(0.f);
    Stroke inward = make_stroke(Segment::thigh, 0.5f, 0.12f, 0.f, Motion::glide, 5.f);
    inward.angle_to_deg = 330.f;
    const StrokePath path(inward, frame);
    float farthest = 0.f;  // from the front, either way
    for (const StrokeSample& sample : path.samples(0.f, path.pass_duration(), 0.05f)) {
      const float angle = frame.coordinates(Segment::thigh, sample.position).angle_deg;
      farthest = std::max(farthest, std::min(angle, 360.f - angle));
    }
    CHECK(farthest < 45.f);
    CHECK(frame.coordinates(Segment::thigh, path.sample(path.pass_duration()).position).angle_deg ==
          doctest::Approx(330.f).epsilon(0.03));
  }

  TEST_CASE("a pause holds the contact still at the end of the pass") {
    Stroke stroke = make_stroke(Segment::thigh, 0.3f, 0.6f, 90.f, Motion::glide, 3.f);
    stroke.pause_s = 2.f;
    const StrokePath path(stroke, leg_frame(0.f));
    CHECK(path.duration() == doctest::Approx(5.f));
    const StrokeSample a = path.sample(3.2f), b = path.sample(4.8f);
    CHECK(glm::length(a.position - b.position) < 1e-6f);
    CHECK(a.contact);
    CHECK(a.direction.y < -0.7f);  // still the direction of the pass
  }

  TEST_CASE("cross-fibre strokes run within 20 degrees of perpendicular to the fibres") {
    const LimbFrame& frame = leg_frame(0.f);
    struct Case {
      const char* structure;
      Segment segment;
      float position, angle;
    };
    // The IT tract over the lateral femoral epicondyle; the patellar tendon below the patella.
    for (const Case& c : {Case{"iliotibial-tract", Segment::knee, 0.45f, 90.f},
                          Case{"patellar-tendon", Segment::knee, 0.66f, 0.f}}) {
      const std::string structure = c.structure;
      CAPTURE(structure);
      Stroke stroke = make_stroke(c.segment, c.position, c.position, c.angle, Motion::cross_fibre, 3.f);
      stroke.fibre_of = c.structure;
      stroke.amplitude_m = 0.01f;
      stroke.frequency_hz = 2.f;
      stroke.pressure = 0.9f;
      const StrokePath path(stroke, frame);
      float worst = 0.f;
      int checked = 0;
      for (const StrokeSample& s : path.samples(0.f, path.duration(), 0.01f)) {
        const auto fibre = frame.fibre_direction(c.structure, s.position, s.normal);
        REQUIRE(fibre);
        const float off_perpendicular =
            glm::degrees(std::asin(std::min(1.f, std::abs(glm::dot(*fibre, s.direction)))));
        worst = std::max(worst, off_perpendicular);
        CHECK(off_perpendicular < 20.f);
        ++checked;
      }
      // Not only the reported direction: the contact really moves across the fibres.
      const std::vector<StrokeSample> fine = path.samples(0.f, path.duration(), 0.01f);
      float worst_motion = 0.f;
      int chords = 0;
      for (std::size_t i = 1; i < fine.size(); ++i) {
        const glm::vec3 chord = fine[i].position - fine[i - 1].position;
        if (glm::length(chord) < 0.0005f) continue;  // near a turning point
        const glm::vec3 mid = 0.5f * (fine[i].position + fine[i - 1].position);
        const auto fibre = frame.fibre_direction(c.structure, mid, fine[i].normal);
        REQUIRE(fibre);
        const float off =
            glm::degrees(std::asin(std::min(1.f, std::abs(glm::dot(*fibre, glm::normalize(chord))))));
        worst_motion = std::max(worst_motion, off);
        CHECK(off < 20.f);
        ++chords;
      }
      CHECK(chords > 100);
      MESSAGE(structure << ": worst " << worst << " degrees off perpendicular over " << checked
                        << " samples; the motion itself at worst " << worst_motion << " over " << chords
                        << " steps");
      // Short strokes: the contact stays within the amplitude of the spot.
      const glm::vec3 spot = frame.surface_point(c.segment, c.position, c.angle).position;
      for (const StrokeSample& s : path.samples(0.f, path.duration(), 0.05f))
        CHECK(glm::length(s.position - spot) < 0.012f);
    }
  }

  TEST_CASE("taps lift off between contacts and land at the tap") {
    const LimbFrame& frame = leg_frame(0.f);
    Stroke stroke = make_stroke(Segment::thigh, 0.35f, 0.65f, 10.f, Motion::taps, 3.f);
    stroke.frequency_hz = 4.f;
    stroke.amplitude_m = 0.03f;
    stroke.pressure = 0.3f;
    const StrokePath path(stroke, frame);
    const std::vector<TapEvent> taps = path.taps();
    REQUIRE(taps.size() == 12);
    for (std::size_t k = 0; k < taps.size(); ++k) {
      const StrokeSample landing = path.sample(static_cast<float>(taps[k].time));
      CHECK(landing.contact);
      CHECK(landing.lift_m == 0.f);
      CHECK(landing.pressure == doctest::Approx(0.3f));
      CHECK(glm::length(landing.position - taps[k].position) < 1e-4f);
      if (k + 1 == taps.size()) break;
      // Half-way through the air between this tap's contact and the next.
      const double lift_off = taps[k].time + kTapContactShare * (taps[k + 1].time - taps[k].time);
      const StrokeSample air = path.sample(static_cast<float>(0.5 * (lift_off + taps[k + 1].time)));
      CHECK_FALSE(air.contact);
      CHECK(air.lift_m > 0.01f);
      CHECK(air.lift_m < 0.031f);
      CHECK(air.pressure == 0.f);
    }
    // The tap points travel round a circle: they spread over the amplitude.
    scene::Bounds spread;
    for (const TapEvent& tap : taps) spread.extend(tap.position);
    CHECK(glm::length(spread.size()) > 0.04f);
  }

  TEST_CASE("at 90 degrees of knee flexion a shank path follows the shank on the posed skin") {
    const LimbFrame& bent = leg_frame(90.f);
    const LimbFrame& straight = leg_frame(0.f);
    for (float angle : {0.f, 90.f, 180.f, 270.f}) {
      CAPTURE(angle);
      const Stroke stroke = make_stroke(Segment::shank, 0.8f, 0.2f, angle, Motion::circles_on_glide, 4.f);
      const StrokePath path(stroke, bent);
      const StrokePath unbent(stroke, straight);
      check_on_skin(path, bent, "shank at 90 degrees");
      const glm::vec3 knee = bent.knee(), ankle = bent.ankle();
      const glm::vec3 axis = glm::normalize(ankle - knee);
      for (const StrokeSample& s : path.samples(0.f, path.duration(), 0.1f)) {
        // Near the shank's axis, behind the knee, nowhere near where the straight shank was.
        const glm::vec3 off = s.position - knee;
        const float along = glm::dot(off, axis);
        CHECK(along > 0.05f);
        CHECK(glm::length(off - along * axis) < 0.11f);  // the calf: radius up to 7.5 cm plus the circle
        CHECK(s.position.z < knee.z);
      }
      for (float t = 0.f; t <= path.duration(); t += 0.25f)
        CHECK(glm::length(path.sample(t).position - unbent.sample(t).position) > 0.05f);
    }
  }

}  // TEST_SUITE
