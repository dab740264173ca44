// Knee flexion: the rig's joints turn, skinning follows, bounds grow behind the knee.
#include <doctest/doctest.h>

#include <glm/gtc/matrix_transform.hpp>

#include "scene/pose.h"
#include "support/doctest_glm.h"

using namespace kneeviz::scene;

namespace {

constexpr float kKneeY = -0.4f;

Vertex weighted(glm::vec3 position, std::uint16_t joint_a, float weight_a, std::uint16_t joint_b = 0,
                float weight_b = 0.f) {
  Vertex v;
  v.position = position;
  v.joints = {joint_a, joint_b, 0, 0};
  v.weights = {weight_a, weight_b, 0.f, 0.f};
  return v;
}

// A rigged stick of a leg: the thigh at the origin, the knee 0.4 below it, the shank below that.
// Joints: 0 = skel-thigh, 1 = skel-shank, 2 = skel-knee-blend.
// Vertices: 0 at the hip (thigh), 1 at the knee (half thigh, half shank), 2 and 3 on the shank
// below the knee (front and back of a 0.1-thick limb), 4 over the knee on the blend joint.
Model rigged_leg() {
  Model model;
  model.source = "rigged-leg (built in code)";
  model.nodes.push_back({"skel-thigh", glm::mat4(1.f), -1, {1, 2}, {}});
  model.nodes.push_back({"skel-shank", glm::translate(glm::mat4(1.f), {0.f, kKneeY, 0.f}), 0, {}, {}});
  model.nodes.push_back({"skel-knee-blend", glm::translate(glm::mat4(1.f), {0.f, kKneeY, 0.f}), 0, {}, {}});
  model.nodes.push_back({"skin-node", glm::mat4(1.f), -1, {}, {0}});
  const glm::mat4 knee_inverse_bind = glm::translate(glm::mat4(1.f), {0.f, -kKneeY, 0.f});
  model.joints = {{0, glm::mat4(1.f)}, {1, knee_inverse_bind}, {2, knee_inverse_bind}};

  Mesh skin;
  skin.name = "skin";
  skin.node = 3;
  skin.skinned = true;
  skin.vertices = {
      weighted({0.f, 0.f, 0.05f}, 0, 1.f),    weighted({0.f, kKneeY, 0.05f}, 0, 0.5f, 1, 0.5f),
      weighted({0.f, -0.8f, 0.05f}, 1, 1.f),  weighted({0.f, -0.8f, -0.05f}, 1, 1.f),
      weighted({0.f, -0.45f, 0.05f}, 2, 1.f),
  };
  skin.indices = {0, 1, 2, 1, 3, 2, 1, 4, 2};
  model.meshes.push_back(skin);
  return model;
}

bool close(glm::vec3 a, glm::vec3 b, float eps = 1e-5f) {
  return glm::length(a - b) <= eps;
}

glm::vec3 transform(const glm::mat4& m, glm::vec3 p) {
  return glm::vec3(m * glm::vec4(p, 1.f));
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("only a model with skel-shank has a knee rig") {
    CHECK(has_knee_rig(rigged_leg()));
    Model plain = rigged_leg();
    for (Node& node : plain.nodes) node.name = "bone-" + node.name;
    CHECK_FALSE(has_knee_rig(plain));
    CHECK_FALSE(has_knee_rig(Model{}));
  }

  TEST_CASE("at 0 degrees the pose is the bind pose") {
    const Model model = rigged_leg();
    const auto globals = posed_globals(model, Pose{0.f});
    const auto bind = model.global_transforms();
    REQUIRE(globals.size() == model.nodes.size());
    for (std::size_t i = 0; i < globals.size(); ++i) CHECK(globals[i] == bind[i]);
    const auto skinning = skinning_matrices(model, globals);
    REQUIRE(skinning.size() == model.joints.size());
    for (const glm::mat4& m : skinning)
      for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) CHECK(m[c][r] == doctest::Approx(c == r ? 1.f : 0.f));
    for (const Vertex& v : model.meshes[0].vertices) CHECK(close(skin_position(v, skinning), v.position));
  }

