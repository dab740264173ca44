#pragma once
// The client on the table for what a frame shows: which position (chosen, else the technique's
// own, else standing), and the scene of a frame composed in the room: the leg placed, the hands,
// their dents and the stroke overlays carried along, the table, supports and the rest of the
// client added. Used by the window, `render`, `export`, `record`, `bench` and `soak` alike.

#include <optional>

#include "app/technique_player.h"
#include "client/client_scene.h"
#include "render/offscreen.h"
#include "technique/technique.h"
#include "technique/timeline.h"

namespace kneeviz::app {

// `chosen` when given, else the position the technique's client_position names, else anatomical.
client::Position position_for(const std::optional<client::Position>& chosen,
                              const technique::Technique* technique);
// The supports of `position` as the technique describes them (none without a technique, but the
// pillow of side-lying).
client::Supports supports_for(client::Position position, const technique::Technique* technique);

// How `stage` lays the leg, for the hands: its hip, and the room's up and the padding's surface in
// the model's space (no table standing).
technique::Lying lying_on(const client::ClientScene& stage);

// The stages a window or a recording goes through, each laid once: a new one only when the
// position, the supports or the knee's flexion change (laying the leg out takes milliseconds).
class StageKeeper {
 public:
  explicit StageKeeper(const scene::Model& model) : model_(model) {}
  const client::ClientScene& at(client::Position position, const client::Supports& supports,
                                float knee_flexion_deg);

 private:
  const scene::Model& model_;
  client::ClientScene stage_;
  bool laid_ = false;
  client::Supports supports_;
  float knee_flexion_deg_ = 0.f;
};

// The client turning from one position to the next instead of jumping: the leg, and the hands
// with it, glide from the old placement to the new over kSeconds, rising clear of the table on
// the way (a leg rolled from supine to prone would otherwise sweep through it) and settling on
// it; only the table stays meanwhile, the supports and the rest of the client appear as the leg
// lands. A change of knee angle or supports in the same position is shown at once.
class StageGlide {
 public:
  static constexpr double kSeconds = 1.0;
  static constexpr float kLiftM = 0.35f;  // how high the leg rises at the middle of the turn

  // What to show at `now` (seconds): `target` itself when settled; while the position changes,
  // a stage between the one shown before and `target`. The reference lasts until the next call.
  const client::ClientScene& show(const client::ClientScene& target, double now);
  // Still turning at the last call.
  bool moving() const { return moving_; }

 private:
  bool started_ = false, moving_ = false;
  client::Position shown_position_ = client::Position::anatomical;
  glm::mat4 from_{1.f}, last_{1.f};
  double since_ = 0.0;
  client::ClientScene between_;
};

// A rigid placement a share `t` (0..1) of the way from `a` to `b`: the rotation turned by
// spherical interpolation, the position moved straight, plus `lift` up (+Y) at the middle.
glm::mat4 placement_between(const glm::mat4& a, const glm::mat4& b, float t, float lift);

// The posed model where it lies in the room together with the stage's props: what a camera must
// hold in its depth range.
scene::Bounds room_bounds(const scene::Model& model, const scene::Pose& pose,
                          const client::ClientScene& stage);

// The dent moved by a rigid transform.
scene::SkinDent transformed(const scene::SkinDent& dent, const glm::mat4& transform);

// What a frame shows beside the camera, composed in one place for the window, `render`, `export`,
// `record`, `bench` and `soak`: the leg as posed and where it lies in the room, the structures'
// styles, the props (the hands, then the table, its supports and the rest of the client), the
// dents the hands press into the skin, and the stroke and caution-zone overlays, all in the room.
struct StagedScene {
  scene::Pose pose;  // the knee as the technique bends it, the hip as the position lays it
  std::vector<render::MeshStyle> styles;
  std::vector<scene::Mesh> props;  // the hands first (right, left), then the stage's props
  std::size_t hands = 0;           // how many of `props` are hands
  bool ghost_hands = false;        // the hands faint, pressing nothing (practice's reference)
  std::vector<scene::SkinDent> dents;
  glm::mat4 placement{1.f};         // the leg in the room
  render::OverlayGeometry strokes;  // the ribbon ahead, the trail and the taps
  render::OverlayGeometry zones;    // caution zones on the skin, drawn only where seen

  // The renderer's frame through `camera`; it points into this scene, which must outlive it.
  render::Frame frame(const scene::OrbitCamera& camera, const render::DisplaySettings& display,
                      float time_seconds, bool simplified = false) const;
  // The snapshot's pose, styles, props, dents, placement and overlays, as this scene has them.
  void fill(render::Snapshot& snapshot) const;
};

// What of the technique a frame leaves out.
struct Showing {
  bool hands = true;         // false: the hands stand back (while the client turns, say)
  bool ghost_hands = false;  // the hands as faint ghosts that press nothing (practice)
  bool strokes = true;       // false: no ribbon ahead or trail (practice not following its path)
};

// The scene at the player's moment (after TechniquePlayer::update(), whose knee angle is
// `knee_flexion_deg` unless the user holds the knee elsewhere) on `stage`: `styles` (the
// structures as the user shows them) with the technique's targets and dents applied.
StagedScene compose_scene(const TechniquePlayer& player, const anatomy::RegionView& regions,
                          std::vector<render::MeshStyle> styles, const client::ClientScene& stage,
                          float knee_flexion_deg, const Showing& showing = {});

}  // namespace kneeviz::app
