// The client on the treatment table, measured on the bundled leg: where each position lays it, how
// it rests, and that nothing of it passes into the table or a support.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "../technique_paths/leg_fixture.h"
#include "client/client_scene.h"
#include "scene/pose.h"

using namespace kneeviz;
using namespace kneeviz::client;

namespace {

// Every skin vertex of the leg posed and laid in the room.
std::vector<glm::vec3> placed_skin(const ClientScene& stage, float knee_flexion_deg) {
  const scene::Model& model = technique::testing::leg();
  const auto skinning = scene::skinning_matrices(model, scene::posed_globals(model, {knee_flexion_deg}));
  std::vector<glm::vec3> points;
  for (const scene::Mesh& mesh : model.meshes)
    if (mesh.name == "skin")
      for (const scene::Vertex& v : mesh.vertices)
        points.push_back(glm::vec3(stage.placement * glm::vec4(scene::skin_position(v, skinning), 1.f)));
  return points;
}

glm::vec3 landmark(const ClientScene& stage, const char* name, float knee_flexion_deg) {
  const scene::Model& model = technique::testing::leg();
  const int node = model.find_node(name);
  REQUIRE(node >= 0);
  const glm::vec3 p(scene::posed_globals(model, {knee_flexion_deg})[std::size_t(node)][3]);
  return glm::vec3(stage.placement * glm::vec4(p, 1.f));
}

const scene::Mesh* prop(const ClientScene& stage, const std::string& name) {
  for (const scene::Mesh& mesh : stage.props)
    if (mesh.name == name) return &mesh;
  return nullptr;
}

scene::Bounds bounds_of(const scene::Mesh& mesh) {
  scene::Bounds box;
  for (const scene::Vertex& v : mesh.vertices) box.extend(v.position);
  return box;
}

struct Case {
  Position position;
  Supports supports;
  const char* support;  // the support prop that must be there, or nullptr
};

}  // namespace

TEST_CASE("the words of the positions and a technique's description") {
  for (const Position p : kPositions) CHECK(position_from_string(to_string(p)) == p);
  CHECK_FALSE(position_from_string("standing").has_value());
  CHECK(position_from_description("prone, a small cushion under the ankles") == Position::prone);
  CHECK(position_from_description("side-lying on the other side") == Position::side_lying);
  CHECK(position_from_description("supine, or lying on the other side") == Position::supine);
  CHECK_FALSE(position_from_description("seated").has_value());
  CHECK(supports_from_description("prone, a small cushion under the ankles", Position::prone).ankle_cushion);
  CHECK(supports_from_description("supine, a cushion under the knee", Position::supine).knee_bolster);
  CHECK_FALSE(supports_from_description("supine, the leg straight", Position::supine).knee_bolster);
  CHECK(supports_from_description("", Position::side_lying).pillow);
}

TEST_CASE("standing needs no table") {
  const ClientScene stage = lay_client(technique::testing::leg(), {}, Position::anatomical, {});
  CHECK(stage.props.empty());
  CHECK(stage.placement == glm::mat4(1.f));
}

TEST_CASE(
    "each position lays the leg along the table facing its way and resting on the table or its supports") {
  Supports bolster, cushion, pillow;
  bolster.knee_bolster = true;
  cushion.ankle_cushion = true;
  pillow.pillow = true;
  const Case cases[] = {{Position::supine, {}, nullptr},
                        {Position::supine, bolster, "bolster-knee"},
                        {Position::prone, {}, nullptr},
                        {Position::prone, cushion, "cushion-ankles"},
                        {Position::side_lying, pillow, "pillow-knees"}};
  for (const Case& c : cases) {
    const float flexion = resting_knee_flexion(c.position, c.supports);
    INFO(std::string(to_string(c.position)) << (c.support ? std::string(" on ") + c.support : std::string())
                                            << ", knee " << flexion << " degrees");
    const ClientScene stage = lay_client(technique::testing::leg(), {flexion}, c.position, c.supports);
    REQUIRE(prop(stage, "table"));
    CHECK(prop(stage, "client-pelvis"));
    CHECK(prop(stage, "client-other-leg"));
    const std::vector<glm::vec3> skin = placed_skin(stage, flexion);
    REQUIRE(skin.size() > 1000);

    // Along the table, the hip toward the head (-X).
    const glm::vec3 hip = landmark(stage, "hip-joint-centre", flexion);
    const glm::vec3 ankle = landmark(stage, "ankle-joint-centre", flexion);
    const glm::vec3 along = glm::normalize(ankle - hip);
    CHECK(along.x > 0.9f);
    CHECK(hip.x > -kTableLength * 0.5f);

    // Facing: the front of the knee (the patella's side) up when supine, down when prone; the
    // lateral epicondyle up when side-lying.
    const glm::vec3 knee = landmark(stage, "knee-joint-centre", flexion);
    const glm::vec3 front = glm::mat3(stage.placement) * glm::vec3(0.f, 0.f, 1.f);
    const glm::vec3 lateral = landmark(stage, "lateral-epicondyle", flexion) - knee;
    if (c.position == Position::supine) CHECK(front.y > 0.8f);
    if (c.position == Position::prone) CHECK(front.y < -0.8f);
    if (c.position == Position::side_lying) CHECK(glm::normalize(lateral).y > 0.8f);

    // Nothing of the leg inside the table's padding (beyond the sink) or under its top.
    const scene::Bounds table = bounds_of(*prop(stage, "table"));
    float lowest = std::numeric_limits<float>::max();
    for (const glm::vec3& p : skin)
      if (std::abs(p.z) < kTableWidth * 0.5f && p.x > table.min.x && p.x < table.max.x)
        lowest = std::min(lowest, p.y);
    CHECK(lowest >= kTableTopY - kPaddingSink - 0.002f);
    // Resting: supine and prone lie on the table (no gap over about 5 cm, less the sink).
    if (c.position != Position::side_lying) CHECK(lowest <= kTableTopY + 0.01f);

    // The support under the leg: the skin above it comes down to it (no gap over 5 cm) and never
    // into it.
    if (c.support) {
      const scene::Mesh* support = prop(stage, c.support);
      REQUIRE(support);
      const scene::Bounds box = bounds_of(*support);
      float above = std::numeric_limits<float>::max();
      for (const glm::vec3& p : skin)
        if (p.x > box.min.x + 0.01f && p.x < box.max.x - 0.01f && p.z > box.min.z && p.z < box.max.z)
          above = std::min(above, p.y);
      MESSAGE("skin above " << std::string(c.support) << ": " << (above - box.max.y) * 1000.f << " mm");
      CHECK(above >= box.max.y - 0.001f);
      CHECK(above <= box.max.y + 0.05f);
    }
  }
}
