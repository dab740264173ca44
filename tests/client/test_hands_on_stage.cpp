// The hands of a technique on the leg as the client's position draws it: side-lying flexes the hip
// 35 degrees, which moves the skin of the buttock and over the greater trochanter, where the IT
// band release works. The technique must be laid out on that leg, not on the standing one.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "../technique_paths/leg_fixture.h"
#include "app/technique_player.h"
#include "client/client_scene.h"
#include "technique/hands.h"
#include "technique/skin_surface.h"
#include "technique/technique_file.h"

using namespace kneeviz;

namespace {

const technique::Technique& it_band_release() {
  static const std::vector<technique::Technique> techniques =
      technique::load_technique_folder(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets" / "techniques", nullptr);
  const auto found = std::find_if(techniques.begin(), techniques.end(),
                                  [](const technique::Technique& t) { return t.id == "it-band-release"; });
  REQUIRE(found != techniques.end());
  return *found;
}

// The most any resting hand's contact point lies off the skin as drawn, compared with the skin the
// hands were fitted to (the timeline's leg), over the technique sampled every half second: how far
// a hand that sits right on its own leg floats above or sinks into the leg on the screen.
float worst_misfit(const technique::TechniqueTimeline& timeline, const scene::Model& model) {
  const technique::TherapistHands hands;
  client::Supports pillow;
  pillow.pillow = true;
  float worst = 0.f;
  std::map<float, technique::SkinSurface> drawn;  // by knee angle
  for (double t = 0.0; t <= timeline.duration(); t += 0.5) {
    const float knee = timeline.pose_at(t).knee_flexion_deg;
    if (!drawn.count(knee)) {
      const client::ClientScene stage = client::lay_client(model, {knee}, client::Position::side_lying, pillow);
      drawn.emplace(knee, technique::SkinSurface::from_model(model, stage.pose));
    }
    const technique::SkinSurface& own = timeline.frame_at(t).skin();
    const technique::PosedHands posed = hands.pose(timeline, t);
    for (const technique::PosedHand& hand : posed.hands) {
      if (!hand.on_skin) continue;
      const auto on_screen = drawn.at(knee).closest_point(hand.frame.origin);
      const auto fitted = own.closest_point(hand.frame.origin);
      REQUIRE(on_screen);
      REQUIRE(fitted);
      const float depth_on_screen = glm::dot(hand.frame.origin - on_screen->point, on_screen->normal);
      const float depth_fitted = glm::dot(hand.frame.origin - fitted->point, fitted->normal);
      worst = std::max(worst, std::abs(depth_on_screen - depth_fitted));
    }
  }
  return worst;
}

}  // namespace

TEST_SUITE("cpu") {

TEST_CASE("side-lying the IT band release's hands rest on the skin as the flexed hip draws it") {
  const scene::Model& model = technique::testing::leg();
  const technique::Technique& technique = it_band_release();
  REQUIRE(client::position_from_description(technique.client_position) == client::Position::side_lying);
  app::TechniquePlayer player(model);
  player.choose(technique);
  REQUIRE(player.timeline());
  const float laid_out = worst_misfit(*player.timeline(), model);
  // The same technique laid out on the standing leg's hip, for comparison.
  const technique::TechniqueTimeline straight(technique, model);
  const float on_straight = worst_misfit(straight, model);
  MESSAGE("the hands' contact points lie up to " << laid_out * 1000.f << " mm off the drawn skin (laid out with the hip "
          "straight: " << on_straight * 1000.f << " mm)");
  CHECK(laid_out < 0.0005f);
  CHECK(on_straight > 0.002f);
}

}  // TEST_SUITE

