// The client turning from one position to the next: the placement between two, and the glide the
// window shows when the position changes.
#include <doctest/doctest.h>

#include <glm/gtc/matrix_transform.hpp>

#include "stage/client_stage.h"
#include "support/doctest_glm.h"

using namespace kneeviz;

namespace {

client::ClientScene client_at(client::Position position, const glm::mat4& placement) {
  client::ClientScene scene;
  scene.position = position;
  scene.placement = placement;
  for (const char* name : {"table", "bolster-knee", "client-pelvis"}) {
    scene::Mesh prop;
    prop.name = name;
    scene.props.push_back(prop);
  }
  return scene;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("a placement between two turns the rotation and moves the position with a lift at the middle") {
    const glm::mat4 a = glm::translate(glm::mat4(1.f), {0.f, 0.8f, 0.f});
    const glm::mat4 b = glm::translate(glm::mat4(1.f), {1.f, 0.8f, 0.f}) *
                        glm::rotate(glm::mat4(1.f), glm::pi<float>(), {1.f, 0.f, 0.f});
    CHECK(client::placement_between(a, b, 0.f, 0.3f)[3].x == doctest::Approx(0.f));
    const glm::mat4 end = client::placement_between(a, b, 1.f, 0.3f);
    CHECK(end[3].y == doctest::Approx(0.8f));
    CHECK(glm::dot(glm::vec3(end[1]), glm::vec3(b[1])) == doctest::Approx(1.f));
    const glm::mat4 middle = client::placement_between(a, b, 0.5f, 0.3f);
    CHECK(middle[3].x == doctest::Approx(0.5f));
    CHECK(middle[3].y == doctest::Approx(1.1f));  // lifted clear of the table
    // Half the half-turn: the model's up (+Y) now points along Z, a quarter turn from either end.
    CHECK(std::abs(glm::dot(glm::vec3(middle[1]), glm::vec3(0.f, 1.f, 0.f))) < 1e-4f);
    CHECK(glm::length(glm::vec3(middle[0])) == doctest::Approx(1.f));  // rigid: no scale creeps in
  }

  TEST_CASE("the window glides the leg into a new position over a second and shows a knee change at once") {
    client::StageGlide glide;
    const client::ClientScene supine =
        client_at(client::Position::supine, glm::translate(glm::mat4(1.f), {0.f, 0.8f, 0.f}));
    const client::ClientScene& first = glide.show(supine, 10.0);
    CHECK(&first == &supine);  // the first stage is shown as it is
    CHECK_FALSE(glide.moving());

    // The same position with another placement (the knee bent on its bolster): at once.
    const client::ClientScene bent =
        client_at(client::Position::supine, glm::translate(glm::mat4(1.f), {0.f, 0.82f, 0.f}));
    CHECK(&glide.show(bent, 10.1) == &bent);

    // Prone: the turn starts where the leg lay and ends where prone lays it.
    client::ClientScene prone = client_at(client::Position::prone,
                                          glm::translate(glm::mat4(1.f), {0.f, 0.78f, 0.f}) *
                                              glm::rotate(glm::mat4(1.f), glm::pi<float>(), {0.f, 0.f, 1.f}));
    prone.pose = {10.f, 4.f};
    const client::ClientScene& start = glide.show(prone, 11.0);
    CHECK(glide.moving());
    CHECK(start.placement[3].y == doctest::Approx(0.82f));
    CHECK(start.props.size() == 1);  // the table stays; supports and the client come with the leg
    CHECK(start.props[0].name == "table");
    const client::ClientScene& middle = glide.show(prone, 11.5);
    CHECK(middle.placement[3].y == doctest::Approx(0.80f + client::StageGlide::kLiftM).epsilon(0.01));
    CHECK(middle.position == client::Position::prone);
    CHECK(middle.pose.hip_flexion_deg == doctest::Approx(4.f));  // turning, the leg has the hip it lands with
    const client::ClientScene& landed = glide.show(prone, 11.0 + client::StageGlide::kSeconds);
    CHECK(&landed == &prone);
    CHECK_FALSE(glide.moving());
  }

}  // TEST_SUITE
