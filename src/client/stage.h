#pragma once
// The client's position as a window or a recording shows it over time: each stage laid once and
// kept while nothing changes, the turn from one position to the next, and what a camera must
// hold of the leg on the table. Data and geometry only: no GL.

#include <glm/glm.hpp>

#include "client/client_scene.h"
#include "scene/model.h"
#include "scene/pose.h"

namespace kneeviz::client {

// The stages a window or a recording goes through, each laid once: a new one only when the
// position, the supports or the knee's flexion change (laying the leg out takes milliseconds).
class StageKeeper {
 public:
  explicit StageKeeper(const scene::Model& model) : model_(model) {}
  const ClientScene& at(Position position, const Supports& supports, float knee_flexion_deg);

 private:
  const scene::Model& model_;
  ClientScene stage_;
  bool laid_ = false;
  Supports supports_;
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
  const ClientScene& show(const ClientScene& target, double now);
  // Still turning at the last call.
  bool moving() const { return moving_; }

 private:
  bool started_ = false, moving_ = false;
  Position shown_position_ = Position::anatomical;
  glm::mat4 from_{1.f}, last_{1.f};
  double since_ = 0.0;
  ClientScene between_;
};

// A rigid placement a share `t` (0..1) of the way from `a` to `b`: the rotation turned by
// spherical interpolation, the position moved straight, plus `lift` up (+Y) at the middle.
glm::mat4 placement_between(const glm::mat4& a, const glm::mat4& b, float t, float lift);

// The posed model where it lies in the room together with the stage's props: what a camera must
// hold in its depth range.
scene::Bounds room_bounds(const scene::Model& model, const scene::Pose& pose, const ClientScene& stage);

}  // namespace kneeviz::client
