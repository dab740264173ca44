// The view that follows the work (stage/work_camera.h), measured on the bundled leg and the shipped
// lymphatic drainage, whose phases run from the groin down to the ankle: each phase framed with
// the working hand inside the picture and large enough to read, the angles kept, no move between
// phases that need none, and none at all once the user has taken the camera.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "anatomy/region_view.h"
#include "app/assets.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "stage/work_camera.h"
#include "technique_paths/leg_fixture.h"

using namespace kneeviz;

namespace {

// The bundled leg, loaded once (the technique tests' fixture).
const scene::Model& leg() {
  return technique::testing::leg();
}

const technique::Technique& shipped(const std::string& id) {
  static const std::vector<technique::Technique> techniques =
      app::load_shipped_techniques(anatomy::RegionCatalogue::builtin());
  for (const technique::Technique& t : techniques)
    if (t.id == id) return t;
  FAIL("no shipped technique " << id);
  return techniques.front();
}

constexpr float kAspect = 16.f / 9.f;

// The same direction, whichever way round the angle was counted (-180 is 180).
bool same_yaw(float a, float b) {
  return std::abs(std::remainder(a - b, 360.f)) < 0.01f;
}

// The share of the working (right) hand's vertices inside the picture, and the share of the
// picture's height its box spans.
struct HandOnScreen {
  double inside = 0.0;
  float height = 0.f;
};
HandOnScreen hand_on_screen(const scene::OrbitCamera& camera, const scene::Mesh& hand,
                            const glm::mat4& to_room) {
  const glm::mat4 view_projection = camera.projection(kAspect) * camera.view();
  int inside = 0;
  float lo = 2.f, hi = -2.f;
  for (const scene::Vertex& v : hand.vertices) {
    const glm::vec4 clip = view_projection * to_room * glm::vec4(v.position, 1.f);
    const glm::vec2 ndc = glm::vec2(clip) / clip.w;
    inside += clip.w > 0.f && glm::all(glm::lessThanEqual(glm::abs(ndc), glm::vec2(1.f)));
    lo = std::min(lo, ndc.y);
    hi = std::max(hi, ndc.y);
  }
  return {double(inside) / double(std::max<std::size_t>(hand.vertices.size(), 1)), (hi - lo) / 2.f};
}

struct Follower {
  stage::TechniquePlayer player{leg()};
  client::StageKeeper stages{leg()};
  scene::OrbitCamera camera;
  stage::WorkCamera work;

  const client::ClientScene& stage() {
    const technique::Technique* t = player.current();
    const client::Position position = stage::position_for(std::nullopt, t);
    return stages.at(position, stage::supports_for(position, t), player.update());
  }
  // Plays to `time` and lets the camera do what the window would, to the end of any glide.
  void play_to(double time) {
    player.playback().scrub(time);
    const int phase = player.timeline()->phase_at(player.playback().time());
    if (work.needs_framing(phase)) {
      // The hands posed at this moment first (stage() updates the player), then the area they span.
      const glm::mat4 placement = stage().placement;
      work.frame(camera, phase, stage::phase_area(player).transformed(placement));
    }
    camera.update(stage::WorkCamera::kGlideSeconds + 1.f);
  }
};

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("following a technique frames each phase with the working hand in the picture") {
    // Lymphatic drainage runs from the groin to the lower leg; the IT band release works with the
    // forearm, which must stay in the picture too.
    for (const std::string id : {"lymphatic-drainage", "it-band-release"}) {
      CAPTURE(id);
      Follower f;
      f.player.choose(shipped(id));
      const client::ClientScene& opening = f.stage();
      REQUIRE(opening.position != client::Position::anatomical);
      f.camera.set_view(opening.therapist_view, false);
      f.camera.frame(client::room_bounds(leg(), {f.player.update()}, opening), kAspect);
      f.work.follow(opening.therapist_view);

      std::vector<glm::vec3> targets;
      for (const technique::PhaseSpan& span : f.player.timeline()->phase_spans()) {
        if (span.technique_repetition > 0) continue;
        CAPTURE(span.phase);
        // Halfway through the phase, the camera settled on it.
        f.play_to(0.5 * (span.start + span.end));
        const HandOnScreen hand = hand_on_screen(f.camera, f.player.props().front(), f.stage().placement);
        MESSAGE(id << " phase " << span.phase << ": " << hand.inside * 100.0
                   << "% of the hand in the picture, " << hand.height * 100.f << "% of its height; camera "
                   << f.camera.distance() << " m away");
        CHECK(hand.inside > 0.97);
        CHECK(hand.height > 0.12f);  // large enough to read on a projector
        // The angles are the therapist's throughout: the leg stays the way up it was.
        CHECK(same_yaw(f.camera.angles().yaw_deg, opening.therapist_view.yaw_deg));
        CHECK(f.camera.angles().pitch_deg ==
              doctest::Approx(opening.therapist_view.pitch_deg).epsilon(0.001));
        targets.push_back(f.camera.target());
      }
      REQUIRE(targets.size() >= 2);
      // From the groin to the knee and the lower leg the view travelled a good part of the leg.
      if (id == "lymphatic-drainage") CHECK(glm::distance(targets.front(), targets.back()) > 0.3f);
    }
  }