  TEST_CASE("at 90 degrees the shank swings backward: points below the knee go to -Z and up") {
    const Model model = rigged_leg();
    const auto globals = posed_globals(model, Pose{90.f});
    const int shank = model.find_node("skel-shank");
    const int thigh = model.find_node("skel-thigh");
    // The knee itself stays where it is, the thigh does not move.
    CHECK(close(transform(globals[shank], glm::vec3(0.f)), {0.f, kKneeY, 0.f}));
    CHECK(globals[thigh] == glm::mat4(1.f));
    // A point 0.4 below the knee (in the shank's space) ends up 0.4 behind it.
    const glm::vec3 ankle = transform(globals[shank], {0.f, -0.4f, 0.f});
    CHECK(ankle.z == doctest::Approx(-0.4f));
    CHECK(ankle.y == doctest::Approx(kKneeY));
    CHECK(ankle.x == doctest::Approx(0.f));

    const auto skinning = skinning_matrices(model, globals);
    const Vertex& shin_front = model.meshes[0].vertices[2];
    const glm::vec3 moved = skin_position(shin_front, skinning);
    CHECK(moved.z < shin_front.position.z - 0.3f);  // posterior
    CHECK(moved.y > shin_front.position.y + 0.3f);  // up toward the knee
    // Its 0.05 offset to the front now points down: it is the shin's front, turned.
    CHECK(close(moved, {0.f, kKneeY - 0.05f, -0.4f}));
    // The thigh vertex does not move.
    const Vertex& hip = model.meshes[0].vertices[0];
    CHECK(close(skin_position(hip, skinning), hip.position));
  }

  TEST_CASE("the knee-blend joint turns by half the flexion") {
    const Model model = rigged_leg();
    const auto globals = posed_globals(model, Pose{90.f});
    const int blend = model.find_node("skel-knee-blend");
    const glm::vec3 p = transform(globals[blend], {0.f, -0.4f, 0.f});
    // 45 degrees: equally far behind and above the straight-leg position.
    CHECK(p.z == doctest::Approx(-0.4f * std::sin(glm::radians(45.f))));
    CHECK(p.y == doctest::Approx(kKneeY - 0.4f * std::cos(glm::radians(45.f))));
  }

  TEST_CASE("a half/half vertex lies between where each joint alone would take it") {
    const Model model = rigged_leg();
    const auto skinning = skinning_matrices(model, posed_globals(model, Pose{90.f}));
    Vertex half = weighted({0.f, -0.6f, 0.f}, 0, 0.5f, 1, 0.5f);
    const glm::vec3 by_thigh = skin_position(weighted(half.position, 0, 1.f), skinning);
    const glm::vec3 by_shank = skin_position(weighted(half.position, 1, 1.f), skinning);
    REQUIRE_FALSE(close(by_thigh, by_shank, 1e-2f));
    const glm::vec3 blended = skin_position(half, skinning);
    CHECK(close(blended, (by_thigh + by_shank) * 0.5f));
    CHECK(blended.z < by_thigh.z);
    CHECK(blended.z > by_shank.z);

    // Directions turn too, and stay unit length.
    const glm::vec3 down = skin_direction({0.f, -1.f, 0.f}, weighted(half.position, 1, 1.f), skinning);
    CHECK(close(down, {0.f, 0.f, -1.f}));
    const glm::vec3 between = skin_direction({0.f, -1.f, 0.f}, half, skinning);
    CHECK(glm::length(between) == doctest::Approx(1.f));
    CHECK(between.z < -0.5f);
    CHECK(between.y < -0.5f);
  }

