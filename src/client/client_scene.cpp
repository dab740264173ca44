#include "client/client_scene.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <glm/gtc/matrix_transform.hpp>
#include <limits>
#include <string>

namespace kneeviz::client {

namespace {

constexpr float kHipX = -0.15f;         // where the hip joint lies along the table (head at -X)
constexpr float kLegOffsetZ = 0.11f;    // the treated leg's side of the table's midline
constexpr float kAnkleCushion = 0.07f;  // m of cushion under the front of the ankles (prone)
constexpr float kSideLyingLift =
    0.14f;                             // the top leg's knee and shank rest this far above the table (pillow)
constexpr float kSupportGap = 0.002f;  // supports stop this short of the skin
constexpr float kHeadEnd = 0.95f;      // m of table from its head end to the hip
// Prone: the table ends this far past the ankles, the feet over its end; on an ankle cushion,
// far enough for the cushion to lie on the table under the ankles (the toes then clear it).
constexpr float kFeetOverEnd = 0.03f;
constexpr float kCushionOverEnd = 0.06f;
// Side-lying: the top leg's hip flexed (the knee forward of the hip, on the pillow) and where its
// hip lies across the table (+Z: behind the client's back half).
constexpr float kSideLyingHipDeg = 35.f;
// How far toward the head of the hip joint's centre the volume standing for the pelvis ends: the
// leg model carries the buttock, the groin and the hip's skin itself, where hands work (the
// inguinal nodes, tensor fasciae latae), so the pelvis lies beyond them, not over them.
constexpr float kPelvisBack = 0.03f;
// Face up or down, the leg model's own skin over the hip (the buttock, the top of the hip) stands
// up to 3 cm above that volume and 1.5 cm beside it: read as a rounded stump in front of a box.
// A taller, wider part of the pelvis closes it off from this far toward the head of the hip
// joint's centre on, beyond where hands reach (the inguinal nodes, the gluteal fold).
constexpr float kPelvisCapBack = 0.12f;
constexpr float kSideLyingHipZ = 0.08f;

const glm::vec4 kTableColour{0.20f, 0.33f, 0.36f, 1.f};    // teal vinyl
const glm::vec4 kFrameColour{0.45f, 0.47f, 0.50f, 1.f};    // brushed metal
const glm::vec4 kSupportColour{0.78f, 0.80f, 0.84f, 1.f};  // pale fabric
const glm::vec4 kClientColour{0.30f, 0.31f, 0.33f, 1.f};   // quiet, darker neutral: the leg stays the subject

// A box with rounded edges: a sphere's directions mapped onto the inner box, pushed out by its
// radius, so the normals are the directions themselves.
scene::Mesh rounded_box(const std::string& name, const RoundedBox& shape, glm::vec4 colour) {
  constexpr int kSlices = 32, kStacks = 16;
  scene::Mesh mesh;
  mesh.name = name;
  mesh.material.base_colour = colour;
  mesh.material.roughness = 0.8f;
  const glm::vec3 inner = shape.half - shape.radius;
  for (int j = 0; j <= kStacks; ++j) {
    const float phi = glm::pi<float>() * float(j) / kStacks;
    for (int i = 0; i <= kSlices; ++i) {
      const float theta = glm::two_pi<float>() * float(i) / kSlices;
      glm::vec3 d(std::sin(phi) * std::cos(theta), std::cos(phi), std::sin(phi) * std::sin(theta));
      for (int c = 0; c < 3; ++c)
        if (std::abs(d[c]) < 1e-6f) d[c] = 0.f;
      const glm::vec3 corner = glm::sign(d) * inner;
      scene::Vertex v;
      v.position = shape.centre + shape.axes * (corner + d * shape.radius);
      v.normal = glm::normalize(shape.axes * d);
      mesh.vertices.push_back(v);
    }
  }
  const auto at = [](int i, int j) { return std::uint32_t(j * (kSlices + 1) + i); };
  for (int j = 0; j < kStacks; ++j)
    for (int i = 0; i < kSlices; ++i) {
      // Counter-clockwise seen from outside.
      mesh.indices.insert(mesh.indices.end(), {at(i, j), at(i + 1, j), at(i, j + 1)});
      mesh.indices.insert(mesh.indices.end(), {at(i + 1, j), at(i + 1, j + 1), at(i, j + 1)});
    }
  return mesh;
}

// The rounded box about `centre` with half sizes `half`, its edges rounded by `radius` (no more
// than its smallest half size), turned by `axes` (columns: its x, y, z).
RoundedBox box_shape(glm::vec3 centre, glm::vec3 half, float radius, const glm::mat3& axes = glm::mat3(1.f)) {
  return {centre, half, std::min({radius, half.x, half.y, half.z}), axes};
}

scene::Mesh rounded_box(const std::string& name, glm::vec3 centre, glm::vec3 half, float radius,
                        glm::vec4 colour, const glm::mat3& axes = glm::mat3(1.f)) {
  return rounded_box(name, box_shape(centre, half, radius, axes), colour);
}

// A limb segment of the rest of the client: a rounded rod from a to b.
RoundedBox rod_shape(glm::vec3 a, glm::vec3 b, float radius) {
  const glm::vec3 along = glm::normalize(b - a);
  const glm::vec3 helper = std::abs(along.y) < 0.9f ? glm::vec3(0.f, 1.f, 0.f) : glm::vec3(1.f, 0.f, 0.f);
  const glm::vec3 x = glm::normalize(glm::cross(helper, along));
  const glm::vec3 y = glm::cross(along, x);
  return box_shape(0.5f * (a + b), {radius, radius, 0.5f * glm::distance(a, b) + radius}, radius,
                   glm::mat3(x, y, along));
}

void append(scene::Mesh& into, const scene::Mesh& part) {
  const auto first = std::uint32_t(into.vertices.size());
  into.vertices.insert(into.vertices.end(), part.vertices.begin(), part.vertices.end());
  for (const std::uint32_t i : part.indices) into.indices.push_back(first + i);
}

// The model's space to the room's, before the tilt along the table: which way the leg faces.
glm::mat3 facing(Position position) {
  switch (position) {
    case Position::supine:  // anterior up, superior toward the head (-X)
      return glm::mat3(glm::vec3(0.f, 0.f, -1.f), glm::vec3(-1.f, 0.f, 0.f), glm::vec3(0.f, 1.f, 0.f));
    case Position::prone:  // anterior down
      return glm::mat3(glm::vec3(0.f, 0.f, 1.f), glm::vec3(-1.f, 0.f, 0.f), glm::vec3(0.f, -1.f, 0.f));
    case Position::side_lying:  // the right leg's lateral side (-X) up, anterior toward -Z
      return glm::mat3(glm::vec3(0.f, -1.f, 0.f), glm::vec3(-1.f, 0.f, 0.f), glm::vec3(0.f, 0.f, -1.f));
    case Position::anatomical:
      break;
  }
  return glm::mat3(1.f);
}

struct LegPoints {
  glm::vec3 hip{0.f}, knee{0.f}, ankle{0.f};
  std::vector<glm::vec3> skin;  // the posed skin, model space
};

LegPoints leg_points(const scene::Model& model, const scene::Pose& pose) {
  LegPoints leg;
  const scene::PosedModel posed(model, pose);
  bool has_skin = false;
  for (const scene::Mesh& mesh : model.meshes) has_skin = has_skin || mesh.name == "skin";
  for (const scene::Mesh& mesh : model.meshes) {
    if (has_skin && mesh.name != "skin") continue;
    for (const scene::Vertex& v : mesh.vertices) leg.skin.push_back(posed.position(mesh, v));
  }
  scene::Bounds bounds;
  for (const glm::vec3& p : leg.skin) bounds.extend(p);
  const glm::vec3 middle = bounds.empty() ? glm::vec3(0.f) : bounds.centre();
  const auto landmark = [&](const char* name, glm::vec3 fallback) {
    const int node = model.find_node(name);
    return node >= 0 ? posed.node_position(node) : fallback;
  };
  leg.hip = landmark("hip-joint-centre", {middle.x, bounds.empty() ? 0.f : bounds.max.y, middle.z});
  leg.knee = landmark("knee-joint-centre", middle);
  leg.ankle = landmark("ankle-joint-centre", {middle.x, bounds.empty() ? 0.f : bounds.min.y, middle.z});
  return leg;
}

}  // namespace

const char* to_string(Position position) {
  switch (position) {
    case Position::anatomical:
      return "anatomical";
    case Position::supine:
      return "supine";
    case Position::prone:
      return "prone";
    case Position::side_lying:
      return "side-lying";
  }
  return "anatomical";
}

std::optional<Position> position_from_string(std::string_view word) {
  for (const Position p : kPositions)
    if (word == to_string(p)) return p;
  return std::nullopt;
}

std::optional<Position> position_from_description(std::string_view text) {
  std::size_t end = 0;
  while (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) || text[end] == '-'))
    ++end;
  const std::optional<Position> position = position_from_string(text.substr(0, end));
  if (position == Position::anatomical) return std::nullopt;  // a client lies down for massage
  return position;
}