  TEST_CASE(
      "on the table each technique is watched from above the side its strokes face or from the therapist's") {
    const std::vector<technique::Technique> techniques =
        app::load_shipped_techniques(anatomy::RegionCatalogue::builtin());
    client::StageKeeper stages(leg());
    for (const technique::Technique& t : techniques) {
      CAPTURE(t.id);
      const client::Position position = stage::position_for(std::nullopt, &t);
      REQUIRE(position != client::Position::anatomical);
      const client::ClientScene& stage = stages.at(position, stage::supports_for(position, &t), 0.f);
      const scene::ViewAngles view = stage::working_view(t, stage);
      const float yaw = glm::radians(view.yaw_deg), pitch = glm::radians(view.pitch_deg);
      const glm::vec3 to_eye(std::sin(yaw) * std::cos(pitch), std::sin(pitch),
                             std::cos(yaw) * std::cos(pitch));
      // The leg's medial side (+X on this right leg) in the room.
      const float medial =
          glm::dot(to_eye, glm::normalize(glm::mat3(stage.placement) * glm::vec3(1.f, 0.f, 0.f)));
      MESSAGE(t.id << ": yaw " << view.yaw_deg << ", pitch " << view.pitch_deg << ", toward the medial side "
                   << medial);
      CHECK(view.pitch_deg >= 30.f);  // from above the table, never under its top
      CHECK(view.pitch_deg <= 65.f);
      // The inner thigh faces the other leg: it is seen from the therapist's side, looking well
      // down over the limb, not from across the table with the other leg in the foreground.
      if (t.id == "inner-thigh-glide") {
        CHECK(same_yaw(view.yaw_deg, stage.therapist_view.yaw_deg));
        CHECK(view.pitch_deg >= 60.f);
      }
      if (t.id == "outside-thigh-glide" || t.id == "it-band-release") CHECK(medial < -0.3f);
    }
  }

  TEST_CASE("the user's knee angle lays the technique out again and keeps its time") {
    stage::TechniquePlayer player(leg());
    player.choose(shipped("calf-glide"));
    player.playback().set_speed(1.5f);
    player.playback().scrub(7.0);
    player.playback().play();
    const float own = player.update();
    player.set_knee_flexion(45.f);
    CHECK(player.knee_flexion_override() == 45.f);
    CHECK(player.playback().time() == doctest::Approx(7.0));
    CHECK(player.playback().speed() == 1.5f);
    CHECK(player.playback().playing());
    CHECK(player.update() == doctest::Approx(45.f));
    CHECK_FALSE(player.props().empty());
    player.set_knee_flexion(std::nullopt);  // back to the technique's own
    CHECK(player.update() == doctest::Approx(own));
    player.set_knee_flexion(20.f);
    player.choose(shipped("front-thigh-glide"));  // a new technique starts with its own angles
    CHECK_FALSE(player.knee_flexion_override().has_value());
  }