  TEST_CASE("a posed model's bounds grow behind the knee with flexion") {
    const Model model = rigged_leg();
    const Bounds straight = PosedModel(model, Pose{0.f}).bounds();
    const Bounds bind = model.bounds();
    CHECK(close(straight.min, bind.min));
    CHECK(close(straight.max, bind.max));
    CHECK(straight.min.z == doctest::Approx(-0.05f));

    // The shank reaches furthest back at 90 degrees; past that it folds up under the thigh.
    float previous_min_z = straight.min.z;
    for (float angle : {30.f, 60.f, 90.f}) {
      CAPTURE(angle);
      const Bounds posed = PosedModel(model, Pose{angle}).bounds();
      CHECK(posed.min.z < previous_min_z - 0.02f);
      CHECK(posed.min.y > straight.min.y + 0.02f);  // the foot end rises
      previous_min_z = posed.min.z;
    }
    CHECK(PosedModel(model, Pose{90.f}).bounds().min.z == doctest::Approx(-0.4f));
    CHECK(PosedModel(model, Pose{120.f}).bounds().min.z < straight.min.z - 0.3f);
    // Flexion beyond the maximum is held at the maximum.
    const Bounds over = PosedModel(model, Pose{200.f}).bounds();
    const Bounds at_max = PosedModel(model, Pose{kMaxKneeFlexionDeg}).bounds();
    CHECK(close(over.min, at_max.min));
    CHECK(close(over.max, at_max.max));
  }

  TEST_CASE("rigid meshes on the shank node follow it in a posed model's bounds") {
    Model model = rigged_leg();
    Mesh tibia;
    tibia.name = "tibia";
    tibia.node = model.find_node("skel-shank");
    // In the shank's space: from the knee down 0.5, longer than the skin.
    for (glm::vec3 p : {glm::vec3(0.f, 0.f, 0.f), glm::vec3(0.f, -0.5f, 0.f), glm::vec3(0.02f, -0.2f, 0.f)}) {
      Vertex v;
      v.position = p;
      tibia.vertices.push_back(v);
    }
    tibia.indices = {0, 1, 2};
    model.meshes.push_back(tibia);
    model.nodes[tibia.node].meshes.push_back(1);
    CHECK(model.bounds().min.y == doctest::Approx(-0.9f));
    const Bounds posed = PosedModel(model, Pose{90.f}).bounds();
    CHECK(posed.min.z == doctest::Approx(-0.5f));
  }

  TEST_CASE("a posed model's bounds follow a rigid bone on the shank when the model has no skin") {
    // Bones are often rigid meshes under the rig's nodes, with no skin at all: the renderer turns
    // them with posed_globals, so the framing bounds must turn with them.
    Model model;
    model.nodes.push_back({"skel-thigh", glm::mat4(1.f), -1, {1}, {}});
    model.nodes.push_back({"skel-shank", glm::translate(glm::mat4(1.f), {0.f, kKneeY, 0.f}), 0, {}, {0}});
    Mesh tibia;
    tibia.name = "tibia";
    tibia.node = 1;
    for (glm::vec3 p : {glm::vec3(0.f), glm::vec3(0.f, -0.5f, 0.f), glm::vec3(0.02f, -0.2f, 0.f)}) {
      Vertex v;
      v.position = p;
      tibia.vertices.push_back(v);
    }
    tibia.indices = {0, 1, 2};
    model.meshes.push_back(tibia);
    REQUIRE(has_knee_rig(model));
    REQUIRE(model.joints.empty());
    const auto globals = posed_globals(model, Pose{90.f});
    const glm::vec3 ankle = transform(globals[1], {0.f, -0.5f, 0.f});
    REQUIRE(ankle.z == doctest::Approx(-0.5f));
    const Bounds posed = PosedModel(model, Pose{90.f}).bounds();
    CHECK(posed.min.z == doctest::Approx(-0.5f));
    // Every point of the bone now lies level with the knee: the shank points straight back.
    CHECK(posed.min.y == doctest::Approx(kKneeY).epsilon(1e-3));
    CHECK(posed.max.y == doctest::Approx(kKneeY).epsilon(1e-3));
  }

