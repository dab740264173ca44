#pragma once
// The client on the table for what a frame shows: which position (chosen, else the technique's
// own, else standing), and the scene of a frame composed in the room: the leg placed, the hands,
// their dents and the stroke overlays carried along, the table, supports and the rest of the
// client added. Used by the window, `render`, `export`, `record`, `bench` and `soak` alike.

#include <optional>

#include "client/client_scene.h"
#include "client/stage.h"
#include "render/offscreen.h"
#include "scene/gltf_writer.h"
#include "stage/technique_player.h"
#include "technique/technique.h"
#include "technique/timeline.h"

namespace kneeviz::stage {

// `chosen` when given, else the position the technique's client_position names, else anatomical.
client::Position position_for(const std::optional<client::Position>& chosen,
                              const technique::Technique* technique);
// The supports of `position` as the technique describes them (none without a technique, but the
// pillow of side-lying).
client::Supports supports_for(client::Position position, const technique::Technique* technique);

// How `stage` lays the leg, for the hands: its hip, and the room's up and the padding's surface in
// the model's space (no table standing).
technique::Lying lying_on(const client::ClientScene& stage);

// What a frame shows beside the camera, composed in one place for the window, `render`, `export`,
// `record`, `bench` and `soak`: the leg as posed and where it lies in the room, the structures'
// styles, the props (the hands, then the table, its supports and the rest of the client), the
// dents the hands press into the skin, and the stroke and caution-zone overlays, all in the room.
struct StagedScene {
  // The leg: the knee as the technique bends it, the hip as the position lays it, placed in the
  // room; worked out once for everything the frame does with it.
  scene::PosedModel posed;
  std::vector<render::MeshStyle> styles;
  std::vector<scene::Mesh> props;  // the hands first (right, left), then the stage's props
  std::size_t hands = 0;           // how many of `props` are hands
  bool ghost_hands = false;        // the hands faint, pressing nothing (practice's reference)
  std::vector<scene::SkinDent> dents;
  render::OverlayGeometry strokes;  // the ribbon ahead, the trail and the taps
  render::OverlayGeometry zones;    // caution zones on the skin, drawn only where seen

  // The renderer's frame through `camera` (drawn with `posed`); it points into this scene, which
  // must outlive it.
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

// A mesh as drawn, in the room: placed by its node or skinned as `posed` has the model in the room
// (PosedModel::placed_globals, placed_skinning), pressed in by `dents`. A prop, already in the room,
// is given no posed model.
scene::ExportMesh posed_mesh(const scene::Mesh& mesh, const scene::PosedModel* posed = nullptr,
                             const std::vector<scene::SkinDent>& dents = {});

// A structure of the model as `staged` draws it: its mesh (an index into Model::meshes) posed in
// the room, dented by the hands where its style takes dents.
struct PosedStructure {
  std::size_t mesh = 0;
  scene::ExportMesh mesh_in_room;
  bool dented = false;
};
// Every structure the scene shows (visible, not faded out, with triangles), in the model's order:
// what `export` writes and the bench's floor draws.
std::vector<PosedStructure> posed_structures(const StagedScene& staged);

}  // namespace kneeviz::stage
