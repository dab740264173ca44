#include "technique/hands.h"

#include <algorithm>
#include <cmath>

#include "technique/hand_model.h"

namespace kneeviz::technique {

namespace {

constexpr float kGap = 0.01f;          // m between two hands side by side
constexpr float kRestingLift = 0.05f;  // m, a hand waiting for its turn

// How far a hand reaches toward its thumb's side (+X of a right hand), near the skin.
float thumb_reach(const HandShape& right) {
  float reach = 0.f;
  for (const scene::Vertex& v : right.mesh().vertices)
    if (v.position.y < 0.03f) reach = std::max(reach, v.position.x);
  return reach;
}

HandFrame orthonormal(glm::vec3 origin, glm::vec3 y, glm::vec3 forward) {
  HandFrame frame;
  frame.origin = origin;
  frame.y = glm::normalize(y);
  glm::vec3 z = forward - frame.y * glm::dot(forward, frame.y);
  z = glm::length(z) > 1e-5f ? glm::normalize(z) : glm::normalize(glm::cross(frame.y, glm::vec3(1.f, 0.f, 0.f)));
  frame.z = z;
  frame.x = glm::cross(frame.y, frame.z);
  return frame;
}

// The frame moved `across` metres along its x over the skin.
HandFrame shifted(const SkinSurface& skin, const HandFrame& frame, float across) {
  const glm::vec3 target = frame.origin + frame.x * across;
  const auto hit = skin_below(skin, target, frame.y);
  if (!hit) return orthonormal(target, frame.y, frame.z);
  // Between the surface's normal and the frame's, so a hand at the limb's edge does not turn away.
  return orthonormal(hit->point, glm::normalize(hit->normal + frame.y), frame.z);
}

double half_cycle(const Technique& technique, const HandPose& pose) {
  if (pose.phase < 0 || pose.phase >= int(technique.phases.size())) return 0.0;
  const Phase& phase = technique.phases[std::size_t(pose.phase)];
  if (pose.stroke < 0 || pose.stroke >= int(phase.strokes.size())) return 0.0;
  const Stroke& stroke = phase.strokes[std::size_t(pose.stroke)];
  if (stroke.motion == Motion::taps && stroke.frequency_hz > 0.f) return 0.5 / stroke.frequency_hz;
  return 0.5 * stroke.duration_s;
}

}  // namespace

HandFrame frame_for(const TechniqueTimeline& timeline, const HandPose& pose) {
  glm::vec3 forward = pose.direction;
  const Technique& t = timeline.technique();
  if (pose.phase >= 0 && pose.phase < int(t.phases.size()) && pose.stroke >= 0 &&
      pose.stroke < int(t.phases[std::size_t(pose.phase)].strokes.size())) {
    const Stroke& stroke = t.phases[std::size_t(pose.phase)].strokes[std::size_t(pose.stroke)];
    const SegmentAxes axes = timeline.frame_at(pose.time).axes(stroke.segment, stroke.from);
    const bool glides_down =
        (stroke.motion == Motion::glide || stroke.motion == Motion::circles_on_glide) && stroke.to > stroke.from;
    forward = glides_down ? axes.along : -axes.along;
    // Square to the limb: the skin's own normal tilts wherever the limb tapers or bulges (toward
    // the foot above the knee), and a hand turned with it would lay its forearm into the leg. The
    // fit then turns the hand to the skin under its whole contact surface.
    const glm::vec3 radial = pose.normal - axes.along * glm::dot(pose.normal, axes.along);
    if (glm::length(radial) > 0.3f) return orthonormal(pose.position, glm::normalize(radial), forward);
  }
  return orthonormal(pose.position, pose.normal, forward);
}

const HandShape& TherapistHands::shape(Contact posture, HandSide side) const {
  const auto key = std::make_pair(int(posture), int(side));
  auto found = shapes_.find(key);
  if (found == shapes_.end())
    found = shapes_.emplace(key, std::make_unique<HandShape>(make_hand(posture), side == HandSide::left)).first;
  return *found->second;
}

PosedHands TherapistHands::pose(const TechniqueTimeline& timeline, double t) const {
  PosedHands posed;
  const HandPose pose = timeline.pose_at(t);
  const Technique& technique = timeline.technique();
  const SkinSurface& skin = timeline.frame_at(pose.time).skin();
  const SkinSurface* skin_only[] = {&skin};
  const HandFrame base = frame_for(timeline, pose);
  const Contact working = technique.contact;

  const auto place = [&](HandSide side, Contact posture, const HandFrame& frame, bool on_skin, float pressure,
                         float lift, std::span<const SkinSurface* const> surfaces, bool is_working) {
    PosedHand& hand = posed.hands[side == HandSide::right ? 0 : 1];
    hand.side = side;
    hand.name = side == HandSide::right ? "hand-right" : "hand-left";
    hand.posture = posture;
    hand.shape = &shape(posture, side);
    hand.working = is_working;
    hand.on_skin = on_skin;
    hand.pressure = on_skin ? pressure : 0.f;
    hand.press_m = hand.pressure * kMaxPressInM;
    FittedHand fitted = fit_hand(*hand.shape, frame, surfaces, on_skin, hand.press_m, lift);
    hand.mesh = std::move(fitted.mesh);
    hand.frame = fitted.frame;
    hand.mesh.name = hand.name;
    if (on_skin && fitted.dent.depth > 0.f) posed.dents.push_back(fitted.dent);
  };
  const auto working_hand = [&](const HandFrame& frame) {
    place(HandSide::right, working, frame, pose.contact, pose.pressure, pose.lift_m, skin_only, true);
  };
  const float beside = thumb_reach(shape(working, HandSide::right)) + kGap;

  switch (hands_in_phase(technique, pose.phase)) {
    case HandUse::one: {
      working_hand(base);
      const float support = beside + thumb_reach(shape(Contact::palm, HandSide::right));
      place(HandSide::left, Contact::palm, shifted(skin, base, support), true, 0.f, 0.f, skin_only, false);
      break;
    }
    case HandUse::side_by_side: {
      working_hand(shifted(skin, base, -beside));
      place(HandSide::left, working, shifted(skin, base, beside), pose.contact, pose.pressure, pose.lift_m,
            skin_only, true);
      break;
    }
    case HandUse::reinforced: {
      working_hand(base);
      const scene::Mesh& under = posed.hands[0].mesh;
      std::vector<glm::vec3> positions, normals;
      positions.reserve(under.vertices.size());
      normals.reserve(under.vertices.size());
      for (const scene::Vertex& v : under.vertices) {
        positions.push_back(v.position);
        normals.push_back(v.normal);
      }
      const SkinSurface hand_surface(std::move(positions), std::move(normals), under.indices);
      const SkinSurface* skin_and_hand[] = {&skin, &hand_surface};
      // The pads of the other hand's fingers rest on the working thumb or fingertips, adding weight.
      place(HandSide::left, Contact::fingertips, base, true, 0.f, 0.f, skin_and_hand, false);
      posed.hands[1].on_skin = false;
      posed.hands[1].on_hand = true;
      break;
    }
    case HandUse::alternating: {
      working_hand(base);
      const double later = pose.time - half_cycle(technique, pose);
      const HandPose other = timeline.pose_at(std::max(later, 0.0));
      if (later >= 0.0 && other.phase == pose.phase && !other.transition)
        place(HandSide::left, working, shifted(skin, frame_for(timeline, other), 2.f * beside), other.contact,
              other.pressure, other.lift_m, skin_only, true);
      else
        place(HandSide::left, working, shifted(skin, base, 2.f * beside), false, 0.f, kRestingLift, skin_only,
              false);
      break;
    }
  }
  return posed;
}

}  // namespace kneeviz::technique
