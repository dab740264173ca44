// The scene of a frame composed in one place (stage::compose_scene): the hands moved into the room
// with the client's placement, the stage's props after them, the dents and overlays carried along,
// and what the window leaves out while the client turns or a learner practises.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "anatomy/region_view.h"
#include "client/client_scene.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "support/doctest_glm.h"
#include "technique_paths/leg_fixture.h"

using namespace kneeviz;

namespace {

const technique::Technique& shipped(const std::string& id) {
  const auto& all = technique::testing::shipped_techniques();
  const auto found = std::find_if(all.begin(), all.end(), [&](const auto& t) { return t.id == id; });
  REQUIRE(found != all.end());
  return *found;
}

// A technique played to `seconds` and the client laid as it says.
struct Played {
  stage::TechniquePlayer player{technique::testing::leg()};
  anatomy::RegionView regions{technique::testing::leg(), anatomy::RegionCatalogue::builtin()};
  client::ClientScene stage;
  float knee = 0.f;

  Played(const std::string& id, double seconds) {
    const technique::Technique& t = shipped(id);
    player.choose(t);
    player.playback().scrub(seconds);
    knee = player.update();
    const client::Position position = stage::position_for(std::nullopt, &t);
    stage = client::lay_client(technique::testing::leg(), scene::Pose{knee}, position,
                               stage::supports_for(position, &t));
  }
  stage::StagedScene compose(const stage::Showing& showing = {}) const {
    return stage::compose_scene(player, regions, regions.styles(), stage, knee, showing);
  }
};

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("no technique on the standing leg: no hands and the user's styles as they are") {
    const stage::TechniquePlayer player(technique::testing::leg());
    anatomy::RegionView regions(technique::testing::leg(), anatomy::RegionCatalogue::builtin());
    regions.set_highlighted("quadriceps", true);
    const client::ClientScene standing =
        client::lay_client(technique::testing::leg(), {}, client::Position::anatomical, {});
    const stage::StagedScene staged = stage::compose_scene(player, regions, regions.styles(), standing, 12.f);
    CHECK(staged.props.size() == standing.props.size());
    CHECK(staged.hands == 0);
    CHECK(staged.dents.empty());
    CHECK(staged.strokes.triangles.empty());
    CHECK(staged.zones.triangles.empty());
    CHECK(staged.posed.pose().knee_flexion_deg == doctest::Approx(12.f));
    CHECK(&staged.posed.model() == &technique::testing::leg());
    REQUIRE(staged.styles.size() == regions.styles().size());
    CHECK(std::any_of(staged.styles.begin(), staged.styles.end(),
                      [](const auto& s) { return s.highlight > 0.f; }));
  }

