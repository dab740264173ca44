// Limb coordinates on the bundled leg: angles around the limb land where anatomy says, the frame
// follows the flexed knee, a mirrored (left) leg works, fibres come out tangent.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "leg_fixture.h"
#include "technique/limb.h"

using namespace kneeviz;
using namespace kneeviz::technique;
using kneeviz::technique::testing::leg;
using kneeviz::technique::testing::leg_frame;

namespace {

// Distance from the skin point to the skin itself (closest point), in metres.
float off_skin(const LimbFrame& frame, const glm::vec3& p) {
  const auto near = frame.skin().closest_point(p);
  return near ? near->distance : 1.f;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the bundled leg is a right leg whose frame matches the glTF axes") {
    const LimbFrame& frame = leg_frame(0.f);
    CHECK(frame.side() == Side::right);
    const SegmentAxes thigh = frame.axes(Segment::thigh, 0.5f);
    CHECK(thigh.along.y < -0.95f);
    CHECK(thigh.anterior.z > 0.95f);
    CHECK(thigh.lateral.x < -0.95f);
    CHECK(std::abs(glm::dot(thigh.along, thigh.anterior)) < 1e-5f);
    CHECK(frame.segment_length(Segment::thigh) == doctest::Approx(0.4288f).epsilon(0.01));
    CHECK(frame.segment_length(Segment::shank) == doctest::Approx(0.4305f).epsilon(0.01));
    CHECK(glm::length(frame.axis_point(Segment::knee, 0.f) - frame.axis_point(Segment::thigh, 0.75f)) <
          1e-4f);
    CHECK(glm::length(frame.axis_point(Segment::knee, 1.f) - frame.axis_point(Segment::shank, 0.25f)) <
          1e-4f);
  }

  TEST_CASE("surface points at angle 0 are anterior and at 90 lateral of the axis") {
    const LimbFrame& frame = leg_frame(0.f);
    for (Segment segment : {Segment::thigh, Segment::knee, Segment::shank}) {
      for (float position : {0.2f, 0.4f, 0.6f, 0.8f}) {
        CAPTURE(to_string(segment));
        CAPTURE(position);
        const glm::vec3 axis = frame.axis_point(segment, position);
        const SkinPoint front = frame.surface_point(segment, position, 0.f);
        const SkinPoint side = frame.surface_point(segment, position, 90.f);
        const SkinPoint back = frame.surface_point(segment, position, 180.f);
        const SkinPoint inner = frame.surface_point(segment, position, 270.f);
        CHECK(front.hit);
        CHECK(side.hit);
        CHECK(front.position.z - axis.z > 0.02f);
        CHECK(std::abs(front.position.x - axis.x) < 0.01f);
        CHECK(axis.x - side.position.x > 0.02f);  // lateral is -X on this leg
        CHECK(std::abs(side.position.z - axis.z) < 0.01f);
        CHECK(back.position.z < axis.z - 0.02f);
        CHECK(inner.position.x > axis.x + 0.02f);
        CHECK(front.normal.z > 0.5f);
        CHECK(side.normal.x < -0.5f);
        CHECK(off_skin(frame, front.position) < 1e-4f);
        CHECK(front.radius > 0.02f);
        CHECK(front.radius < 0.15f);
      }
    }
  }

  TEST_CASE("limb coordinates of a skin point give back where it was found") {
    for (const float flexion : {0.f, 90.f}) {
      const LimbFrame& frame = leg_frame(flexion);
      for (const Segment segment : {Segment::thigh, Segment::knee, Segment::shank})
        for (const float position : {0.1f, 0.5f, 0.9f})
          for (const float angle : {0.f, 90.f, 180.f, 270.f, 330.f}) {
            INFO(to_string(segment) << " at " << position << ", " << angle << " degrees, flexion "
                                    << flexion);
            const SkinPoint p = frame.surface_point(segment, position, angle);
            const LimbFrame::Coordinates c = frame.coordinates(segment, p.position);
            CHECK(c.position == doctest::Approx(position).epsilon(0.02));
            const float off = std::fmod(std::abs(c.angle_deg - angle) + 180.f, 360.f) - 180.f;
            CHECK(std::abs(off) < 2.f);
          }
    }
  }

