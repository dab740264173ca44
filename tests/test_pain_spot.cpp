// "Where does it hurt?" on the leg: points around the bundled leg's knee map to the right spot.
#include <doctest/doctest.h>

#include "app/pain_spot.h"
#include "scene/loader.h"

using namespace kneeviz;

namespace {
const scene::Model& leg() {
  static const scene::Model model =
      scene::load_model(std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/models/leg.glb");
  return model;
}
glm::vec3 landmark(std::string_view name) {
  return glm::vec3(leg().global_transforms()[leg().find_node(name)][3]);
}
}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("points around the knee map to front and lateral and back and medial") {
    const glm::vec3 knee = landmark("knee-joint-centre");
    const scene::PosedModel straight(leg());
    // The bundled leg is a right leg: lateral is -X, anterior +Z.
    CHECK(app::knee_spot_at(straight, knee + glm::vec3(0.f, 0.02f, 0.06f)) == "front");
    CHECK(app::knee_spot_at(straight, knee + glm::vec3(-0.06f, 0.f, 0.f)) == "lateral");
    CHECK(app::knee_spot_at(straight, knee + glm::vec3(0.06f, -0.03f, 0.f)) == "medial");
    CHECK(app::knee_spot_at(straight, knee + glm::vec3(0.f, 0.f, -0.06f)) == "back");
    // The lateral epicondyle is lateral, the tibial tuberosity in front.
    CHECK(app::knee_spot_at(straight, landmark("lateral-epicondyle")) == "lateral");
    CHECK(app::knee_spot_at(straight, landmark("tibial-tuberosity")) == "front");
    // Far from the knee: no spot.
    CHECK_FALSE(app::knee_spot_at(straight, knee + glm::vec3(0.f, 0.25f, 0.06f)).has_value());
    CHECK_FALSE(app::knee_spot_at(straight, landmark("ankle-joint-centre")).has_value());
  }

}  // TEST_SUITE("cpu")