  TEST_CASE(
      "a calf glide on a prone client: both hands and their dents moved into the room beside the table") {
    const Played calf("calf-glide", 3.0);
    REQUIRE(calf.stage.position == client::Position::prone);
    const stage::StagedScene staged = calf.compose();
    REQUIRE(calf.player.props().size() == 2);
    CHECK(staged.hands == 2);
    REQUIRE(staged.props.size() == 2 + calf.stage.props.size());
    CHECK(staged.props[2].name == calf.stage.props[0].name);
    CHECK(staged.posed.pose().hip_flexion_deg == doctest::Approx(calf.stage.pose.hip_flexion_deg));
    CHECK(staged.posed.placement() == calf.stage.placement);
    // The leg posed once, in the room: its nodes moved by the placement.
    REQUIRE(staged.posed.placed_globals().size() == staged.posed.globals().size());
    CHECK(staged.posed.placed_globals().back() == calf.stage.placement * staged.posed.globals().back());
    // Every hand vertex moved by the placement: the model's space and the room differ when prone.
    for (std::size_t hand = 0; hand < 2; ++hand) {
      const scene::Vertex& before = calf.player.props()[hand].vertices.front();
      const glm::vec3 moved = glm::vec3(calf.stage.placement * glm::vec4(before.position, 1.f));
      CHECK(glm::distance(staged.props[hand].vertices.front().position, moved) < 1e-5f);
      CHECK(glm::distance(before.position, moved) > 0.1f);
    }
    REQUIRE(staged.dents.size() == calf.player.dents().size());
    REQUIRE_FALSE(staged.dents.empty());
    CHECK(glm::distance(staged.dents[0].centre,
                        glm::vec3(calf.stage.placement * glm::vec4(calf.player.dents()[0].centre, 1.f))) <
          1e-5f);
    // The technique's targets highlighted over the user's styles.
    CHECK(std::any_of(staged.styles.begin(), staged.styles.end(),
                      [](const auto& s) { return s.highlight > 0.f; }));
    CHECK_FALSE(staged.strokes.triangles.empty());
    // The calf glide passes the back of the knee: its caution zone shaded, in the room too.
    REQUIRE_FALSE(staged.zones.triangles.empty());
    const render::OverlayGeometry& zones = calf.player.zone_overlay();
    REQUIRE(zones.triangles.size() == staged.zones.triangles.size());
    CHECK(glm::distance(staged.zones.triangles[0].position,
                        glm::vec3(calf.stage.placement * glm::vec4(zones.triangles[0].position, 1.f))) <
          1e-5f);

    // The renderer's frame points into the scene: hands contoured, nothing a ghost.
    const scene::OrbitCamera camera;
    const render::Frame frame = staged.frame(camera, {}, 1.f, true);
    CHECK(frame.props.size() == staged.props.size());
    CHECK(frame.contoured_props == 2);
    CHECK(frame.ghost_props == 0);
    CHECK(frame.simplified);
  }

  TEST_CASE("what the window leaves out: the hands while the client turns and the dents and path of ghosts") {
    const Played calf("calf-glide", 3.0);
    const stage::StagedScene away = calf.compose({.hands = false});
    CHECK(away.hands == 0);
    CHECK(away.dents.empty());
    CHECK(away.props.size() == calf.stage.props.size());
    CHECK_FALSE(away.strokes.triangles.empty());  // the stroke stays on the skin

    const stage::StagedScene ghosts = calf.compose({.ghost_hands = true, .strokes = false});
    CHECK(ghosts.hands == 2);
    CHECK(ghosts.dents.empty());  // a ghost presses nothing
    CHECK(ghosts.strokes.triangles.empty());
    CHECK_FALSE(ghosts.zones.triangles.empty());
    const scene::OrbitCamera camera;
    CHECK(ghosts.frame(camera, {}, 0.f).ghost_props == 2);

    render::Snapshot snapshot;
    ghosts.fill(snapshot);
    CHECK(snapshot.props.size() == ghosts.props.size());
    CHECK(snapshot.contoured_props == 2);
    CHECK(snapshot.ghost_props == 2);
    CHECK(snapshot.placement == ghosts.posed.placement());
    CHECK(snapshot.pose.knee_flexion_deg == ghosts.posed.pose().knee_flexion_deg);
    CHECK(snapshot.surface_overlay.triangles.size() == ghosts.zones.triangles.size());
  }

  TEST_CASE("the caution zones are laid once a phase and again for a new layout") {
    Played calf("calf-glide", 3.0);
    const render::OverlayGeometry* first = &calf.player.zone_overlay();
    const std::size_t count = first->triangles.size();
    REQUIRE(count > 0);
    const glm::vec3 at = first->triangles[0].position;
    calf.player.playback().scrub(3.1);  // the same phase: the same zones, not laid again
    CHECK(&calf.player.zone_overlay() == first);
    CHECK(calf.player.zone_overlay().triangles[0].position == at);
    // The knee bent another way lays the technique out again, and the zones with the leg.
    calf.player.set_knee_flexion(60.f);
    calf.player.update();
    REQUIRE(calf.player.zone_overlay().triangles.size() > 0);
    CHECK(glm::distance(calf.player.zone_overlay().triangles[0].position, at) > 1e-3f);
  }
}