Supports supports_from_description(std::string_view text, Position position) {
  Supports supports;
  supports.knee_bolster =
      position == Position::supine && (text.find("bolster") != std::string_view::npos ||
                                       text.find("under the knee") != std::string_view::npos);
  supports.ankle_cushion = position == Position::prone && text.find("cushion") != std::string_view::npos;
  supports.pillow = position == Position::side_lying;
  return supports;
}

float resting_knee_flexion(Position position, const Supports& supports) {
  if (position == Position::supine && supports.knee_bolster) return 20.f;
  if (position == Position::prone && supports.ankle_cushion) return 10.f;
  if (position == Position::side_lying) return 30.f;
  return 0.f;
}

float RoundedBox::signed_distance(const glm::vec3& p) const {
  // Signed distance to the box shrunk by the radius, less the radius.
  const glm::vec3 local = glm::transpose(axes) * (p - centre);
  const glm::vec3 beyond = glm::abs(local) - (half - radius);
  return glm::length(glm::max(beyond, 0.f)) + std::min(std::max({beyond.x, beyond.y, beyond.z}), 0.f) -
         radius;
}

float RoundedBox::depth_inside(const glm::vec3& p) const {
  return std::max(-signed_distance(p), 0.f);
}

float deepest_inside(const std::vector<RoundedBox>& volumes, const glm::vec3& p) {
  float deepest = 0.f;
  for (const RoundedBox& volume : volumes) deepest = std::max(deepest, volume.depth_inside(p));
  return deepest;
}

