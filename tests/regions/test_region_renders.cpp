// Region highlighting, layers and picking, seen in headless renders of the bundled leg: a
// highlighted group changes the part of the image where it lies, toward its own colour, through
// opaque and translucent skin; peeling the skin shows the muscles; a pick at a known pixel returns
// the structure there. Every render is written to <build>/tests/renders/regions-*.png.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "regions/region_renders.h"
#include "support/doctest_glm.h"

using namespace kneeviz;
using test::LegRenderer;

namespace {

std::string opacity_name(float skin) {
  return skin >= 1.f ? "skin" : "skin-0.3";
}

// Styles for the leg with the skin at this opacity and these groups highlighted.
std::vector<scene::MeshStyle> styles_for(float skin, std::initializer_list<const char*> groups) {
  const auto view = test::leg_view();
  view->apply_layer_spec("skin=" + std::to_string(skin));
  for (const char* group : groups) REQUIRE_MESSAGE(view->set_highlighted(group, true), group);
  auto styles = view->styles();
  // These tests look at where the highlight colour and outline go; dimming the rest changes pixels
  // everywhere and has its own test below.
  for (auto& style : styles) style.dim = 0.f;
  return styles;
}

struct GroupRender {
  render::Image before, after;
  test::Change change;
  test::Extent leg;
  // Of the changed pixels, the share in the thigh's band of rows: from the top of the leg down to
  // the knee joint line plus 5 % of the leg's height (the tendons insert just below the joint).
  double share_in_thigh = 0.0;
};

GroupRender render_group(const std::string& group, const std::string& view, float skin) {
  const test::Shot shot{view};
  const std::string name = view + "-" + opacity_name(skin);
  GroupRender r;
  r.before = LegRenderer::instance().draw(shot, styles_for(skin, {}), name);
  r.after = LegRenderer::instance().draw(shot, styles_for(skin, {group.c_str()}), name + "-" + group);
  r.change = test::changed_pixels(r.before, r.after);
  r.leg = test::leg_extent(r.before);
  const float knee_row =
      test::project(test::snapshot_camera(shot), shot.size, test::landmark("knee-joint-centre")).y;
  const float thigh_end = knee_row + 0.05f * float(r.leg.max.y - r.leg.min.y);
  int in_thigh = 0;
  for (const glm::ivec2 p : r.change.pixels) in_thigh += float(p.y) < thigh_end;
  if (r.change.count) r.share_in_thigh = double(in_thigh) / double(r.change.count);
  MESSAGE(group << " from " << view << ", " << opacity_name(skin) << ": " << r.change.count << " changed of "
                << r.leg.pixels << " leg pixels, " << r.share_in_thigh * 100.0 << "% above row " << thigh_end
                << " (knee " << knee_row << "); mean colour " << r.change.mean_before << " -> "
                << r.change.mean_after);
  return r;
}

// Changed pixels within `radius` of a point.
int changed_near(const test::Change& change, glm::vec2 point, float radius) {
  int count = 0;
  for (const glm::ivec2 p : change.pixels) count += glm::distance(glm::vec2(p), point) < radius;
  return count;
}

}  // namespace

