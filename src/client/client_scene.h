#pragma once
// The client on the treatment table: how a position (supine, prone, side-lying) lays the posed leg
// in the room, and the table, the supports and the rest of the client around it. The leg model
// keeps its own space (glTF axes, standing); `ClientScene::placement` takes it into the room, where
// +Y is up, the table runs along X with the client's head toward -X, and the floor is y = 0.
// Data and geometry only: no GL.

#include <glm/glm.hpp>
#include <optional>
#include <string_view>
#include <vector>

#include "scene/camera.h"
#include "scene/model.h"
#include "scene/pose.h"

namespace kneeviz::client {

enum class Position {
  anatomical,  // standing, as the model is built: anatomy study, no table
  supine,      // face up
  prone,       // face down
  side_lying,  // on the other side, the treated leg on top, its lateral side up
};

inline constexpr Position kPositions[] = {Position::anatomical, Position::supine, Position::prone,
                                          Position::side_lying};

// "anatomical", "supine", "prone", "side-lying".
const char* to_string(Position position);
std::optional<Position> position_from_string(std::string_view word);
// The position a technique's client_position text names by its first word ("prone, a small
// cushion under the ankles"); nullopt when it names none of them.
std::optional<Position> position_from_description(std::string_view text);

// What the client rests on besides the table.
struct Supports {
  bool knee_bolster = false;   // supine: a roll under the knee, the knee a little bent
  bool ankle_cushion = false;  // prone: under the front of the ankles
  bool pillow = false;         // side-lying: under the top leg, between the knees
};
// The supports a client_position text asks for ("bolster", "cushion", "pillow"); side-lying always
// has its pillow.
Supports supports_from_description(std::string_view text, Position position);

// A standard treatment table (metres).
inline constexpr float kTableTopY = 0.72f;  // working height of the padded top
inline constexpr float kTableLength = 1.90f;
inline constexpr float kTableWidth = 0.70f;
inline constexpr float kPaddingSink = 0.008f;  // the client sinks this far into the padding

// A box with rounded edges, in the room: how the props standing for the rest of the client are
// shaped, kept so that anything placed beside the leg (the therapist's hands) can keep out of them.
struct RoundedBox {
  glm::vec3 centre{0.f};
  glm::vec3 half{0.f};  // half its size along each of its axes, the rounding included
  float radius = 0.f;   // of its edges and corners
  glm::mat3 axes{1.f};  // columns: its x, y, z in the room
  // How far `p` lies from its surface (m): positive outside, negative inside.
  float signed_distance(const glm::vec3& p) const;
  // How far `p` lies inside it (m): 0 outside or on its surface.
  float depth_inside(const glm::vec3& p) const;
};

// How far `p` lies inside the deepest of `volumes` (m): 0 outside them all.
float deepest_inside(const std::vector<RoundedBox>& volumes, const glm::vec3& p);

struct ClientScene {
  Position position = Position::anatomical;
  // The pose the leg lies in: the knee as asked, the hip as the position needs it (face up or
  // down, flexed so that the pelvis lies level while the thigh rises to the knee). Draw the leg
  // in this pose.
  scene::Pose pose;
  glm::mat4 placement{1.f};  // the leg model's space -> the room
  // The table ("table"), supports ("bolster-knee", "cushion-ankles", "pillow-knees") and a quiet,
  // neutral volume for the rest of the client ("client-pelvis", "client-other-leg"): closed meshes
  // in room space, not anatomy.
  std::vector<scene::Mesh> props;
  // The shapes of "client-pelvis" and "client-other-leg" (each of their rounded boxes), exactly.
  std::vector<RoundedBox> client_volumes;
  // Where the therapist stands to work on this leg, as the yaw of a view from there (0: from +Z,
  // 180: from -Z): the side their arms reach from.
  float therapist_side_yaw_deg = 0.f;
  // The view that opens a technique, from where the therapist stands.
  scene::ViewAngles therapist_view{0.f, 8.f};
};

// Lays `model` in `pose` on the table in `position` with `supports`. The leg rests on the table or
// on its supports (its lowest points at the padding's surface, less the sink), lying along the
// table on the client's right side. Anatomical: the identity placement and no props. A model
// without the leg's landmarks (hip-, knee-, ankle-joint-centre) is laid out from its bounds.
ClientScene lay_client(const scene::Model& model, const scene::Pose& pose, Position position,
                       Supports supports);

// The knee flexion a position gives when nothing else sets it: a knee bolster bends the knee a
// little; otherwise straight.
float resting_knee_flexion(Position position, const Supports& supports);

// `mesh` moved by `transform` (positions, normals), in place.
void transform_mesh(scene::Mesh& mesh, const glm::mat4& transform);

}  // namespace kneeviz::client
