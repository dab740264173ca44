#pragma once
// The therapist's two hands at a moment of a technique: which hand does what (HandUse, from the
// technique data), where each goes on the skin, and each fitted to the posed skin by its whole
// contact surface (technique/hand_fit.h), with the dents the pressing hands leave in the skin.
// The right hand works; the left one supports, works beside it, reinforces it or alternates with
// it. Both come from the same side of the limb and keep their orientation through a technique.
// No GL: the renderer draws the meshes as props beside the anatomy.

#include <array>
#include <map>
#include <memory>
#include <vector>

#include "scene/model.h"
#include "scene/skin_dent.h"
#include "technique/hand_fit.h"
#include "technique/timeline.h"

namespace kneeviz::technique {

enum class HandSide { right, left };

// How far a hand presses the skin in at the firmest (pressure 1): soft tissue gives a few mm.
inline constexpr float kMaxPressInM = 0.006f;

struct PosedHand {
  HandSide side = HandSide::right;
  std::string name;          // "hand-right", "hand-left"
  scene::Mesh mesh;          // the hand with its forearm, in world space
  Contact posture = Contact::palm;
  bool working = false;      // does the stroke (else it supports, reinforces or rests)
  bool on_skin = false;      // rests on the skin by its contact surface
  bool on_hand = false;      // rests on the other hand (reinforcing)
  float pressure = 0.f;      // 0..1, what it presses the skin with
  float press_m = 0.f;       // how far its contact surface is below the undented skin
  const HandShape* shape = nullptr;  // its shape: mesh vertices index like shape->mesh()'s
  HandFrame frame;                   // where it was put, after turning to the skin
};

struct PosedHands {
  std::array<PosedHand, 2> hands;      // right, then left
  std::vector<scene::SkinDent> dents;  // one per hand pressing the skin
};

class TherapistHands {
 public:
  TherapistHands() = default;
  // Both hands at `t` of `timeline` (clamped to its duration). Builds the hand meshes it needs on
  // first use (a few tens of milliseconds each).
  PosedHands pose(const TechniqueTimeline& timeline, double t) const;

  // The shape of one hand in one posture (built on first use, kept).
  const HandShape& shape(Contact posture, HandSide side) const;

 private:
  mutable std::map<std::pair<int, int>, std::unique_ptr<HandShape>> shapes_;
};

// The hand's frame for a pose: on the skin at pose.position, +Y its normal, fingers along the limb
// (up toward the heart; down on a glide that travels down), so the hand keeps its orientation
// through circles, oscillations and taps instead of spinning with each instant's motion.
HandFrame frame_for(const TechniqueTimeline& timeline, const HandPose& pose);

}  // namespace kneeviz::technique