void transform_mesh(scene::Mesh& mesh, const glm::mat4& transform) {
  const glm::mat3 normals = glm::transpose(glm::inverse(glm::mat3(transform)));
  for (scene::Vertex& v : mesh.vertices) {
    v.position = glm::vec3(transform * glm::vec4(v.position, 1.f));
    v.normal = glm::normalize(normals * v.normal);
  }
}

ClientScene lay_client(const scene::Model& model, const scene::Pose& pose, Position position,
                       Supports supports) {
  ClientScene scene;
  scene.position = position;
  scene.pose = pose;
  if (position == Position::anatomical) return scene;
  const glm::mat3 face = facing(position);
  const float distal_lift = position == Position::prone && supports.ankle_cushion ? kAnkleCushion : 0.f;
  const auto lowest = [](const std::vector<glm::vec3>& points, const glm::mat4& m) {
    float y = std::numeric_limits<float>::max();
    for (const glm::vec3& p : points) y = std::min(y, (m * glm::vec4(p, 1.f)).y);
    return y;
  };
  // What rests: the buttock and back of the thigh (proximal), and the heel, the front of the ankle
  // or the shank (distal), whichever the position lays down.
  std::vector<glm::vec3> proximal, distal;
  LegPoints leg;
  glm::mat4 lay{1.f};
  // The tilt along the table (about the room's Z through the hip) at which both ends rest at their
  // heights, for the leg as posed.
  const auto lay_leg = [&](const scene::Pose& laid) {
    leg = leg_points(model, laid);
    const glm::vec3 thigh_axis = leg.knee - leg.hip;
    const float thigh_length = std::max(glm::length(thigh_axis), 1e-3f);
    proximal.clear();
    distal.clear();
    for (const glm::vec3& p : leg.skin) {
      const float along_thigh = glm::dot(p - leg.hip, thigh_axis) / (thigh_length * thigh_length);
      if (along_thigh < 0.7f) proximal.push_back(p);
      const float to_ankle = glm::distance(p, leg.ankle);
      if (position == Position::side_lying ? (along_thigh > 1.1f && to_ankle > 0.08f) : to_ankle < 0.12f)
        distal.push_back(p);
    }
    lay = glm::mat4(face) * glm::translate(glm::mat4(1.f), -leg.hip);
    const auto mismatch = [&](float angle) {
      const glm::mat4 m = glm::rotate(glm::mat4(1.f), angle, glm::vec3(0.f, 0.f, 1.f)) * lay;
      // Side-lying: the top leg lies level, hip and ankle at one height, on a pillow under the
      // knee and shank.
      if (position == Position::side_lying)
        return (m * glm::vec4(leg.ankle, 1.f)).y - (m * glm::vec4(leg.hip, 1.f)).y;
      return lowest(distal, m) - lowest(proximal, m) - distal_lift;
    };
    float tilt = 0.f;
    if (!proximal.empty() && !distal.empty()) {
      float lo = -1.2f, hi = 1.2f;  // up to 69 degrees: the knee bent to a right angle, foot on the table
      const float at_lo = mismatch(lo), at_hi = mismatch(hi);
      if ((at_lo < 0.f) != (at_hi < 0.f)) {
        for (int i = 0; i < 40; ++i) {
          const float mid = 0.5f * (lo + hi);
          ((mismatch(mid) < 0.f) == (at_lo < 0.f) ? lo : hi) = mid;
        }
        tilt = 0.5f * (lo + hi);
      }
    }
    return tilt;
  };
  scene::Pose laid = pose;
  laid.hip_flexion_deg = 0.f;
  float tilt = lay_leg(laid);
  // Face up or down, the pelvis lies level on the table: the hip flexes by the thigh's tilt (the
  // pelvis turns about the model's X, which lies along the room's Z), and the leg is laid again
  // with the buttock as the flexed hip shapes it. A few rounds settle it. Models without a hip
  // keep the whole leg tilted.
  const float x_along_z = (face * glm::vec3(1.f, 0.f, 0.f)).z;
  if (scene::has_hip_rig(model) && position != Position::side_lying && std::abs(x_along_z) > 0.5f) {
    for (int round = 0; round < 4; ++round) {
      const float hip = std::clamp(glm::degrees(-tilt / x_along_z), 0.f, scene::kMaxHipFlexionDeg);
      if (std::abs(hip - laid.hip_flexion_deg) < 0.05f) break;
      laid.hip_flexion_deg = hip;
      tilt = lay_leg(laid);
    }
  }
  // Side-lying, the hip flexes across the table: the leg turns about the vertical through the hip
  // by the hip's angle (the pelvis turns about the model's X, which stands vertical here), so the
  // pelvis lies along the table and the thigh reaches forward onto the pillow.
  float yaw = 0.f;
  if (scene::has_hip_rig(model) && position == Position::side_lying) {
    laid.hip_flexion_deg = kSideLyingHipDeg;
    tilt = lay_leg(laid);
    yaw = glm::radians(kSideLyingHipDeg) * -(face * glm::vec3(1.f, 0.f, 0.f)).y;
  }
  scene.pose = laid;
  glm::mat4 tilted = glm::rotate(glm::mat4(1.f), yaw, glm::vec3(0.f, 1.f, 0.f)) *
                     glm::rotate(glm::mat4(1.f), tilt, glm::vec3(0.f, 0.f, 1.f)) * lay;
  const float rest_y = kTableTopY - kPaddingSink + (position == Position::side_lying ? kSideLyingLift : 0.f);
  const float offset_z = position == Position::supine  ? kLegOffsetZ
                         : position == Position::prone ? -kLegOffsetZ
                         : yaw != 0.f                  ? kSideLyingHipZ
                                                       : 0.f;
  // Down until the lowest point over the table rests on it (the patella, when prone, may lie
  // lower than both ends), or, side-lying, until the knee and shank rest on the pillow.
  const glm::mat4 along_table = glm::translate(glm::mat4(1.f), glm::vec3(kHipX, 0.f, offset_z)) * tilted;
  const float ankle_x = (along_table * glm::vec4(leg.ankle, 1.f)).x;
  const float end_x = position != Position::prone
                          ? kHipX + kTableLength - kHeadEnd
                          : ankle_x + (supports.ankle_cushion ? kCushionOverEnd : kFeetOverEnd);
  std::vector<glm::vec3> resting;
  for (const glm::vec3& p : position == Position::side_lying ? distal : leg.skin) {
    const float x = (along_table * glm::vec4(p, 1.f)).x;
    if (x > end_x - kTableLength && x < end_x) resting.push_back(p);
  }
  const float drop = rest_y - lowest(resting.empty() ? leg.skin : resting, along_table);
  scene.placement = glm::translate(glm::mat4(1.f), glm::vec3(0.f, drop, 0.f)) * along_table;

  // Where the leg lies now.
  const auto room = [&](glm::vec3 p) { return glm::vec3(scene.placement * glm::vec4(p, 1.f)); };
  const glm::vec3 hip = room(leg.hip), knee = room(leg.knee), ankle = room(leg.ankle);
  std::vector<glm::vec3> placed;
  placed.reserve(leg.skin.size());
  for (const glm::vec3& p : leg.skin) placed.push_back(room(p));

  // The table: a padded top on a frame and four legs.
  const float top_centre_y = kTableTopY - 0.04f;
  // Face down, the feet hang over the end of the table (the toes would otherwise press into it).
  const float table_x1 = end_x;
  const float table_x0 = table_x1 - kTableLength;
  scene::Mesh table = rounded_box("table", {0.5f * (table_x0 + table_x1), top_centre_y, 0.f},
                                  {0.5f * kTableLength, 0.04f, 0.5f * kTableWidth}, 0.03f, kTableColour);
  append(table,
         rounded_box("table-frame", {0.5f * (table_x0 + table_x1), top_centre_y - 0.07f, 0.f},
                     {0.5f * kTableLength - 0.05f, 0.03f, 0.5f * kTableWidth - 0.04f}, 0.01f, kFrameColour));
  for (const float x : {table_x0 + 0.1f, table_x1 - 0.1f})
    for (const float z : {-0.5f * kTableWidth + 0.07f, 0.5f * kTableWidth - 0.07f}) {
      scene::Mesh leg_of_table =
          rounded_box("table-leg", {x, 0.5f * (top_centre_y - 0.1f), z},
                      {0.025f, 0.5f * (top_centre_y - 0.1f), 0.025f}, 0.02f, kFrameColour);
      append(table, leg_of_table);
    }
  table.name = "table";
  table.material.base_colour = kTableColour;
  scene.props.push_back(std::move(table));

  // Supports, each stopping just short of the lowest skin over its footprint (a rectangle on the
  // table: a centre, a direction along it, half its length and half its width).
  const auto lowest_over = [&](glm::vec2 centre, glm::vec2 along, float half_length, float half_width) {
    float y = std::numeric_limits<float>::max();
    for (const glm::vec3& p : placed) {
      const glm::vec2 d = glm::vec2(p.x, p.z) - centre;
      if (std::abs(glm::dot(d, along)) <= half_length &&
          std::abs(d.x * along.y - d.y * along.x) <= half_width)
        y = std::min(y, p.y);
    }
    return y - kSupportGap;
  };
  const float bottom = kTableTopY - kPaddingSink;
  if (supports.knee_bolster) {
    // A soft cushion under the treated knee alone (the other leg lies straight beside it): the
    // width of the knee and a little more, the length of a hand along the leg, as high as the bent
    // knee stands over the table.
    const glm::vec2 centre{knee.x, knee.z};
    constexpr float kHalfLength = 0.08f, kHalfWidth = 0.10f;
    const float top = lowest_over(centre, {1.f, 0.f}, kHalfLength, kHalfWidth);
    const float half_y = std::max(0.5f * (top - bottom), 0.015f);
    scene.props.push_back(rounded_box("bolster-knee", {centre.x, bottom + half_y, centre.y},
                                      {kHalfLength, half_y, kHalfWidth}, std::min(half_y, 0.05f),
                                      kSupportColour));
  }
  if (supports.ankle_cushion) {
    // A half-round roll across the table under the front of both ankles, on the table (the feet
    // hang over its end).
    constexpr float kHalfLength = 0.06f;
    const float x = std::min(ankle.x, table_x1 - kHalfLength);
    const float top = lowest_over({x, 0.f}, {1.f, 0.f}, kHalfLength, 0.26f);
    const float half_y = std::max(0.5f * (top - bottom), 0.01f);
    scene.props.push_back(rounded_box("cushion-ankles", {x, bottom + half_y, 0.f},
                                      {kHalfLength, half_y, 0.26f}, half_y, kSupportColour));
  }
  if (supports.pillow) {
    // Under the knee, the shank and the foot, along them (the hip flexed turns them across the
    // table): the whole top leg lies on it, nothing of it hanging in the air.
    const glm::vec2 k{knee.x, knee.z}, a{ankle.x, ankle.z};
    const glm::vec2 along = glm::normalize(a - k);
    constexpr float kHalfWidth = 0.15f;
    const glm::vec2 across{-along.y, along.x}, from = k - 0.14f * along;
    // Past the ankle, under the foot; moved in from the table's edge where it would overhang it
    // (the flexed hip brings the foot toward the front edge), the leg still on it.
    const glm::vec2 to = a + 0.1f * along;
    glm::vec2 middle = 0.5f * (from + to);
    const float half_along = 0.5f * glm::distance(from, to);
    float overhang = 0.f;
    for (const float s_along : {-1.f, 1.f})
      for (const float s_across : {-1.f, 1.f}) {
        const glm::vec2 corner = middle + s_along * half_along * along + s_across * kHalfWidth * across;
        overhang = std::max(overhang, std::abs(corner.y) - (0.5f * kTableWidth - 0.01f));
      }
    middle.y -= std::copysign(std::min(overhang, 0.08f), middle.y);
    const float top = lowest_over(middle, along, half_along, kHalfWidth - 0.03f);
    const float half_y = std::max(0.5f * (top - bottom), 0.02f);
    const glm::mat3 axes(glm::vec3(along.x, 0.f, along.y), glm::vec3(0.f, 1.f, 0.f),
                         glm::vec3(across.x, 0.f, across.y));
    scene.props.push_back(rounded_box("pillow-knees", {middle.x, bottom + half_y, middle.y},
                                      {half_along, half_y, kHalfWidth}, std::min(0.05f, half_y),
                                      kSupportColour, axes));
  }

  // The rest of the client: the pelvis and the other leg, simple and quiet, one prop each, their
  // shapes kept exactly (ClientScene::client_volumes).
  const float table_y = kTableTopY - kPaddingSink;
  const auto add_client_part = [&](const std::string& name, std::initializer_list<RoundedBox> parts) {
    scene::Mesh mesh;
    for (const RoundedBox& part : parts) {
      append(mesh, rounded_box(name, part, kClientColour));
      scene.client_volumes.push_back(part);
    }
    mesh.name = name;
    mesh.material.base_colour = kClientColour;
    mesh.material.roughness = 0.8f;
    scene.props.push_back(std::move(mesh));
  };
  if (position == Position::side_lying) {
    // Lying on the other side: the lower leg on the table, its hip under the top one, nearly
    // straight behind the pillow that carries the top leg's knee and shank.
    const float r = 0.06f;
    const glm::vec3 other_hip{hip.x, table_y + 0.09f, hip.z};
    const glm::vec3 other_knee{knee.x, table_y + r, hip.z + 0.02f};
    const glm::vec3 other_ankle{ankle.x, table_y + 0.045f, hip.z + 0.02f};
    add_client_part("client-other-leg",
                    {rod_shape(other_hip, other_knee, r), rod_shape(other_knee, other_ankle, 0.045f)});
    // The pelvis on its side stands as tall as it is wide (the top iliac crest a hand's breadth
    // above the top hip joint), as deep as it is from front to back, around the hip.
    const float pelvis_half_y = 0.5f * (hip.y + 0.10f - table_y);
    add_client_part("client-pelvis",
                    {box_shape({hip.x - kPelvisBack - 0.16f, table_y + pelvis_half_y, hip.z - 0.02f},
                               {0.16f, pelvis_half_y, 0.12f}, 0.08f)});
  } else {
    // Beside it on the table, mirrored across the midline.
    const auto mirrored = [&](glm::vec3 p, float radius) { return glm::vec3(p.x, table_y + radius, -p.z); };
    // Face down on an ankle cushion, both ankles lie on it, raised as high as the treated one.
    const glm::vec3 other_ankle = supports.ankle_cushion
                                      ? glm::vec3(ankle.x, std::max(ankle.y, table_y + 0.04f), -ankle.z)
                                      : mirrored(ankle, 0.04f);
    add_client_part("client-other-leg", {rod_shape(mirrored(hip, 0.075f), mirrored(knee, 0.06f), 0.065f),
                                         rod_shape(mirrored(knee, 0.05f), other_ankle, 0.045f)});
    // Half the height of the part by the groin: face up it stands as high as the hands working at
    // the groin leave room for (the inguinal nodes' fingers 69-78 mm into one 24 cm tall); face
    // down, below the gluteal fold's hands (the hamstring glide's 29 mm into one 21 cm tall).
    const float by_groin = position == Position::supine ? 0.115f : 0.1f;
    add_client_part(
        "client-pelvis",
        {box_shape({hip.x - kPelvisBack - 0.16f, table_y + by_groin, 0.f}, {0.16f, by_groin, 0.2f}, 0.08f),
         box_shape({hip.x - kPelvisCapBack - 0.13f, table_y + 0.12f, 0.f}, {0.13f, 0.12f, 0.2f}, 0.04f)});
  }

  // The therapist stands at the client's right side (supine: +Z; prone: -Z) or, side-lying,
  // behind them (+Z) at the hip, where the forearm works down the outer thigh of the top leg as
  // the flexed hip brings the knee forward: looking down at the leg.
  scene.therapist_side_yaw_deg = position == Position::prone ? 180.f : 0.f;
  // Side-lying the view turns a little toward the feet and looks further down, so the thigh, which
  // the flexed hip turns forward away from the therapist, lies across the picture on its pillow
  // rather than rising up it like a leg held in the air.
  scene.therapist_view = position == Position::side_lying
                             ? scene::ViewAngles{scene.therapist_side_yaw_deg + 20.f, 45.f}
                             : scene::ViewAngles{scene.therapist_side_yaw_deg, 35.f};
  return scene;
}

}  // namespace kneeviz::client
