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
#include "technique/limb.h"
#include "technique/skin_surface.h"

using namespace kneeviz;
using namespace kneeviz::client;

namespace {

// Every skin vertex of the leg posed as the stage lays it (the knee asked, the hip it needs), in
// the room.
std::vector<glm::vec3> placed_skin(const ClientScene& stage, float knee_flexion_deg) {
  const scene::Model& model = technique::testing::leg();
  CHECK(stage.pose.knee_flexion_deg == knee_flexion_deg);
  const auto skinning = scene::skinning_matrices(model, scene::posed_globals(model, stage.pose));
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
  CHECK(stage.pose.knee_flexion_deg == knee_flexion_deg);
  const glm::vec3 p(scene::posed_globals(model, stage.pose)[std::size_t(node)][3]);
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

// The hip: face up with the knee bent, the thigh rises from a pelvis that lies level, the foot
// flat on the table at a right angle; a knee bolster flexes the hip a little.
TEST_CASE("face up the pelvis lies level while the flexed hip lifts the knee") {
  const scene::Model& model = technique::testing::leg();
  REQUIRE(scene::has_hip_rig(model));
  const ClientScene straight = lay_client(model, {0.f}, Position::supine, {});
  CHECK(straight.pose.hip_flexion_deg < 2.f);
  // The pelvis's lie: from the hip centre to the ASIS, in the room; level is its lie in the
  // standing model turned face up (the model's up along the table toward the head, -X; its front
  // up, +Y; its lateral side, -X in the model, toward the client's right, +Z).
  const auto pelvis = [&](const ClientScene& stage) {
    const float knee = stage.pose.knee_flexion_deg;
    return glm::normalize(landmark(stage, "asis", knee) - landmark(stage, "hip-joint-centre", knee));
  };
  const int asis_node = model.find_node("asis"), hip_node = model.find_node("hip-joint-centre");
  REQUIRE(asis_node >= 0);
  REQUIRE(hip_node >= 0);
  const std::vector<glm::mat4> standing = scene::posed_globals(model, {});
  const glm::vec3 v = glm::vec3(standing[std::size_t(asis_node)][3] - standing[std::size_t(hip_node)][3]);
  const glm::vec3 level = glm::normalize(glm::vec3(-v.y, v.z, -v.x));
  for (const float knee : {45.f, 90.f}) {
    INFO("knee " << knee << " degrees");
    const ClientScene bent = lay_client(model, {knee}, Position::supine, {});
    MESSAGE("knee " << knee << " degrees: the hip flexes " << bent.pose.hip_flexion_deg << " degrees");
    // About half the knee's angle for a thigh and a shank of one length, both ends resting.
    CHECK(bent.pose.hip_flexion_deg > knee * 0.35f);
    CHECK(bent.pose.hip_flexion_deg < knee * 0.65f);
    const float turned = glm::degrees(std::acos(std::clamp(glm::dot(pelvis(bent), level), -1.f, 1.f)));
    MESSAGE("the pelvis lies " << turned << " degrees from level");
    CHECK(turned < 1.f);
    // The knee rises, the foot and the buttock rest on the padding.
    const glm::vec3 hip = landmark(bent, "hip-joint-centre", knee),
                    knee_centre = landmark(bent, "knee-joint-centre", knee);
    CHECK(knee_centre.y > hip.y + 0.1f);
    const std::vector<glm::vec3> skin = placed_skin(bent, knee);
    float heel = std::numeric_limits<float>::max(), buttock = std::numeric_limits<float>::max();
    const glm::vec3 ankle = landmark(bent, "ankle-joint-centre", knee);
    for (const glm::vec3& p : skin) {
      if (glm::distance(p, ankle) < 0.12f) heel = std::min(heel, p.y);
      if (glm::distance(p, hip) < 0.15f) buttock = std::min(buttock, p.y);
    }
    CHECK(heel == doctest::Approx(kTableTopY - kPaddingSink).epsilon(0.01));
    CHECK(buttock < kTableTopY + 0.01f);
  }
  Supports bolster;
  bolster.knee_bolster = true;
  const ClientScene on_bolster =
      lay_client(model, {resting_knee_flexion(Position::supine, bolster)}, Position::supine, bolster);
  CHECK(on_bolster.pose.hip_flexion_deg > 5.f);
  CHECK(on_bolster.pose.hip_flexion_deg < 15.f);
  // The cushion lies under the bent knee alone: the other leg lies straight on the table beside
  // it, clear of it (a roll across the table used to run through it).
  const scene::Mesh* cushion = prop(on_bolster, "bolster-knee");
  const scene::Mesh* other = prop(on_bolster, "client-other-leg");
  REQUIRE(cushion);
  REQUIRE(other);
  const scene::Bounds under_knee = bounds_of(*cushion);
  const glm::vec3 knee_centre =
      landmark(on_bolster, "knee-joint-centre", resting_knee_flexion(Position::supine, bolster));
  CHECK(under_knee.min.z < knee_centre.z);
  CHECK(under_knee.max.z > knee_centre.z);
  for (const scene::Vertex& vertex : other->vertices)
    if (vertex.position.x > under_knee.min.x && vertex.position.x < under_knee.max.x &&
        vertex.position.y < under_knee.max.y)
      CHECK(vertex.position.z < under_knee.min.z);
}

// Side-lying: the top leg's hip flexed across the table, the pelvis along it, the knee forward of
// the hip and resting on the pillow, the foot over the table.
TEST_CASE(
    "side-lying the hip flexes the top leg forward onto the pillow while the pelvis lies along the table") {
  const scene::Model& model = technique::testing::leg();
  Supports pillow;
  pillow.pillow = true;
  const float knee = resting_knee_flexion(Position::side_lying, pillow);
  const ClientScene stage = lay_client(model, {knee}, Position::side_lying, pillow);
  MESSAGE("side-lying: the hip flexes " << stage.pose.hip_flexion_deg << " degrees");
  CHECK(stage.pose.hip_flexion_deg > 20.f);
  const int asis_node = model.find_node("asis"), hip_node = model.find_node("hip-joint-centre");
  REQUIRE(asis_node >= 0);
  const std::vector<glm::mat4> standing = scene::posed_globals(model, {});
  const glm::vec3 v = glm::vec3(standing[std::size_t(asis_node)][3] - standing[std::size_t(hip_node)][3]);
  // The standing pelvis turned onto its side: the model's up toward the head (-X), its lateral side
  // (-X in the model) up, its front toward -Z.
  const glm::vec3 level = glm::normalize(glm::vec3(-v.y, -v.x, -v.z));
  const glm::vec3 hip = landmark(stage, "hip-joint-centre", knee), asis = landmark(stage, "asis", knee);
  const float turned =
      glm::degrees(std::acos(std::clamp(glm::dot(glm::normalize(asis - hip), level), -1.f, 1.f)));
  MESSAGE("the pelvis lies " << turned << " degrees from along the table");
  CHECK(turned < 5.f);
  // The knee forward of the hip (toward -Z, the client's front), the foot still over the table.
  const glm::vec3 knee_centre = landmark(stage, "knee-joint-centre", knee),
                  ankle = landmark(stage, "ankle-joint-centre", knee);
  MESSAGE("hip (" << hip.x << ", " << hip.z << "), knee (" << knee_centre.x << ", " << knee_centre.z
                  << "), ankle (" << ankle.x << ", " << ankle.z << ")");
  CHECK(knee_centre.z < hip.z - 0.1f);
  CHECK(std::abs(ankle.z) < kTableWidth * 0.5f - 0.05f);
  const scene::Mesh* cushion = prop(stage, "pillow-knees");
  REQUIRE(cushion);
  const scene::Bounds box = bounds_of(*cushion);
  MESSAGE("pillow x " << box.min.x << ".." << box.max.x << ", y " << box.min.y << ".." << box.max.y << ", z "
                      << box.min.z << ".." << box.max.z);
  CHECK(box.min.z > -kTableWidth * 0.5f);
  CHECK(box.max.z < kTableWidth * 0.5f);
  // It carries the foot too: it runs on past the ankle along the shank (it used to end 4 cm short
  // of the ankle, the foot in the air).
  const glm::vec2 shank = glm::normalize(glm::vec2(ankle.x - knee_centre.x, ankle.z - knee_centre.z));
  float furthest = -std::numeric_limits<float>::max();
  for (const scene::Vertex& vertex : cushion->vertices)
    furthest = std::max(furthest,
                        glm::dot(glm::vec2(vertex.position.x - ankle.x, vertex.position.z - ankle.z), shank));
  MESSAGE("the pillow runs " << furthest * 100.f << " cm past the ankle");
  CHECK(furthest > 0.05f);
}

// The leg model ends a little above the hip joint: face up or down its skin there (the top of the
// buttock and of the hip) stood up to 3 cm above the volume standing for the pelvis and 1.5 cm
// beside it, a rounded stump in front of a box in every thigh technique's view. The pelvis closes
// it off: no skin of the leg more than a third of the thigh's length above the hip joint lies
// outside it (before: 1,353 vertices face up, up to 26 mm out; 267 face down, 10 mm). Nearer the
// joint, where hands work at the groin and the gluteal fold, the part by the groin is only as tall
// as they leave room for: above a tenth of the thigh, 1,613 vertices stood up to 51 mm out face
// up, now 758 up to 28 mm; face down 1,846 up to 46, now 1,344 up to 36.
TEST_CASE("the top of the leg ends inside the volume standing for the pelvis") {
  const scene::Model& model = technique::testing::leg();
  for (const Position position : {Position::supine, Position::prone}) {
    CAPTURE(to_string(position));
    const ClientScene stage = lay_client(model, {0.f}, position, {});
    const technique::SkinSurface skin = technique::SkinSurface::from_model(model, stage.pose);
    const technique::LimbFrame limb(model, stage.pose);
    // How far outside the pelvis, and how many vertices are, above a third and a tenth of the thigh.
    float worst_third = 0.f, worst_tenth = 0.f;
    int above_third = 0, outside_tenth = 0;
    for (const glm::vec3& q : skin.positions()) {
      const float along = limb.coordinates(technique::Segment::thigh, q).position;
      if (along > -0.1f) continue;
      if (along <= -0.33f) ++above_third;
      const glm::vec3 p(stage.placement * glm::vec4(q, 1.f));
      // How far outside the nearest volume (not outside if inside any).
      float nearest = std::numeric_limits<float>::max();
      for (const RoundedBox& box : stage.client_volumes) nearest = std::min(nearest, box.signed_distance(p));
      if (nearest <= 0.f) continue;
      ++outside_tenth;
      worst_tenth = std::max(worst_tenth, nearest);
      if (along <= -0.33f) worst_third = std::max(worst_third, nearest);
    }
    MESSAGE(std::string(to_string(position))
            << ": skin above a third of the thigh outside the pelvis by up to " << worst_third * 1000.f
            << " mm; above a tenth, " << outside_tenth << " vertices by up to " << worst_tenth * 1000.f
            << " mm");
    CHECK(above_third > 100);
    CHECK(worst_third < 0.003f);
    CHECK(worst_tenth < (position == Position::supine ? 0.03f : 0.038f));
  }
}

// The leg model carries the buttock, the groin and the skin over the hip joint, where hands work
// (the inguinal nodes, tensor fasciae latae, the top of every thigh glide): the quiet volume that
// stands for the rest of the pelvis lies beyond them. It used to end 4-6 cm past the hip joint's
// centre and swallowed that skin up to 99 mm deep (109 side-lying), down to a tenth of the thigh
// face up and a quarter of it side-lying, hiding the hands working there.
TEST_CASE("the volume standing for the pelvis leaves the skin of the thigh uncovered") {
  const scene::Model& model = technique::testing::leg();
  for (const Position position : {Position::supine, Position::prone, Position::side_lying}) {
    CAPTURE(to_string(position));
    const ClientScene stage = lay_client(model, {0.f}, position, {});
    const technique::SkinSurface skin = technique::SkinSurface::from_model(model, stage.pose);
    const technique::LimbFrame limb(model, stage.pose);
    const auto pelvis = std::find_if(stage.props.begin(), stage.props.end(),
                                     [](const scene::Mesh& prop) { return prop.name == "client-pelvis"; });
    REQUIRE(pelvis != stage.props.end());
    std::vector<glm::vec3> positions, normals;
    for (const scene::Vertex& v : pelvis->vertices) {
      positions.push_back(v.position);
      normals.push_back(v.normal);
    }
    const technique::SkinSurface volume(std::move(positions), std::move(normals), pelvis->indices);
    int inside = 0;
    float lowest = -1.f;  // the furthest down the thigh (0 at the hip, 1 at the knee) of skin inside it
    for (const glm::vec3& q : skin.positions()) {
      const glm::vec3 p(stage.placement * glm::vec4(q, 1.f));
      const auto on = volume.closest_point(p);
      REQUIRE(on);
      if (glm::dot(p - on->point, on->normal) > -0.005f) continue;
      ++inside;
      lowest = std::max(lowest, limb.coordinates(technique::Segment::thigh, q).position);
    }
    MESSAGE(std::string(to_string(position))
            << ": " << inside << " skin vertices more than 5 mm inside the pelvis volume, down to " << lowest
            << " of the thigh");
    CHECK(inside > 0);  // it still closes off the top of the leg
    CHECK(lowest < 0.06f);
  }
}

TEST_CASE("a rounded box says how deep a point lies in it") {
  RoundedBox box;
  box.centre = {1.f, 2.f, 3.f};
  box.half = {0.2f, 0.1f, 0.3f};
  box.radius = 0.05f;
  // Turned a quarter about y: its x runs along the room's -z, its z along the room's x.
  box.axes = glm::mat3(glm::vec3(0.f, 0.f, -1.f), glm::vec3(0.f, 1.f, 0.f), glm::vec3(1.f, 0.f, 0.f));
  CHECK(box.depth_inside(box.centre) == doctest::Approx(0.1f));  // its smallest half size
  // 5 cm inside its long side (its z, the room's x), 5 cm outside it, and on it.
  CHECK(box.depth_inside(box.centre + glm::vec3(0.25f, 0.f, 0.f)) == doctest::Approx(0.05f));
  CHECK(box.depth_inside(box.centre + glm::vec3(0.35f, 0.f, 0.f)) == 0.f);
  CHECK(box.depth_inside(box.centre + glm::vec3(0.3f, 0.f, 0.f)) == doctest::Approx(0.f).epsilon(1e-4));
  // Unturned, the same point would lie outside its short side (its x): the axes count.
  CHECK(box.depth_inside(box.centre + glm::vec3(0.f, 0.f, 0.25f)) == 0.f);
  // Its rounded corner: the point where the sharp corner would be lies outside.
  CHECK(box.depth_inside(box.centre + glm::vec3(0.29f, 0.09f, -0.19f)) == 0.f);
  CHECK(box.depth_inside(box.centre + glm::vec3(0.27f, 0.07f, -0.17f)) > 0.f);
}

// The hands keep out of the rest of the client by its exact shapes (ClientScene::client_volumes):
// they must be the shapes drawn, neither bigger nor smaller.
TEST_CASE("the shapes kept for the rest of the client are the ones drawn") {
  const scene::Model& model = technique::testing::leg();
  for (const Position position : {Position::supine, Position::prone, Position::side_lying}) {
    CAPTURE(to_string(position));
    const ClientScene stage = lay_client(model, {0.f}, position, {});
    // The pelvis (face up or down in two parts: by the groin, and taller over the top of the leg),
    // and the other leg's thigh and shank.
    REQUIRE(stage.client_volumes.size() == (position == Position::side_lying ? 3u : 4u));
    int vertices = 0, off = 0;
    for (const scene::Mesh& prop : stage.props) {
      const bool client = prop.name.rfind("client-", 0) == 0;
      for (const scene::Vertex& v : prop.vertices) {
        if (!client) {
          // Nothing else of the scene (the table, the supports) is counted as the client.
          if (prop.name != "table-frame") CHECK(deepest_inside(stage.client_volumes, v.position) < 0.02f);
          continue;
        }
        // On the surface of one kept shape (the thigh's and the shank's rods overlap at the knee):
        // within a chord's sag of it, and a millimetre in along the drawn normal, inside it.
        ++vertices;
        const bool on_one = std::any_of(stage.client_volumes.begin(), stage.client_volumes.end(),
                                        [&](const RoundedBox& shape) {
                                          return shape.depth_inside(v.position) < 0.0015f &&
                                                 shape.depth_inside(v.position - 0.002f * v.normal) > 0.0005f;
                                        });
        if (!on_one) ++off;
      }
    }
    MESSAGE(std::string(to_string(position))
            << ": " << vertices << " vertices of the client's volumes, " << off << " not on a kept shape");
    CHECK(vertices > 1000);
    CHECK(off == 0);
  }
}