  TEST_CASE("a posed model in the room is the same pose moved by its placement") {
    const Model model = rigged_leg();
    const glm::mat4 placement = glm::rotate(glm::translate(glm::mat4(1.f), {0.3f, 0.9f, -0.2f}),
                                            glm::radians(90.f), glm::vec3(0.f, 0.f, 1.f));
    const PosedModel posed(model, Pose{90.f}, placement);
    CHECK(posed.pose().knee_flexion_deg == 90.f);
    CHECK(&posed.model() == &model);
    // In the model's space, the pose as the rig has it.
    const auto globals = posed_globals(model, Pose{90.f});
    REQUIRE(posed.globals().size() == globals.size());
    for (std::size_t i = 0; i < globals.size(); ++i) CHECK(posed.globals()[i] == globals[i]);
    REQUIRE(posed.skinning().size() == model.joints.size());
    REQUIRE(posed.placed_skinning().size() == model.joints.size());
    for (const Vertex& v : model.meshes[0].vertices) {
      const glm::vec3 own = posed.position(model.meshes[0], v);
      CHECK(close(own, skin_position(v, skinning_matrices(model, globals))));
      // In the room: the same point, placed.
      CHECK(close(skin_position(v, posed.placed_skinning()), transform(placement, own)));
    }
    for (std::size_t i = 0; i < globals.size(); ++i)
      CHECK(
          close(glm::vec3(posed.placed_globals()[i][3]), transform(placement, posed.node_position(int(i)))));
    // The shank points straight back at 90 degrees: the ankle's skin at z = -0.4 from the knee.
    CHECK(posed.position(model.meshes[0], model.meshes[0].vertices[2]).z == doctest::Approx(-0.4f));
  }

  TEST_CASE("a posed model's bounds of some meshes hold only those meshes where they are posed") {
    Model model = rigged_leg();
    Mesh tibia;
    tibia.name = "tibia";
    tibia.node = model.find_node("skel-shank");
    for (glm::vec3 p :
         {glm::vec3(0.f, -0.1f, 0.f), glm::vec3(0.f, -0.3f, 0.f), glm::vec3(0.02f, -0.2f, 0.f)}) {
      Vertex v;
      v.position = p;
      tibia.vertices.push_back(v);
    }
    tibia.indices = {0, 1, 2};
    model.meshes.push_back(tibia);
    const PosedModel posed(model, Pose{90.f});
    const Bounds bone = posed.bounds_of({1});
    // Placed by its node, turned back with the shank: from 0.1 to 0.3 behind the knee, level with it.
    CHECK(bone.min.z == doctest::Approx(-0.3f));
    CHECK(bone.max.z == doctest::Approx(-0.1f));
    CHECK(bone.min.y == doctest::Approx(kKneeY).epsilon(1e-3));
    CHECK(posed.bounds_of({}).empty());
    // The whole model reaches further (the skin down to the ankle).
    CHECK(posed.bounds().min.z < bone.min.z - 0.05f);
  }

  TEST_CASE("a model without the rig is unchanged by flexion") {
    Model model = rigged_leg();
    for (Node& node : model.nodes) node.name = "other-" + node.name;
    const auto globals = posed_globals(model, Pose{90.f});
    const auto bind = model.global_transforms();
    for (std::size_t i = 0; i < globals.size(); ++i) CHECK(globals[i] == bind[i]);
    const auto skinning = skinning_matrices(model, globals);
    for (const Vertex& v : model.meshes[0].vertices) CHECK(close(skin_position(v, skinning), v.position));
    const Bounds posed = PosedModel(model, Pose{90.f}).bounds();
    CHECK(close(posed.min, model.bounds().min));
    CHECK(close(posed.max, model.bounds().max));
  }

  TEST_CASE("unskinned vertices and empty skins pass through") {
    Vertex rigid;
    rigid.position = {1.f, 2.f, 3.f};
    CHECK(close(skin_position(rigid, {}), rigid.position));
    const std::vector<glm::mat4> turn{glm::rotate(glm::mat4(1.f), 1.f, glm::vec3(1, 0, 0))};
    CHECK(close(skin_position(rigid, turn), rigid.position));  // weights all zero: not skinned
    CHECK(close(skin_direction({0.f, 1.f, 0.f}, rigid, turn), {0.f, 1.f, 0.f}));
  }

}  // TEST_SUITE