  TEST_CASE("the vessels and nerves of a caution zone light up while a technique works near it") {
    const anatomy::RegionView regions(leg(), anatomy::RegionCatalogue::builtin());
    const anatomy::RegionGroup* vessels = regions.catalogue().find_group("vessels-nerves");
    REQUIRE(vessels != nullptr);
    auto lit = [&](const std::string& technique_id) {
      stage::TechniquePlayer player(leg());
      player.choose(shipped(technique_id));
      // Lit at some moment of the technique: the middle of each phase.
      std::vector<std::string> ids;
      for (const technique::PhaseSpan& span : player.timeline()->phase_spans()) {
        player.playback().scrub(0.5 * (span.start + span.end));
        std::vector<scene::MeshStyle> styles(leg().meshes.size());
        player.apply_styles(regions, styles);
        for (std::size_t mesh = 0; mesh < styles.size(); ++mesh) {
          const anatomy::Structure* structure = regions.structure_of_mesh(mesh);
          if (!structure || structure->group != "vessels-nerves" || styles[mesh].highlight == 0.f) continue;
          CHECK(styles[mesh].highlight_colour == vessels->colour.srgb());
          if (std::find(ids.begin(), ids.end(), structure->id) == ids.end()) ids.push_back(structure->id);
        }
      }
      std::sort(ids.begin(), ids.end());
      std::vector<std::string> zones;
      for (const clinic::CautionZone* zone : player.zones_near()) zones.push_back(zone->id);
      return std::pair{zones, ids};
    };
    // The calf glide works up to the back of the knee: the fossa's contents, and nothing of the groin.
    const auto [calf_zones, calf_lit] = lit("calf-glide");
    CHECK(calf_zones == std::vector<std::string>{"popliteal-fossa"});
    CHECK(calf_lit == std::vector<std::string>{"common-fibular-nerve", "popliteal-artery", "popliteal-vein",
                                               "tibial-nerve"});
    // The inner thigh glide runs up to the groin.
    const auto [inner_zones, inner_lit] = lit("inner-thigh-glide");
    CHECK(std::find(inner_zones.begin(), inner_zones.end(), "femoral-triangle") != inner_zones.end());
    CHECK(std::find(inner_lit.begin(), inner_lit.end(), "femoral-artery") != inner_lit.end());
    // It comes near the fossa too, on the inner side of the knee: the fossa is shaded, but what
    // lies in it behind the knee is not lit through the leg as if it were under the hand.
    CHECK(std::find(inner_lit.begin(), inner_lit.end(), "popliteal-artery") == inner_lit.end());
    // Lymphatic drainage works on the popliteal nodes from behind: both zones' contents are lit.
    const auto [lymph_zones, lymph_lit] = lit("lymphatic-drainage");
    CHECK(std::find(lymph_lit.begin(), lymph_lit.end(), "popliteal-vein") != lymph_lit.end());
    // ...each only in the phases that work there: the first phase circles on the inguinal nodes.
    stage::TechniquePlayer lymph(leg());
    lymph.choose(shipped("lymphatic-drainage"));
    const technique::PhaseSpan first = lymph.timeline()->phase_spans().front();
    lymph.playback().scrub(0.5 * (first.start + first.end));
    std::vector<scene::MeshStyle> at_groin(leg().meshes.size());
    lymph.apply_styles(regions, at_groin);
    for (std::size_t mesh : regions.meshes_of("popliteal-vein")) CHECK(at_groin[mesh].highlight == 0.f);
    for (std::size_t mesh : regions.meshes_of("femoral-vein")) CHECK(at_groin[mesh].highlight > 0.f);
    // Without a technique no zone is shaded and nothing of them is lit.
    stage::TechniquePlayer idle(leg());
    std::vector<scene::MeshStyle> styles(leg().meshes.size());
    idle.apply_styles(regions, styles);
    CHECK(idle.zones_near().empty());
    for (const scene::MeshStyle& style : styles) CHECK(style.highlight == 0.f);
  }

  TEST_CASE("every new layout of the timeline is counted so that what holds on to it can let go") {
    stage::TechniquePlayer player(leg());
    const std::uint64_t start = player.layouts();
    player.choose(shipped("calf-glide"));
    CHECK(player.layouts() == start + 1);
    player.set_knee_flexion(30.f);  // a practice on the old timeline must end
    CHECK(player.layouts() == start + 2);
    player.playback().scrub(3.0);
    player.update();
    CHECK(player.layouts() == start + 2);  // playing does not lay it out again
    player.choose(std::nullopt);
    CHECK(player.layouts() == start + 3);
  }

  TEST_CASE("a phase on nearly the same stretch of leg leaves the camera still") {
    Follower f;
    f.player.choose(shipped("front-thigh-glide"));
    const client::ClientScene& opening = f.stage();
    f.camera.set_view(opening.therapist_view, false);
    f.camera.frame(client::room_bounds(leg(), {f.player.update()}, opening), kAspect);
    f.work.follow(opening.therapist_view);
    f.play_to(0.5);
    const glm::vec3 target = f.camera.target();
    // The same area again, as a new phase: no move.
    const scene::Bounds area = stage::phase_area(f.player).transformed(f.stage().placement);
    f.work.frame(f.camera, 7, area);
    CHECK_FALSE(f.camera.update(0.01f));
    CHECK(f.camera.target() == target);
  }

  TEST_CASE("once the user takes the camera phases no longer move it and follow() hands it back") {
    Follower f;
    f.player.choose(shipped("lymphatic-drainage"));
    const client::ClientScene& opening = f.stage();
    f.camera.set_view(opening.therapist_view, false);
    f.camera.frame(client::room_bounds(leg(), {f.player.update()}, opening), kAspect);
    f.work.follow(opening.therapist_view);
    const auto& spans = f.player.timeline()->phase_spans();
    f.play_to(spans.front().start + 0.1);
    CHECK(f.work.following());

    f.camera.orbit({120.f, 0.f});  // the user turns the view
    f.work.release();
    const glm::vec3 target = f.camera.target();
    const scene::ViewAngles angles = f.camera.angles();
    f.play_to(spans.back().start + 0.1);  // the last phase, on the lower leg
    CHECK_FALSE(f.work.following());
    CHECK_FALSE(f.work.needs_framing(spans.back().phase));
    CHECK(f.camera.target() == target);
    CHECK(f.camera.angles() == angles);

    f.work.follow(opening.therapist_view);  // F, or the panel's box
    f.play_to(spans.back().start + 0.2);
    CHECK(glm::distance(f.camera.target(), target) > 0.2f);
    CHECK(same_yaw(f.camera.angles().yaw_deg, opening.therapist_view.yaw_deg));
    CHECK(hand_on_screen(f.camera, f.player.props().front(), f.stage().placement).inside > 0.97);
  }
}
