#pragma once
// The view that follows the work. While a technique plays, each phase is framed where the hands
// work (the strokes' area, some leg around it, the hands and forearms), gliding from one phase to
// the next with the angles kept, so the leg stays the way up the viewer has learnt to read it. The
// user takes the camera by moving it; follow() hands it back. Used by the window and by `record`;
// no GL, no window.

#include <optional>

#include "client/client_scene.h"
#include "scene/camera.h"
#include "stage/technique_player.h"

namespace kneeviz::stage {

// Where the hands work in the phase playing now, in the model's space: the phase's strokes with
// kWorkingAreaMargin of leg around them, and the hands as posed now (a forearm stroke keeps the
// forearm in the picture). Empty without a technique. What the camera frames in `render`, `record`
// and the window.
scene::Bounds phase_area(const TechniquePlayer& player);

// The angles a technique is watched from, which the camera keeps while it follows the hands.
// Standing: its best side (best_view_for). On the table: from above the side of the limb its
// strokes face, as a therapist would stand or lean to see it (the back of the calf from above),
// looking down 30-65 degrees, never from under the table top; strokes facing straight up, or away
// from the therapist's side of the table (the inner thigh), are seen from the therapist's own
// side, looking well down.
scene::ViewAngles working_view(const technique::Technique& technique, const client::ClientScene& stage);

// The camera at rest on `technique` as the window settles on it, without the glides: looking from
// working_view() at `area` (in the model's space), its depth range holding the leg posed as
// `pose` on `stage` with the stage's props. What `bench` and `soak` draw through.
scene::OrbitCamera settled_camera(const scene::Model& model, const technique::Technique& technique,
                                  const client::ClientScene& stage, const scene::Pose& pose,
                                  const scene::Bounds& area, float aspect);

class WorkCamera {
 public:
  // A glide between phases: slower than a move the user asks for, so the eye can follow it.
  static constexpr float kGlideSeconds = 1.2f;

  // Follows from now on, turning to `angles` on the next framing (a technique starts, or the user
  // hands the camera back); `at_once`: that framing is a cut, not a glide (the window opening on a
  // technique).
  void follow(scene::ViewAngles angles, bool at_once = false);
  // The user moved the camera (orbit, pan, zoom, a view button, a focus): it stays where they put
  // it until follow().
  void release() { following_ = false; }
  bool following() const { return following_; }

  // Whether the camera should be framed for `phase` now: following, and a phase not framed yet.
  bool needs_framing(int phase) const { return following_ && (phase != framed_phase_ || angles_); }
  // Glides to frame `area` (where the hands work in `phase`, in the room) from the angles follow()
  // gave, else the camera's own. Holds still when the camera already frames nearly that (phases
  // on the same stretch of leg), so that it does not jiggle from phase to phase.
  void frame(scene::OrbitCamera& camera, int phase, const scene::Bounds& area);

 private:
  bool following_ = false;
  std::optional<scene::ViewAngles> angles_;  // to turn to on the next framing
  bool at_once_ = false;                     // ...without a glide
  int framed_phase_ = -1;
};

}  // namespace kneeviz::stage