  TEST_CASE("the shank frame turns with the shank at 90 degrees of flexion") {
    const LimbFrame& frame = leg_frame(90.f);
    const SegmentAxes shank = frame.axes(Segment::shank, 0.5f);
    // The foot goes back; the shin faces down.
    CHECK(shank.along.z < -0.95f);
    CHECK(shank.anterior.y < -0.95f);
    CHECK(shank.lateral.x < -0.95f);
    const SegmentAxes thigh = frame.axes(Segment::thigh, 0.5f);
    CHECK(thigh.anterior.z > 0.95f);
    // The middle of the knee band faces between the two: the front of the bent knee.
    const SegmentAxes knee = frame.axes(Segment::knee, 0.5f);
    CHECK(knee.anterior.z > 0.6f);
    CHECK(knee.anterior.y < -0.6f);
    for (float position : {0.2f, 0.5f, 0.8f}) {
      const glm::vec3 axis = frame.axis_point(Segment::shank, position);
      const SkinPoint shin = frame.surface_point(Segment::shank, position, 0.f);
      CHECK(shin.hit);
      CHECK(axis.y - shin.position.y > 0.015f);
      CHECK(off_skin(frame, shin.position) < 1e-4f);
    }
  }

  TEST_CASE("a mirrored leg is detected as a left leg and angle 90 points to +X") {
    const scene::Model left = testing::mirrored(leg());
    const LimbFrame frame(left, scene::Pose{});
    CHECK(frame.side() == Side::left);
    const SegmentAxes thigh = frame.axes(Segment::thigh, 0.5f);
    CHECK(thigh.anterior.z > 0.95f);
    CHECK(thigh.lateral.x > 0.95f);
    const glm::vec3 axis = frame.axis_point(Segment::thigh, 0.5f);
    CHECK(frame.surface_point(Segment::thigh, 0.5f, 90.f).position.x - axis.x > 0.02f);
    CHECK(frame.surface_point(Segment::thigh, 0.5f, 0.f).position.z - axis.z > 0.02f);
    // And flexed: the shank's anterior still turns down.
    const LimbFrame bent(left, scene::Pose{90.f});
    CHECK(bent.axes(Segment::shank, 0.5f).anterior.y < -0.95f);
  }

  TEST_CASE("a model without the landmarks is refused with its name") {
    scene::Model model = leg();
    model.source = "test-leg.glb";
    model.nodes[static_cast<std::size_t>(model.find_node("knee-joint-centre"))].name = "renamed";
    try {
      LimbFrame frame(model, scene::Pose{});
      FAIL("no error");
    } catch (const GeometryError& error) {
      CHECK(std::string(error.what()).find("knee-joint-centre") != std::string::npos);
      CHECK(std::string(error.what()).find("test-leg.glb") != std::string::npos);
    }
  }

  TEST_CASE("fibre directions are unit and tangent and run down the limb") {
    const LimbFrame& frame = leg_frame(0.f);
    // The IT tract on the lateral thigh, the patellar tendon below the patella.
    const SkinPoint lateral = frame.surface_point(Segment::thigh, 0.7f, 90.f);
    const auto it_band = frame.fibre_direction("iliotibial-tract", lateral.position, lateral.normal);
    REQUIRE(it_band);
    CHECK(std::abs(glm::length(*it_band) - 1.f) < 1e-4f);
    CHECK(std::abs(glm::dot(*it_band, lateral.normal)) < 1e-4f);
    CHECK(it_band->y < -0.8f);
    const SkinPoint tendon = frame.surface_point(Segment::knee, 0.66f, 0.f);
    const auto patellar = frame.fibre_direction("patellar-tendon", tendon.position, tendon.normal);
    REQUIRE(patellar);
    CHECK(patellar->y < -0.8f);
    CHECK_FALSE(frame.fibre_direction("not-loaded", tendon.position, tendon.normal).has_value());
  }

}  // TEST_SUITE
