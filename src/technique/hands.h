#pragma once
// The therapist's two hands at a moment of a technique: which hand does what (HandUse, from the
// technique data), where each goes on the skin, and each fitted to the posed skin by its whole
// contact surface (technique/hand_fit.h), with the dents the pressing hands leave in the skin.
// The right hand works; the left one supports, works beside it, reinforces it or alternates with
// it. Both come from the same side of the limb and keep their orientation through a technique.
// No GL: the renderer draws the meshes as props beside the anatomy.

#include <array>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "clinic/clinic_content.h"
#include "scene/model.h"
#include "scene/skin_dent.h"
#include "technique/hand_fit.h"
#include "technique/timeline.h"

namespace kneeviz::technique {

enum class HandSide { right, left };

// How far a hand presses the skin in at the firmest (pressure 1): soft tissue gives a few mm.
inline constexpr float kMaxPressInM = 0.006f;

// Pressures up to this are light (the stroke's 0..1 scale): all a caution zone may take.
inline constexpr float kLightPressure = 0.35f;

// The caution zone a point on (or just off) the skin lies in, as an id, or an empty string. The
// caller knows the zones (clinic/); the hands only ask.
using ZoneAt = std::function<std::string(const LimbFrame& frame, const glm::vec3& point)>;
// The lookup for `zones` (limb coordinates: LimbFrame::coordinates()); `zones` must outlive it.
ZoneAt zone_lookup(const std::vector<clinic::CautionZone>& zones);

struct PosedHand {
  HandSide side = HandSide::right;
  std::string name;  // "hand-right", "hand-left"
  scene::Mesh mesh;  // the hand with its forearm, in world space
  Contact posture = Contact::palm;
  bool working = false;              // does the stroke (else it supports, reinforces or rests)
  bool on_skin = false;              // rests on the skin by its contact surface
  bool on_hand = false;              // rests on the other hand (reinforcing)
  float pressure = 0.f;              // 0..1, what it presses the skin with
  float press_m = 0.f;               // how far its contact surface is below the undented skin
  std::string eased_for;             // a caution zone it lies on, so it presses only lightly (else empty)
  const HandShape* shape = nullptr;  // its shape: mesh vertices index like shape->mesh()'s
  HandFrame frame;                   // where it was put, after turning to the skin
  glm::vec3 wrist{0.f};              // its wrist joint, in the room (see FittedHand)
  float flattened_m = 0.f;           // how far its lowest part was pressed up flat on the table
};

struct PosedHands {
  std::array<PosedHand, 2> hands;      // right, then left
  std::vector<scene::SkinDent> dents;  // one per hand pressing the skin
};

class TherapistHands {
 public:
  // With `zone_at`, a hand whose resting parts lie on a caution zone presses no more than lightly
  // there, whatever the stroke asks, as a therapist eases off over the femoral triangle.
  explicit TherapistHands(ZoneAt zone_at = {}) : zone_at_(std::move(zone_at)) {}
  // Both hands at `t` of `timeline` (clamped to its duration). Builds the hand meshes it needs on
  // first use (a few tens of milliseconds each).
  PosedHands pose(const TechniqueTimeline& timeline, double t) const;

  // The shape of one hand in one posture (built on first use, kept).
  const HandShape& shape(Contact posture, HandSide side) const;

 private:
  ZoneAt zone_at_;
  mutable std::map<std::pair<int, int>, std::unique_ptr<HandShape>> shapes_;
};

// A contact-surface point lies on the skin when it is within this of where its hand presses to.
inline constexpr float kOnSkinTolerance = 0.003f;
// The share of a resting hand's contact surface that should lie on the skin at every moment.
inline constexpr float kContactShareGoal = 0.8f;

// The share (0..1, weighted by area) of `hand`'s contact surface that lies on `skin` (the skin it
// was fitted to, undented): within kOnSkinTolerance of where the hand presses to. 0 for a hand
// without a shape.
float contact_share(const PosedHand& hand, const SkinSurface& skin);

// How deep (m) any vertex of `inner` (every `stride`-th) lies inside the closed mesh `outer`: 0
// when none does. Two hands are closed meshes; one put into the other shows as a hand through a
// hand.
float hand_inside(const scene::Mesh& inner, const scene::Mesh& outer, int stride = 1);

// How far the fingers turn from the limb's axis so that the forearms come in from the therapist's
// side (the limb's lateral side), in degrees.
inline constexpr float kArmYawDeg = 20.f;
// On a table, toward the side of it the therapist stands on (Lying::toward_therapist).
inline constexpr float kTableArmYawDeg = 25.f;
// A stroke with the flat of the forearm lays it nearly along the limb: laid across a limb a straight
// forearm touches it in one spot and rises off its curve (across a side-lying thigh, the hand
// stood 10 cm in the air); along it, it lies on it over its length, as a therapist's does.
inline constexpr float kForearmYawDeg = 8.f;

// Whether a technique's hands point down the limb (its glides travel mostly down: from the hip
// toward the knee) rather than up it, toward the heart. One answer for the whole technique.
bool fingers_point_down(const Technique& technique);

// How far the skin under a working hand is drawn along with it at most (m), and the pressure up to
// which a glide is a skin stretch (lymphatic drainage) rather than a stroke that slides.
inline constexpr float kMaxDragM = 0.006f;
inline constexpr float kSkinStretchPressure = 0.2f;

// How the skin under the working hand moves with it at this moment: with the finger in friction,
// circles and oscillations (from the middle of the cycle to under the hand), ahead of the hand in
// a skin-stretch glide; tangent, at most kMaxDragM; zero out of contact and for taps.
glm::vec3 skin_drag(const TechniqueTimeline& timeline, const HandPose& pose);

// The hand's frame for a pose: on the skin at pose.position, +Y square to the limb, fingers along
// it (fingers_point_down()) turned kArmYawDeg so the forearm comes from the lateral side. The
// same through circles, oscillations, taps and returns, and through every stroke of a technique,
// instead of spinning with each instant's motion or flipping between strokes.
HandFrame frame_for(const TechniqueTimeline& timeline, const HandPose& pose);

}  // namespace kneeviz::technique