TEST_SUITE("gl") {
  TEST_CASE("the test camera is the one render_snapshot uses") {
    // The picks and projected points below rely on it: the same image from both paths (time 0).
    test::Shot shot{"anterior"};
    shot.time_seconds = 0.f;
    const auto styles = styles_for(1.f, {"quadriceps"});
    const render::Image mine = LegRenderer::instance().draw(shot, styles, "camera-check");
    const render::Image theirs = LegRenderer::instance().snapshot(shot, styles);
    CHECK(test::changed_pixels(mine, theirs, 3).count == 0);
  }

  TEST_CASE("highlighting a group fades the other structures back") {
    const test::Shot shot{"anterior"};
    const auto view = test::leg_view();
    view->apply_layer_spec("skin=0");
    const render::Image before = LegRenderer::instance().draw(shot, view->styles(), "dim-before");
    REQUIRE(view->set_highlighted("lymphatic", true));
    const render::Image after = LegRenderer::instance().draw(shot, view->styles(), "dim-after");
    // The shank's muscles are not lymphatic: they go darker and greyer.
    int darker = 0, redder = 0, compared = 0;
    for (int y = before.size.y * 6 / 10; y < before.size.y * 9 / 10; ++y)
      for (int x = 0; x < before.size.x; ++x) {
        const glm::u8vec4 b = before.pixel(x, y), a = after.pixel(x, y);
        if (!test::reddish(b)) continue;
        ++compared;
        darker += int(a.r) + 30 < int(b.r);
        redder += int(a.r) > int(b.r) + 10;
      }
    REQUIRE(compared > 200);
    CHECK(darker > compared / 2);
    CHECK(redder == 0);
  }

  TEST_CASE("highlighting quadriceps turns the front of the thigh blue in the anterior view") {
    for (const float skin : {1.f, 0.3f}) {
      CAPTURE(skin);
      const GroupRender r = render_group("quadriceps", "anterior", skin);
      REQUIRE(r.leg.pixels > 10000);
      // With the skin opaque only the x-ray outline and nothing else shows: still visible.
      CHECK(r.change.count > r.leg.pixels / 50);
      CHECK(r.share_in_thigh > 0.85);
      const glm::dvec3 b = r.change.mean_before, a = r.change.mean_after;
      CHECK(a.b - a.r > b.b - b.r + 40.0);  // #0072b2: blue rises against red
    }
  }

  TEST_CASE("highlighting hamstrings turns the back of the thigh orange in the posterior view") {
    for (const float skin : {1.f, 0.3f}) {
      CAPTURE(skin);
      const GroupRender r = render_group("hamstrings", "posterior", skin);
      CHECK(r.change.count > r.leg.pixels / 50);
      CHECK(r.share_in_thigh > 0.85);
      const glm::dvec3 b = r.change.mean_before, a = r.change.mean_after;
      CHECK(a.r - a.b > b.r - b.b + 30.0);  // #d55e00: red rises against blue...
      CHECK(a.r > a.g * 1.5);               // ...and stays well above green: orange, not yellow
    }
  }

  TEST_CASE("highlighting the IT band turns the side of the thigh yellow in the lateral view") {
    for (const float skin : {1.f, 0.3f}) {
      CAPTURE(skin);
      const GroupRender r = render_group("it-band", "lateral", skin);
      CHECK(r.change.count > r.leg.pixels / 80);
      CHECK(r.share_in_thigh > 0.85);
      const glm::dvec3 b = r.change.mean_before, a = r.change.mean_after;
      // #f0e442: red and green high, blue low; green rises most.
      CHECK(a.g - a.b > b.g - b.b + 30.0);
      CHECK(a.r > a.b + 60.0);
      CHECK(a.g > a.b + 60.0);
    }
  }

  // Each node group on the side of the limb where it lies: the groin from the front, the back of
  // the knee from behind (a highlight shows where the structure lies on the side the camera sees;
  // from behind, the buttock covers the groin).
  TEST_CASE("highlighting the lymphatics lights the groin and the back of the knee in green") {
    const test::Shot front{"anterior"}, back{"posterior"};
    const glm::vec2 groin =
        test::project(test::snapshot_camera(front), front.size, test::mesh_centre("inguinal-nodes"));
    const glm::vec2 knee =
        test::project(test::snapshot_camera(back), back.size, test::mesh_centre("popliteal-nodes"));
    const glm::vec2 kneeFromFront =
        test::project(test::snapshot_camera(front), front.size, test::mesh_centre("popliteal-nodes"));
    CAPTURE(groin);
    CAPTURE(knee);
    REQUIRE(kneeFromFront.y >
            groin.y + 60.f);  // the projections make sense: the knee is well below the groin
    for (const float skin : {1.f, 0.3f}) {
      CAPTURE(skin);
      const GroupRender fromFront = render_group("lymphatic", "anterior", skin);
      const GroupRender fromBehind = render_group("lymphatic", "posterior", skin);
      CHECK(fromFront.change.count > 150);
      CHECK(fromBehind.change.count > 150);
      CHECK(changed_near(fromFront.change, groin, 20.f) > 15);
      CHECK(changed_near(fromBehind.change, knee, 15.f) > 15);
      for (const GroupRender* r : {&fromFront, &fromBehind}) {
        const glm::dvec3 b = r->change.mean_before, a = r->change.mean_after;
        CHECK(a.g - a.r > b.g - b.r + 30.0);  // #009e73: green rises against red
      }
    }
  }

  TEST_CASE("the lymph flows: the vessels change over time and the flow adds to the highlight") {
    const test::Shot shot{"posterior"};
    auto styles = styles_for(0.3f, {"lymphatic"});
    test::Shot later = shot;
    // One whole pulse period later: the pulse is the same, the beads have risen 8 cm (1.14 spacings).
    later.time_seconds = shot.time_seconds + 1.6f;
    const render::Image now = LegRenderer::instance().draw(shot, styles, "posterior-skin-0.3-lymphatic-t0.4");
    const render::Image then =
        LegRenderer::instance().draw(later, styles, "posterior-skin-0.3-lymphatic-t2.0");
    CHECK(test::changed_pixels(now, then, 30).count > 50);
    // The same time without the flow: the beads are what differ.
    for (scene::MeshStyle& style : styles) style.lymph_flow = false;
    const render::Image still =
        LegRenderer::instance().draw(shot, styles, "posterior-skin-0.3-lymphatic-no-flow");
    const test::Change beads = test::changed_pixels(still, now, 30);
    CHECK(beads.count > 50);
    CHECK(beads.mean_after.g > beads.mean_before.g);  // beads are brighter, greenish
  }

  TEST_CASE("close-up of the back of the knee: lymph beads rise along the vessels toward the nodes") {
    // The camera of the posterior view, moved in on the popliteal nodes (whole leg: 1 px ~ 3 mm;
    // here about 1 mm).
    test::Shot shot{"posterior"};
    shot.size = {360, 450};
    scene::OrbitCamera camera = test::snapshot_camera(shot);
    const glm::vec3 nodes = test::mesh_centre("popliteal-nodes");
    scene::Bounds around;
    around.extend(nodes - glm::vec3(0.1f, 0.2f, 0.1f));
    around.extend(nodes + glm::vec3(0.1f, 0.1f, 0.1f));
    camera.look_at(around);
    camera.update(10.f);  // finish the move
    const glm::vec2 node_pixel = test::project(camera, shot.size, nodes);
    const float px_per_cm = test::project(camera, shot.size, nodes).y -
                            test::project(camera, shot.size, nodes + glm::vec3(0.f, 0.01f, 0.f)).y;
    CAPTURE(node_pixel);
    CAPTURE(px_per_cm);
    REQUIRE(px_per_cm > 5.f);

    auto flowing = styles_for(0.3f, {"lymphatic"});
    auto still = flowing;
    for (scene::MeshStyle& style : still) style.lymph_flow = false;
    // Where the beads are at a time: what the flow adds to the same frame without it.
    const auto beads_at = [&](float t, const std::string& name) {
      test::Shot at = shot;
      at.time_seconds = t;
      const render::Image with =
          LegRenderer::instance().draw_with(camera, at, flowing, "knee-closeup-lymph-" + name);
      const render::Image without =
          LegRenderer::instance().draw_with(camera, at, still, "knee-closeup-lymph-" + name + "-no-flow");
      return test::changed_pixels(without, with, 30);
    };
    const test::Change a = beads_at(0.4f, "t0.4");
    const test::Change b = beads_at(0.6f, "t0.6");  // 0.2 s later: the lymph has risen 1 cm
    CHECK(a.count > 300);
    CHECK(b.count > 300);
    CHECK(a.mean_after.g > a.mean_before.g + 20.0);  // the beads are bright green-white
    CHECK(changed_near(a, node_pixel, 60.f) > 20);   // ...on the vessels by the nodes

    // The beads of the later frame match the earlier ones moved up by 1 cm far better than moved
    // down: the flow runs up the leg, toward the nodes that drain it.
    std::vector<char> later(std::size_t(shot.size.x * shot.size.y), 0);
    for (const glm::ivec2 p : b.pixels) later[std::size_t(p.y * shot.size.x + p.x)] = 1;
    const auto overlap = [&](int dy) {
      int hits = 0;
      for (const glm::ivec2 p : a.pixels) {
        const int y = p.y + dy;
        if (y >= 0 && y < shot.size.y) hits += later[std::size_t(y * shot.size.x + p.x)];
      }
      return hits;
    };
    const int shift = int(std::round(px_per_cm));
    const int up = overlap(-shift), down = overlap(shift);
    CAPTURE(up);
    CAPTURE(down);
    CHECK(up > down * 3 / 2);
    CHECK(up > a.count / 4);
  }

  TEST_CASE("two groups highlight in clearly different colours") {
    const GroupRender quadriceps = render_group("quadriceps", "anterior", 0.3f);
    const GroupRender hamstrings = render_group("hamstrings", "posterior", 0.3f);
    const glm::dvec3 q = quadriceps.change.mean_after, h = hamstrings.change.mean_after;
    CAPTURE(q);
    CAPTURE(h);
    CHECK(glm::distance(q, h) > 80.0);
    CHECK(q.b > h.b + 40.0);
    CHECK(h.r > q.r + 40.0);
    // Both at once, each in its own colour in the same image (lateral: both show from the side).
    const test::Shot side{"lateral"};
    const render::Image none = LegRenderer::instance().draw(side, styles_for(0.3f, {}), "lateral-skin-0.3");
    const render::Image both = LegRenderer::instance().draw(
        side, styles_for(0.3f, {"quadriceps", "hamstrings"}), "lateral-skin-0.3-quadriceps-hamstrings");
    int blue = 0, orange = 0;
    for (const glm::ivec2 p : test::changed_pixels(none, both).pixels) {
      const glm::u8vec4 c = both.pixel(p.x, p.y);
      blue += c.b > c.r + 30;
      orange += c.r > c.b + 60 && c.r > c.g + 30;
    }
    CAPTURE(blue);
    CAPTURE(orange);
    CHECK(blue > 300);
    CHECK(orange > 300);
  }

  TEST_CASE("with the skin opaque every group reads in its best view: filled and outlined") {
    // The picture `kneeviz render --highlight GROUP --view VIEW --size 600x800` draws; a change
    // counts when it is visible (R+G+B differ by more than 60).
    struct Best {
      const char* group;
      const char* view;
      double min_share;  // of the whole picture
    };
    for (const Best best : {Best{"quadriceps", "anterior", 0.02}, Best{"hamstrings", "posterior", 0.02},
                            Best{"it-band", "lateral", 0.015}, Best{"adductors", "medial", 0.02},
                            Best{"calf", "posterior", 0.02}, Best{"lymphatic", "anterior", 0.01},
                            Best{"bones", "anterior", 0.01}}) {
      const std::string group = best.group;
      CAPTURE(group);
      test::Shot shot{best.view};
      shot.size = {600, 800};
      const std::string name = std::string("best-") + best.view;
      const render::Image before = LegRenderer::instance().draw(shot, styles_for(1.f, {}), name);
      const render::Image after =
          LegRenderer::instance().draw(shot, styles_for(1.f, {best.group}), name + "-" + best.group);
      const test::Change change = test::changed_pixels(before, after, 60);
      const double share = double(change.count) / double(shot.size.x * shot.size.y);
      MESSAGE(group << " from " << std::string(best.view) << ": " << share * 100.0
                    << "% of the picture changed");
      CHECK(share > best.min_share);
    }
  }

  TEST_CASE("a highlighted structure on the far side of the limb marks nothing on the near side") {
    // The hamstrings lie behind the femur and the quadriceps: from the front, with the skin opaque,
    // they leave the middle of the thigh untouched, while from behind they fill it.
    const auto middle_of_thigh = [](const render::Image& image, const test::Change& change) {
      const test::Extent leg = test::leg_extent(image);
      const int top = leg.min.y + (leg.max.y - leg.min.y) * 15 / 100;
      const int bottom = leg.min.y + (leg.max.y - leg.min.y) * 40 / 100;
      int count = 0;
      for (const glm::ivec2 p : change.pixels) {
        if (p.y < top || p.y > bottom) continue;
        int left = image.size.x, right = 0;  // the leg's extent on this row
        for (int x = 0; x < image.size.x; ++x)
          if (std::max({image.pixel(x, p.y).r, image.pixel(x, p.y).g, image.pixel(x, p.y).b}) >= 16) {
            left = std::min(left, x);
            right = std::max(right, x);
          }
        const int quarter = (right - left) / 4;
        count += p.x > left + quarter && p.x < right - quarter;
      }
      return count;
    };
    const GroupRender front = render_group("hamstrings", "anterior", 1.f);
    const GroupRender back = render_group("hamstrings", "posterior", 1.f);
    const int front_middle = middle_of_thigh(front.before, front.change);
    const int back_middle = middle_of_thigh(back.before, back.change);
    CAPTURE(front_middle);
    CAPTURE(back_middle);
    CHECK(back_middle > 500);
    CHECK(front_middle == 0);

    // The popliteal nodes behind the knee leave the kneecap clean in the front view.
    const test::Shot shot{"anterior"};
    const glm::vec2 kneecap = test::project(test::snapshot_camera(shot), shot.size,
                                            test::mesh_centre("patella", glm::vec3(0, 0, 1)));
    const GroupRender lymph = render_group("lymphatic", "anterior", 1.f);
    CAPTURE(kneecap);
    CHECK(changed_near(lymph.change, kneecap, 10.f) == 0);
  }

  TEST_CASE("skin=0 reveals the muscles") {
    const test::Shot shot{"anterior"};
    const auto view = test::leg_view();
    const render::Image with_skin = LegRenderer::instance().draw(shot, view->styles(), "anterior-default");
    view->apply_layer_spec("skin=0");
    const render::Image without = LegRenderer::instance().draw(shot, view->styles(), "anterior-skin-0");
    const auto red_share = [](const render::Image& image) {
      int red = 0, leg = 0;
      for (int y = 0; y < image.size.y; ++y)
        for (int x = 0; x < image.size.x; ++x) {
          const glm::u8vec4 p = image.pixel(x, y);
          if (std::max({p.r, p.g, p.b}) < 16) continue;
          ++leg;
          red += test::reddish(p);
        }
      return leg ? double(red) / double(leg) : 0.0;
    };
    const double before = red_share(with_skin), after = red_share(without);
    CAPTURE(before);
    CAPTURE(after);
    CHECK(before < 0.05);
    CHECK(after > 0.3);
    CHECK(after > before * 5.0);
  }

  TEST_CASE("picking returns the skin and then the quadriceps through translucent or hidden skin") {
    const test::Shot shot{"anterior"};
    const scene::OrbitCamera camera = test::snapshot_camera(shot);
    const auto pixel_of = [&](glm::vec3 world) {
      const glm::ivec2 pixel = glm::ivec2(glm::round(test::project(camera, shot.size, world)));
      REQUIRE(pixel.x > 0);
      REQUIRE(pixel.y > 0);
      REQUIRE(pixel.x < shot.size.x);
      REQUIRE(pixel.y < shot.size.y);
      return pixel;
    };
    const glm::vec3 forward(0.f, 0.f, 1.f);
    // The middle of the front face of rectus femoris; the front of the femur's mid-shaft, deep under
    // the quadriceps; the knee-joint-centre landmark pushed 5 cm forward, onto the patellar tendon.
    const glm::ivec2 rectus = pixel_of(test::mesh_centre("rectus-femoris", forward, {0.3f, 0.7f}));
    const glm::ivec2 shaft = pixel_of(test::mesh_centre("femur", forward, {0.35f, 0.65f}));
    const glm::ivec2 knee = pixel_of(test::landmark("knee-joint-centre") + glm::vec3(0.f, 0.f, 0.05f));
    CAPTURE(rectus);
    CAPTURE(shaft);
    CAPTURE(knee);

    const auto view = test::leg_view();
    // The structure picked at a pixel with every layer at full opacity, then `spec` applied.
    const auto picked = [&](glm::ivec2 pixel, const std::string& spec) -> std::string {
      view->apply_layer_spec("skin=1,muscles=1,it-band=1,bones=1,lymphatic=1," + spec);
      const std::optional<std::size_t> mesh = LegRenderer::instance().pick(shot, view->styles(), pixel);
      if (!mesh) return "(nothing)";
      const anatomy::Structure* structure = view->structure_of_mesh(*mesh);
      return structure ? structure->id : "(unmapped mesh)";
    };
    const auto group_of = [&](const std::string& id) -> std::string {
      const anatomy::RegionGroup* group = view->catalogue().group_of(id);
      return group ? group->id : "(none)";
    };

    CHECK(picked(rectus, "skin=1") == "skin");
    const std::string translucent = picked(rectus, "skin=0.3");
    CHECK(translucent == "rectus-femoris");
    const std::string hidden = picked(rectus, "skin=0");
    CHECK(hidden == "rectus-femoris");
    // Skin above half opacity still stops the pick; below it does not.
    CHECK(picked(rectus, "skin=0.6") == "skin");
    CHECK(picked(rectus, "skin=0.45") == "rectus-femoris");

    // Over the femur's shaft the muscles are in front; picking skips hidden layers and reaches it.
    const std::string over_shaft = picked(shaft, "skin=0.3");
    CAPTURE(over_shaft);
    CHECK(group_of(over_shaft) == "quadriceps");
    CHECK(picked(shaft, "skin=0.3,muscles=0") == "femur");
    CHECK(picked(shaft, "skin=0,muscles=0.3") == "femur");  // faint muscles are seen through too
    // ... and skips a hidden structure in a shown layer.
    view->set_structure_hidden(over_shaft, true);
    const std::string behind = picked(shaft, "skin=0");
    CAPTURE(behind);
    CHECK(behind != over_shaft);
    CHECK(behind != "(nothing)");
    view->show_all();

    const std::string at_knee = picked(knee, "skin=0");
    CAPTURE(at_knee);
    CHECK(picked(knee, "skin=1") == "skin");
    CHECK((at_knee == "patellar-tendon" || at_knee == "patella"));

    // Over the background: nothing, whatever is shown.
    CHECK(picked({3, 3}, "skin=1") == "(nothing)");
    CHECK(picked({shot.size.x - 4, shot.size.y / 2}, "skin=0") == "(nothing)");
  }

}  // TEST_SUITE("gl")
