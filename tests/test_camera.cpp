// The orbit camera: view parsing, framing, orbit/zoom/pan and animated transitions.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>

#include "scene/camera.h"
#include "support/doctest_glm.h"

using namespace kneeviz::scene;

namespace {

// A leg-like box: tall, off the origin, so that framing has to move the target.
Bounds leg_box() {
  Bounds b;
  b.extend(glm::vec3(0.3f, -0.2f, 0.1f));
  b.extend(glm::vec3(0.7f, 1.8f, 0.6f));
  return b;
}

glm::vec3 project(const OrbitCamera& camera, float aspect, glm::vec3 p) {
  const glm::vec4 clip = camera.projection(aspect) * camera.view() * glm::vec4(p, 1.f);
  return glm::vec3(clip) / clip.w;
}

std::vector<glm::vec3> corners(const Bounds& b) {
  std::vector<glm::vec3> result;
  for (int c = 0; c < 8; ++c)
    result.push_back({c & 1 ? b.max.x : b.min.x, c & 2 ? b.max.y : b.min.y, c & 4 ? b.max.z : b.min.z});
  return result;
}

OrbitCamera framed(ViewAngles angles, float aspect, const Bounds& box = leg_box()) {
  OrbitCamera camera;
  camera.set_view(angles, false);
  camera.frame(box, aspect);
  return camera;
}

bool close(glm::vec3 a, glm::vec3 b, float eps = 1e-4f) {
  return glm::length(a - b) <= eps;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("parse_view reads the four presets") {
    for (const NamedView& preset : kViewPresets) {
      CAPTURE(preset.name);
      const auto parsed = parse_view(preset.name);
      REQUIRE(parsed);
      CHECK(*parsed == preset.angles);
    }
    CHECK(parse_view("anterior")->yaw_deg == 0.f);
    CHECK(parse_view("posterior")->yaw_deg == 180.f);
    CHECK(parse_view("lateral")->yaw_deg == -90.f);
    CHECK(parse_view("medial")->yaw_deg == 90.f);
  }

  TEST_CASE("parse_view reads YAW then PITCH in degrees") {
    const auto a = parse_view("30,10");
    REQUIRE(a);
    CHECK(a->yaw_deg == doctest::Approx(30.f));
    CHECK(a->pitch_deg == doctest::Approx(10.f));

    const auto spaced = parse_view(" -45.5 , -20 ");
    REQUIRE(spaced);
    CHECK(spaced->yaw_deg == doctest::Approx(-45.5f));
    CHECK(spaced->pitch_deg == doctest::Approx(-20.f));

    // Yaw wraps into [-180, 180).
    const auto wrapped = parse_view("200,0");
    REQUIRE(wrapped);
    CHECK(wrapped->yaw_deg == doctest::Approx(-160.f));

    // Pitch up to ±89 is allowed.
    CHECK(parse_view("0,89"));
    CHECK(parse_view("0,-89"));
  }

  TEST_CASE("parse_view rejects garbage and out-of-range pitch") {
    for (const char* bad : {"", "front", "anterior ", "30", "30,", ",10", "a,b", "30;10", "30,10,5", "30,10x",
                            "nan,0", "0,nan", "inf,0", "0,90", "0,-90", "0,89.5", "0,1000"}) {
      CAPTURE(bad);
      CHECK_FALSE(parse_view(bad));
    }
  }

  TEST_CASE("the presets put the eye on the named side of a right leg") {
    const float aspect = 4.f / 3.f;
    const OrbitCamera anterior = framed(*parse_view("anterior"), aspect);
    const OrbitCamera posterior = framed(*parse_view("posterior"), aspect);
    const OrbitCamera lateral = framed(*parse_view("lateral"), aspect);
    const OrbitCamera medial = framed(*parse_view("medial"), aspect);

    // Anterior is +Z, posterior -Z; the lateral side of this right leg is -X, medial +X.
    CHECK(anterior.eye().z > anterior.target().z + 1.f);
    CHECK(std::abs(anterior.eye().x - anterior.target().x) < 1e-3f);
    CHECK(posterior.eye().z < posterior.target().z - 1.f);
    CHECK(std::abs(posterior.eye().x - posterior.target().x) < 1e-3f);
    CHECK(lateral.eye().x < lateral.target().x - 1.f);
    CHECK(std::abs(lateral.eye().z - lateral.target().z) < 1e-3f);
    CHECK(medial.eye().x > medial.target().x + 1.f);
    CHECK(std::abs(medial.eye().z - medial.target().z) < 1e-3f);
    // The presets look slightly down on the leg.
    CHECK(anterior.eye().y > anterior.target().y);
  }

  TEST_CASE("frame() centres the box and fits it tightly for any aspect and angle") {
    const Bounds box = leg_box();
    for (float aspect : {0.5f, 1.f, 4.f / 3.f, 16.f / 9.f, 3.f}) {
      for (ViewAngles angles : {ViewAngles{0, 8}, ViewAngles{180, 8}, ViewAngles{-90, 8}, ViewAngles{45, 30},
                                ViewAngles{-120, -40}, ViewAngles{10, 85}}) {
        CAPTURE(aspect);
        CAPTURE(angles.yaw_deg);
        CAPTURE(angles.pitch_deg);
        const OrbitCamera camera = framed(angles, aspect, box);
        CHECK(close(camera.target(), box.centre()));
        float largest = 0.f;
        for (const glm::vec3& corner : corners(box)) {
          const glm::vec3 ndc = project(camera, aspect, corner);
          CHECK(std::abs(ndc.x) <= 1.f);
          CHECK(std::abs(ndc.y) <= 1.f);
          CHECK(ndc.z > -1.f);  // in front of the near plane
          CHECK(ndc.z < 1.f);   // and before the far one
          largest = std::max({largest, std::abs(ndc.x), std::abs(ndc.y)});
        }
        // Tight: some corner comes near the edge of the view (a small margin is intended).
        CHECK(largest > 0.85f);
      }
    }
  }

  TEST_CASE("with a lens shift frame() fits the box into the part of the view a side panel leaves") {
    // lens_shift_x = s puts the target at NDC x = s, the middle of [-1 + 2s, 1]: the part right of a
    // panel covering [-1, -1 + 2s]. A box wider than it is tall must then fit that narrower part.
    Bounds wide;
    wide.extend(glm::vec3(-1.5f, -0.3f, -0.3f));
    wide.extend(glm::vec3(1.5f, 0.3f, 0.3f));
    for (float shift : {0.f, 0.15f, 0.3f}) {
      for (float aspect : {1.f, 16.f / 9.f}) {
        CAPTURE(shift);
        CAPTURE(aspect);
        OrbitCamera camera;
        camera.lens_shift_x = shift;
        camera.set_view({0.f, 8.f}, false);
        camera.frame(wide, aspect);
        CHECK(project(camera, aspect, camera.target()).x == doctest::Approx(shift));
        float left = 1.f, right = -1.f;
        for (const glm::vec3& corner : corners(wide)) {
          const glm::vec3 ndc = project(camera, aspect, corner);
          left = std::min(left, ndc.x);
          right = std::max(right, ndc.x);
        }
        CHECK(left >= -1.f + 2.f * shift);
        CHECK(right <= 1.f);
        CHECK(right > 0.85f);  // still tight
      }
    }
  }

  TEST_CASE("zoom keeps the point under the cursor with a lens shift") {
    const float aspect = 1.6f;
    OrbitCamera camera = framed({20, 10}, aspect);
    camera.lens_shift_x = 0.25f;
    const glm::vec2 cursor{0.6f, -0.2f};
    const Ray ray = camera.ray_through(cursor, aspect);
    const glm::vec3 point =
        ray.origin + ray.direction * (camera.distance() / glm::dot(ray.direction, camera.forward()));
    camera.zoom(2.f, cursor, aspect);
    const glm::vec3 after = project(camera, aspect, point);
    CHECK(after.x == doctest::Approx(cursor.x).epsilon(2e-3));
    CHECK(after.y == doctest::Approx(cursor.y).epsilon(2e-3));
  }

  TEST_CASE("orbit changes yaw with horizontal drags and clamps pitch at ±89") {
    OrbitCamera camera = framed({0, 8}, 1.f);
    const float per_pixel = camera.orbit_deg_per_pixel;
    camera.orbit({10.f, 0.f});
    CHECK(std::abs(camera.angles().yaw_deg) == doctest::Approx(10.f * per_pixel));
    CHECK(camera.angles().pitch_deg == doctest::Approx(8.f));
    const glm::vec3 target = camera.target();
    const float distance = camera.distance();
    camera.orbit({0.f, 10000.f});
    CHECK(camera.angles().pitch_deg == doctest::Approx(89.f));
    camera.orbit({0.f, -20000.f});
    CHECK(camera.angles().pitch_deg == doctest::Approx(-89.f));
    // Orbiting turns around the target without moving it.
    CHECK(close(camera.target(), target));
    CHECK(camera.distance() == doctest::Approx(distance));
    // Yaw stays within [-180, 180] however far one drags.
    camera.orbit({5000.f, 0.f});
    CHECK(std::abs(camera.angles().yaw_deg) <= 180.f);
  }

  TEST_CASE("zoom keeps the point under the cursor under the cursor") {
    const float aspect = 16.f / 9.f;
    for (float steps : {2.f, -1.5f, 0.5f}) {
      for (glm::vec2 cursor : {glm::vec2(0.5f, -0.3f), glm::vec2(-0.8f, 0.6f), glm::vec2(0.f)}) {
        CAPTURE(steps);
        CAPTURE(cursor.x);
        CAPTURE(cursor.y);
        OrbitCamera camera = framed({30, 20}, aspect);
        // The point under the cursor, on the plane through the target that faces the eye.
        const Ray ray = camera.ray_through(cursor, aspect);
        const float along = camera.distance() / glm::dot(ray.direction, camera.forward());
        const glm::vec3 point = ray.origin + ray.direction * along;
        const glm::vec3 before = project(camera, aspect, point);
        REQUIRE(before.x == doctest::Approx(cursor.x).epsilon(1e-3));
        REQUIRE(before.y == doctest::Approx(cursor.y).epsilon(1e-3));
        const float distance = camera.distance();
        camera.zoom(steps, cursor, aspect);
        if (steps > 0)
          CHECK(camera.distance() < distance);
        else
          CHECK(camera.distance() > distance);
        const glm::vec3 after = project(camera, aspect, point);
        CHECK(after.x == doctest::Approx(cursor.x).epsilon(2e-3));
        CHECK(after.y == doctest::Approx(cursor.y).epsilon(2e-3));
      }
    }
  }

  TEST_CASE("zoom clamps to a range around the model's size") {
    const Bounds box = leg_box();
    OrbitCamera camera = framed({0, 8}, 1.f);
    for (int i = 0; i < 100; ++i) camera.zoom(5.f, {0.f, 0.f}, 1.f);
    const float nearest = camera.distance();
    CHECK(nearest > 0.f);
    CHECK(nearest >= box.radius() * 0.02f * 0.999f);
    CHECK(nearest < box.radius() * 0.5f);
    for (int i = 0; i < 100; ++i) camera.zoom(-5.f, {0.f, 0.f}, 1.f);
    const float farthest = camera.distance();
    CHECK(farthest <= box.radius() * 12.f * 1.001f);
    CHECK(farthest > box.radius() * 4.f);
    CHECK(std::isfinite(glm::length(camera.target())));
  }

  TEST_CASE("pan moves the target perpendicular to the view and the scene follows the cursor") {
    const float aspect = 4.f / 3.f, height = 600.f;
    OrbitCamera camera = framed({-30, 25}, aspect);
    const glm::vec3 old_target = camera.target();
    const glm::vec3 forward = camera.forward();
    const float distance = camera.distance();
    camera.pan({40.f, -25.f}, height);
    const glm::vec3 moved = camera.target() - old_target;
    CHECK(glm::length(moved) > 1e-3f);
    CHECK(std::abs(glm::dot(moved, forward)) < 1e-4f);
    CHECK(camera.distance() == doctest::Approx(distance));
    CHECK(close(camera.forward(), forward));
    // The scene follows the cursor: the old target moves 40 px right and 25 px up on screen.
    const glm::vec3 ndc = project(camera, aspect, old_target);
    const float px = ndc.x * 0.5f * height * aspect, py = ndc.y * 0.5f * height;
    CHECK(px == doctest::Approx(40.f).epsilon(0.01));
    CHECK(py == doctest::Approx(25.f).epsilon(0.01));
  }

  TEST_CASE("set_view with animation reaches the goal after transition_seconds") {
    const float aspect = 4.f / 3.f;
    OrbitCamera camera = framed({0, 8}, aspect);
    OrbitCamera direct = framed({0, 8}, aspect);
    direct.set_view({-90, 30}, false);

    camera.set_view({-90, 30}, true);
    // Nothing moves before time passes.
    CHECK(camera.angles().yaw_deg == doctest::Approx(0.f));
    const float half = camera.transition_seconds * 0.5f;
    CHECK(camera.update(half));
    const ViewAngles mid = camera.angles();
    CHECK(mid.yaw_deg < -5.f);
    CHECK(mid.yaw_deg > -85.f);
    CHECK(mid.pitch_deg > 9.f);
    CHECK(mid.pitch_deg < 29.f);
    CHECK(camera.update(half + 1e-3f));
    CHECK(camera.angles().yaw_deg == doctest::Approx(-90.f));
    CHECK(camera.angles().pitch_deg == doctest::Approx(30.f));
    CHECK(camera.distance() == doctest::Approx(direct.distance()));
    CHECK(close(camera.eye(), direct.eye(), 1e-3f));
    // Done: further updates report no transition and change nothing.
    CHECK_FALSE(camera.update(0.1f));
    CHECK(close(camera.eye(), direct.eye(), 1e-3f));
  }

  TEST_CASE("transitions turn the short way round") {
    OrbitCamera camera = framed({170, 8}, 1.f);
    camera.set_view({-170, 8}, true);
    const int steps = 20;
    for (int i = 1; i <= steps; ++i) {
      camera.update(camera.transition_seconds / steps);
      CAPTURE(i);
      CAPTURE(camera.angles().yaw_deg);
      // Through 180 (the back), never through 0 (the front): the eye stays behind the target.
      CHECK(std::cos(glm::radians(camera.angles().yaw_deg)) < -0.98f);
      if (i == steps / 2) CHECK(std::abs(std::abs(camera.angles().yaw_deg) - 180.f) < 1.f);
    }
    CHECK(camera.angles().yaw_deg == doctest::Approx(-170.f));
  }

  TEST_CASE("reset returns to the framed home view") {
    const float aspect = 1.5f;
    OrbitCamera camera = framed({-90, 8}, aspect);
    const glm::vec3 home_eye = camera.eye(), home_target = camera.target();
    const ViewAngles home_angles = camera.angles();
    camera.orbit({120.f, 40.f});
    camera.zoom(3.f, {0.4f, 0.2f}, aspect);
    camera.pan({30.f, 10.f}, 500.f);
    REQUIRE_FALSE(close(camera.eye(), home_eye, 1e-2f));

    camera.reset(false);
    CHECK(close(camera.eye(), home_eye));
    CHECK(close(camera.target(), home_target));
    CHECK(camera.angles() == home_angles);

    camera.orbit({-60.f, 20.f});
    camera.reset(true);
    CHECK_FALSE(close(camera.eye(), home_eye, 1e-2f));
    camera.update(camera.transition_seconds * 1.01f);
    CHECK(close(camera.eye(), home_eye, 1e-3f));
  }

  TEST_CASE("ray_through the centre points along forward() from the eye") {
    for (ViewAngles angles : {ViewAngles{0, 8}, ViewAngles{135, -30}, ViewAngles{-60, 70}}) {
      const OrbitCamera camera = framed(angles, 1.25f);
      const Ray ray = camera.ray_through({0.f, 0.f}, 1.25f);
      CHECK(glm::length(ray.direction) == doctest::Approx(1.f));
      CHECK(glm::dot(ray.direction, camera.forward()) == doctest::Approx(1.f).epsilon(1e-5));
      CHECK(close(ray.origin, camera.eye(), 1e-4f));
      // Off-centre rays go through the point they are for.
      const Ray corner = camera.ray_through({0.7f, -0.4f}, 1.25f);
      const glm::vec3 p = corner.origin + corner.direction * camera.distance();
      const glm::vec3 ndc = project(camera, 1.25f, p);
      CHECK(ndc.x == doctest::Approx(0.7f).epsilon(1e-3));
      CHECK(ndc.y == doctest::Approx(-0.4f).epsilon(1e-3));
    }
  }

}  // TEST_SUITE

TEST_CASE("set_scene keeps the view and lets the depth range hold the wider scene") {
  kneeviz::scene::OrbitCamera camera;
  camera.frame(kneeviz::scene::Bounds{glm::vec3(-0.1f), glm::vec3(0.1f)}, 1.f);
  const glm::vec3 eye = camera.eye();
  // A point 2.5 m behind the small scene, straight ahead: beyond the far plane.
  const glm::vec3 ahead = glm::normalize(glm::vec3(0.f) - eye);
  const glm::vec3 far_point = ahead * 2.5f;
  const auto depth = [&] {
    const glm::vec4 clip = camera.projection(1.f) * camera.view() * glm::vec4(far_point, 1.f);
    return clip.z / clip.w;
  };
  CHECK(depth() > 1.f);
  camera.set_scene(kneeviz::scene::Bounds{glm::vec3(-2.f), glm::vec3(2.f)});
  CHECK(glm::distance(camera.eye(), eye) < 1e-5f);
  CHECK(depth() < 1.f);
}

TEST_CASE("focus_on centres a point and comes to a working distance but never backs away") {
  OrbitCamera camera = framed(ViewAngles{20, 10}, 1.5f);
  const float whole = camera.distance();
  const glm::vec3 point = camera.target() + glm::vec3(0.1f, -0.3f, 0.05f);
  camera.focus_on(point, whole * 0.4f);
  camera.update(camera.transition_seconds * 1.01f);
  CHECK(close(camera.target(), point, 1e-4f));
  CHECK(camera.distance() == doctest::Approx(whole * 0.4f));
  // Already closer than the working distance: it stays as close.
  camera.focus_on(point + glm::vec3(0.02f), whole);
  camera.update(camera.transition_seconds * 1.01f);
  CHECK(camera.distance() == doctest::Approx(whole * 0.4f));
  CHECK(close(camera.target(), point + glm::vec3(0.02f), 1e-4f));
}
