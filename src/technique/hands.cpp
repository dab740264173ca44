#include "technique/hands.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <glm/gtc/matrix_transform.hpp>
#include <optional>
#include <tuple>

#include "technique/hand_model.h"
#include "technique/technique_file.h"

namespace kneeviz::technique {

namespace {

constexpr float kGap = 0.01f;          // m between two hands side by side
constexpr float kRestingLift = 0.05f;  // m, a hand waiting for its turn
// The most a hand's skin may face away from the therapist's side (its normal's share of the
// way from them) for two hands side by side on a table.
constexpr float kFarestFacing = -0.45f;
constexpr float kConvergeDeg = 25.f;  // the most a far hand of two side by side turns toward the therapist
constexpr float kSupportClearance = 0.09f;  // m from the working hand to a supporting hand's contact
// The therapist's elbows from the stroke's contact (m): behind it along the rest forearm's way,
// out toward their side of the table and up (a therapist standing at a table of working height
// holds the elbows well above the limb, so the forearms rise from the wrists instead of lying
// along the leg: at 13 cm a sixth of them did, docs/client.md); and how much of a hand's offset
// from the contact its elbow follows.
constexpr float kElbowBehind = 0.26f;
constexpr float kElbowOut = 0.10f;
constexpr float kElbowUp = 0.22f;
constexpr float kElbowsFollow = 0.7f;
constexpr float kElbowLeastSpread = 0.09f;
constexpr float kElbowBeside = 0.09f;      // m between two elbows of hands one on the other
constexpr float kSupportElbowOut = 0.22f;  // m toward the therapist from a supporting hand to its elbow
constexpr float kElbowLeastOut = 0.06f;    // m an elbow lies at least toward the therapist from its hand

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
  z = glm::length(z) > 1e-5f ? glm::normalize(z)
                             : glm::normalize(glm::cross(frame.y, glm::vec3(1.f, 0.f, 0.f)));
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

// The least a forearm rises toward the room's up from the hand, on a table: a therapist standing
// beside it reaches down to the limb, so the arm comes from above the hand, never from under it
// (or through the table) where the hand lies on the side of the limb.
constexpr float kArmRiseDeg = 20.f;

// How far (radians, about its normal) `frame` must turn, the palm staying where it is on the skin,
// for an arm going `arm` (the hand's frame) from it to rise at least kArmRiseDeg toward `up`: the
// smaller of the two turns that do it, or the turn that raises it most. 0 where it already rises
// so, or where the skin faces so nearly up or down that turning on it cannot raise the arm.
float arm_rise_turn(const HandFrame& frame, const glm::vec3& arm, const glm::vec3& up) {
  const float normal_up = glm::dot(frame.y, up);
  const glm::vec3 up_along_skin = up - frame.y * normal_up;  // in the skin's plane
  const float reach = std::hypot(arm.x, arm.z) * glm::length(up_along_skin);
  if (reach < 0.05f) return 0.f;
  const float rise = arm.y * normal_up;  // what the wrist's extension gives, whatever the turn
  const glm::vec3 arm_flat = glm::normalize(frame.x * arm.x + frame.z * arm.z);
  const glm::vec3 uphill = glm::normalize(up_along_skin);
  const float needed = std::clamp((std::sin(glm::radians(kArmRiseDeg)) - rise) / reach, -1.f, 1.f);
  const float now = glm::dot(arm_flat, uphill);
  if (now >= needed) return 0.f;
  // Angles about frame.y from the uphill direction: the arm lies at `from` and rises enough at
  // +-acos(needed).
  const float from = std::atan2(glm::dot(glm::cross(uphill, arm_flat), frame.y), now);
  return std::acos(needed) * (from >= 0.f ? 1.f : -1.f) - from;
}

HandFrame turned_on_skin(const HandFrame& frame, float turn) {
  if (turn == 0.f) return frame;
  const glm::mat3 rotate = glm::mat3(glm::rotate(glm::mat4(1.f), turn, frame.y));
  HandFrame turned = frame;
  turned.x = rotate * frame.x;
  turned.z = rotate * frame.z;
  return turned;
}

// The frame carried `across` metres along its x over the skin, in steps of at most 1 cm, each
// landing on the skin and turning with it: on a narrow limb a hand moved round its side stays on
// it instead of stepping off into the air.
HandFrame walked(const SkinSurface& skin, HandFrame frame, float across) {
  const int steps = std::max(1, int(std::ceil(std::abs(across) / 0.01f)));
  for (int i = 0; i < steps; ++i) {
    const auto hit = skin_below(skin, frame.origin + frame.x * (across / float(steps)), frame.y);
    if (!hit) return orthonormal(frame.origin + frame.x * (across / float(steps)), frame.y, frame.z);
    frame = orthonormal(hit->point, hit->normal, frame.z);
  }
  return frame;
}

// Two hands side by side across the limb (the left one on the right one's thumb side, as the
// arms come), `beside` metres each from their middle. Standing, the middle is the stroke's
// contact. On a table the pair moves round the limb, as little as it can, until both lie on skin
// that faces up enough for a hand to reach from above (never one on the skin against the table).
std::pair<HandFrame, HandFrame> pair_round_limb(const SkinSurface& skin, const HandFrame& base, float beside,
                                                const Lying& lying) {
  if (!lying.on_table) return {shifted(skin, base, -beside), shifted(skin, base, beside)};
  std::pair<HandFrame, HandFrame> best;
  float best_score = -2.f;
  for (const float middle : {0.f, 0.5f, -0.5f, 1.f, -1.f, 1.5f, -1.5f, 2.f, -2.f}) {
    const HandFrame right = walked(skin, base, (middle - 1.f) * beside);
    const HandFrame left = walked(skin, base, (middle + 1.f) * beside);
    const float score = std::min(glm::dot(right.y, lying.up), glm::dot(left.y, lying.up));
    // Neither on skin facing so far from the therapist that the wrist would bend back to reach it.
    const float away =
        std::min(glm::dot(right.y, lying.toward_therapist), glm::dot(left.y, lying.toward_therapist));
    if (score >= kReachableUp && away >= kFarestFacing) return {right, left};
    if (score > best_score) {
      best_score = score;
      best = {right, left};
    }
  }
  return best;
}

// `hand` turned on the skin so its forearm (behind it, -z) swings up to `most` radians toward the
// therapist's side of the table, no further than to point there.
HandFrame turned_toward_therapist(const HandFrame& hand, float most, const Lying& lying) {
  const glm::vec3 toward = lying.toward_therapist - hand.y * glm::dot(lying.toward_therapist, hand.y);
  if (glm::length(toward) < 0.2f || most <= 0.f) return hand;
  const glm::vec3 arm = -hand.z;
  const float angle = std::atan2(glm::dot(glm::cross(arm, toward), hand.y), glm::dot(arm, toward));
  return turned_on_skin(hand, std::clamp(angle, -most, most));
}

// Two hands side by side (pair_round_limb()). On a table their forearms converge toward the
// therapist as a therapist's do. Hands with a wrist turn their forearms there themselves
// (fit_hand()) and keep the stroke's frame, fingers along the limb. Without one (`rigid`), the
// hand further from the therapist's side turns on the skin so its forearm comes toward them
// (kConvergeDeg), across the limb, instead of lying along the limb's far half, which from where
// the therapist stands reads as reaching over the client's other leg.
std::pair<HandFrame, HandFrame> side_by_side_frames(const SkinSurface& skin, const HandFrame& base,
                                                    float beside, const Lying& lying, bool rigid) {
  auto [right, left] = pair_round_limb(skin, base, beside, lying);
  if (!lying.on_table || !rigid) return {right, left};
  // How much further from the therapist each hand lies than the other, 0..1 over 4 cm.
  const float apart = glm::dot(right.origin - left.origin, lying.toward_therapist);
  const float most = glm::radians(kConvergeDeg);
  const float right_far = std::clamp(-apart / 0.04f, 0.f, 1.f),
              left_far = std::clamp(apart / 0.04f, 0.f, 1.f);
  return {turned_toward_therapist(right, most * right_far, lying),
          turned_toward_therapist(left, most * left_far, lying)};
}

// The frame carried `across` metres over the skin (walked()); on a table, where that lies on skin
// facing too far from up for a hand to reach, as near to it on the limb's upper side as can be.
HandFrame reachable_beside(const SkinSurface& skin, const HandFrame& frame, float across,
                           const Lying& lying) {
  const HandFrame there = walked(skin, frame, across);
  if (!lying.on_table || glm::dot(there.y, lying.up) >= kReachableUp) return there;
  HandFrame best = there;
  for (const float share : {0.5f, 1.5f, -1.f, 0.f}) {
    const HandFrame other = walked(skin, frame, across * share);
    if (glm::dot(other.y, lying.up) >= kReachableUp) return other;
    if (glm::dot(other.y, lying.up) > glm::dot(best.y, lying.up)) best = other;
  }
  return best;
}

// Whether `p` lies at least kSupportClearance from every part of the working hand `working`.
bool clear_of(const scene::Mesh& working, const glm::vec3& p) {
  for (std::size_t i = 0; i < working.vertices.size(); i += 7)
    if (glm::distance(working.vertices[i].position, p) < kSupportClearance) return false;
  return true;
}

// A supporting hand's frame on a table: the same spot, its fingers pointing away from the
// therapist across the limb, as a hand laid over a thigh to steady it lies, so that its forearm
// comes from the therapist's side. Where the skin faces the therapist (nothing to lay it across)
// or lies beyond the top of the limb, and standing, as it was.
HandFrame across_limb(const HandFrame& frame, const Lying& lying) {
  if (!lying.on_table) return frame;
  const glm::vec3 away = -(lying.toward_therapist - frame.y * glm::dot(lying.toward_therapist, frame.y));
  if (glm::length(away) < 0.3f) return frame;
  // On skin beyond the top of the limb the way across runs down toward the table: fingers pointing
  // there would curl under the limb.
  if (glm::dot(glm::normalize(away), lying.up) < -0.25f) return frame;
  return orthonormal(frame.origin, frame.y, glm::normalize(away));
}

// Where a supporting hand can rest flat on the limb further along it from `frame` (on the same
// segment, the same side of it): beside a forearm, which covers a hand's length each way of its
// contact, there is no room across or just along the limb. Behind the working arm first (on its
// elbow's side, where the therapist leaning a forearm along the limb stands), its fingers pointing
// the working hand's way so that both forearms trail back toward the therapist; else beyond the
// working hand, its fingers pointing back toward it so that its own forearm trails away from it
// (not over it). With `same_way` (a hand, not a forearm, at work: the other hand lies beside it
// when it can and here only when it cannot), its fingers always point the working hand's way, so
// that its forearm does not swing round between those two places. nullopt when none is clear of
// the working arm and, on a table, facing up enough to reach.
std::optional<HandFrame> support_along_limb(const LimbFrame& limb, Segment segment, const HandFrame& frame,
                                            const scene::Mesh& working, const Lying& lying, bool same_way) {
  const LimbFrame::Coordinates at = limb.coordinates(segment, frame.origin);
  // Which way along the segment (its position growing) the working hand's fingers point.
  const float fingers_down =
      glm::dot(frame.z,
               limb.surface_point(segment, std::min(at.position + 0.1f, 1.f), at.angle_deg).position -
                   limb.surface_point(segment, std::max(at.position - 0.1f, 0.f), at.angle_deg).position) >=
              0.f
          ? 1.f
          : -1.f;
  for (const float ahead : {-0.35f, -0.5f, 0.35f, 0.5f, 0.65f, 0.8f}) {
    const float position = at.position + ahead * fingers_down;
    if (position < 0.05f || position > 0.95f) continue;
    const SkinPoint skin = limb.surface_point(segment, position, at.angle_deg);
    if (skin.hit && clear_of(working, skin.position) &&
        (!lying.on_table || glm::dot(skin.normal, lying.up) >= kReachableUp))
      return orthonormal(skin.position, skin.normal, ahead < 0.f || same_way ? frame.z : -frame.z);
  }
  return std::nullopt;
}

// Where a supporting hand can rest flat beside the working one: across the limb on either side,
// else along it, where the skin faces the same way (and, on a table, up enough to reach) and the
// working hand (`working`) is not; nullopt when nothing fits (a forearm along the whole thigh).
std::optional<HandFrame> support_frame(const SkinSurface& skin, const HandFrame& frame, float across,
                                       const scene::Mesh& working, const Lying& lying) {
  const glm::vec2 offsets[] = {{1.f, 0.f},   {-1.f, 0.f},   {0.75f, 0.f}, {-0.75f, 0.f},
                               {0.f, 0.22f}, {0.f, -0.22f}, {0.f, 0.3f},  {0.f, -0.3f}};
  for (const glm::vec2 offset : offsets) {
    const glm::vec3 target = frame.origin + frame.x * (across * offset.x) + frame.z * offset.y;
    const auto hit = skin.intersect(target + frame.y * 0.1f, -frame.y, 0.f, 0.2f);
    if (hit && glm::dot(hit->normal, frame.y) > 0.5f && clear_of(working, hit->point) &&
        (!lying.on_table || glm::dot(hit->normal, lying.up) >= kReachableUp))
      return orthonormal(hit->point, glm::normalize(hit->normal + frame.y), frame.z);
  }
  return std::nullopt;
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

bool fingers_point_down(const Technique& technique) {
  float down = 0.f, up = 0.f;
  for (const Phase& phase : technique.phases)
    for (const Stroke& stroke : phase.strokes) {
      if (stroke.motion != Motion::glide && stroke.motion != Motion::circles_on_glide) continue;
      const float travel = (stroke.to - stroke.from) * stroke.duration_s;
      (travel > 0.f ? down : up) += std::abs(travel);
    }
  return down > up;
}

ZoneAt zone_lookup(const std::vector<clinic::CautionZone>& zones) {
  return [&zones](const LimbFrame& frame, const glm::vec3& point) -> std::string {
    for (const clinic::CautionZone& zone : zones) {
      const auto segment = segment_from_string(zone.segment);
      if (!segment) continue;
      const LimbFrame::Coordinates c = frame.coordinates(*segment, point);
      if (zone.covers(zone.segment, c.position, c.angle_deg)) return zone.id;
    }
    return {};
  };
}

glm::vec3 skin_drag(const TechniqueTimeline& timeline, const HandPose& pose) {
  const Technique& t = timeline.technique();
  if (!pose.contact || pose.transition || pose.phase < 0 || pose.phase >= int(t.phases.size()))
    return glm::vec3(0.f);
  const Phase& phase = t.phases[std::size_t(pose.phase)];
  if (pose.stroke < 0 || pose.stroke >= int(phase.strokes.size())) return glm::vec3(0.f);
  const Stroke& stroke = phase.strokes[std::size_t(pose.stroke)];
  glm::vec3 drag(0.f);
  switch (stroke.motion) {
    case Motion::glide:
      // Skin stretch: the lightest glides (lymphatic drainage) draw the skin along ahead of them.
      if (stroke.pressure <= kSkinStretchPressure) drag = pose.direction * kMaxDragM;
      break;
    case Motion::cross_fibre:
    case Motion::side_to_side:
    case Motion::up_and_down:
    case Motion::stationary_circles:
    case Motion::circles_on_glide: {
      // The skin goes with the finger: it is moved from where it rests (the middle of the
      // oscillation, the mean over one cycle) to under the hand, up to what it can give.
      if (stroke.frequency_hz <= 0.f) break;
      const double period = 1.0 / stroke.frequency_hz;
      glm::vec3 centre(0.f);
      int count = 0;
      for (int i = 0; i < 8; ++i) {
        const HandPose at = timeline.pose_at(pose.time + period * ((i + 0.5) / 8.0 - 0.5));
        if (at.stroke != pose.stroke || at.phase != pose.phase || at.transition) continue;
        centre += at.position;
        ++count;
      }
      if (count >= 6) drag = pose.position - centre / float(count);
      break;
    }
    case Motion::taps:
      break;
  }
  const float length = glm::length(drag);
  return length > kMaxDragM ? drag * (kMaxDragM / length) : drag;
}

HandFrame frame_for(const TechniqueTimeline& timeline, const HandPose& pose) {
  glm::vec3 forward = pose.direction;
  const Technique& t = timeline.technique();
  if (pose.phase >= 0 && pose.phase < int(t.phases.size()) && pose.stroke >= 0 &&
      pose.stroke < int(t.phases[std::size_t(pose.phase)].strokes.size())) {
    const Stroke& stroke = t.phases[std::size_t(pose.phase)].strokes[std::size_t(pose.stroke)];
    const SegmentAxes axes = timeline.frame_at(pose.time).axes(stroke.segment, stroke.from);
    const glm::vec3 along = fingers_point_down(t) ? axes.along : -axes.along;
    // The therapist stands at the client's side, beside the treated leg's lateral edge: the
    // forearms come in from there, a little across the limb, and stay there through the whole
    // technique (a hand pointing the other way would mean a therapist walking round the table).
    // On a table they stand on one side of it, beside the thigh whichever side of the limb the
    // stroke is on (below the knee they may work from the foot of the table: the lateral side).
    const Lying& lying = timeline.lying_at(pose.time);
    glm::vec3 side = axes.lateral;
    if (lying.on_table && stroke.segment == Segment::thigh) {
      const glm::vec3 toward =
          lying.toward_therapist - axes.along * glm::dot(lying.toward_therapist, axes.along);
      if (glm::length(toward) > 0.2f) side = glm::normalize(toward);
    }
    const float yaw = glm::radians(t.contact == Contact::forearm ? kForearmYawDeg
                                   : side != axes.lateral        ? kTableArmYawDeg
                                                                 : kArmYawDeg);
    forward = std::cos(yaw) * along - std::sin(yaw) * side;
    // Square to the limb: the skin's own normal tilts wherever the limb tapers or bulges (toward
    // the foot above the knee), and a hand turned with it would lay its forearm into the leg. The
    // fit then turns the hand to the skin under its whole contact surface.
    const glm::vec3 radial = pose.normal - axes.along * glm::dot(pose.normal, axes.along);
    if (glm::length(radial) > 0.3f) return orthonormal(pose.position, glm::normalize(radial), forward);
  }
  return orthonormal(pose.position, pose.normal, forward);
}

namespace {

// The turn on the skin (arm_rise_turn()) the working hand needs through the stroke of `pose`, as
// the client lies, where `placed` puts it for a contact (side by side with the other hand, it
// lies further round the limb than the stroke's line): the largest needed at the stroke's start,
// middle and end, held for the whole stroke, so a hand keeps one orientation through the
// stroke's circles and oscillations and only turns anew in the air between strokes. 0 standing,
// or between phases.
float stroke_arm_turn(const TechniqueTimeline& timeline, const HandPose& pose, const glm::vec3& arm,
                      const std::function<HandFrame(const HandFrame&)>& placed) {
  const Lying& lying = timeline.lying_at(pose.time);
  const Stroke* laid = timeline.laid_stroke(pose.phase, pose.stroke);
  if (!lying.on_table || !laid) return 0.f;
  const LimbFrame& leg = timeline.frame_at(pose.time);
  const Stroke& stroke = *laid;
  const float to = stroke.motion == Motion::stationary_circles ? stroke.from : stroke.to;
  const float swing =
      std::remainder(stroke.angle_to_deg.value_or(stroke.angle_deg) - stroke.angle_deg, 360.f);
  float turn = 0.f;
  for (const float u : {0.f, 0.5f, 1.f}) {
    const SkinPoint skin =
        leg.surface_point(stroke.segment, stroke.from + (to - stroke.from) * u, stroke.angle_deg + swing * u);
    HandPose at = pose;
    at.position = skin.position;
    at.normal = skin.normal;
    const float here = arm_rise_turn(placed(frame_for(timeline, at)), arm, lying.up);
    if (std::abs(here) > std::abs(turn)) turn = here;
  }
  return turn;
}

// Where a hand steadying the leg for a hand at work near the knee rests on a table: flat on the top
// of the thigh a hand's breadth and more above the knee (these shares of the thigh from the hip),
// where the limb is wide and faces up, in one place through the whole technique. Placed beside
// the working hand it stood on its edge on the side of the knee, half its palm off the skin, and
// hopped from place to place as the small strokes moved the working hand.
constexpr float kSteadyAlongThigh[] = {0.5f, 0.42f, 0.58f, 0.35f};

// Tries the places of kSteadyAlongThigh in turn, each turned round the thigh to where its skin
// faces most up, until `fits` (which places the hand there) says it fits; false when none did (the
// hand is left at the last place tried).
bool steady_on_thigh(const LimbFrame& limb, const Lying& lying,
                     const std::function<bool(const HandFrame&)>& fits) {
  for (const float along : kSteadyAlongThigh) {
    std::optional<SkinPoint> top;
    for (float angle = 0.f; angle < 360.f; angle += 15.f) {
      const SkinPoint skin = limb.surface_point(Segment::thigh, along, angle);
      if (skin.hit && (!top || glm::dot(skin.normal, lying.up) > glm::dot(top->normal, lying.up))) top = skin;
    }
    if (!top || glm::dot(top->normal, lying.up) < kReachableUp) continue;
    // Fingers toward the knee to begin with; across_limb() turns them across the thigh.
    const glm::vec3 down = limb.surface_point(Segment::thigh, std::min(along + 0.1f, 1.f), 0.f).position -
                           limb.surface_point(Segment::thigh, along, 0.f).position;
    if (fits(orthonormal(top->position, top->normal, glm::normalize(down)))) return true;
  }
  return false;
}

// How many centimetres, one at a time, a hand may be moved each way off the other one, at most.
constexpr int kApartSteps = 12;
// A hand moved out of the other's way goes no further round the limb than where it faces this far
// down (the cosine of its normal with the room's up): on a table, further round is under the limb,
// where it would face the padding with its wrist below it.
constexpr float kLeastFacingUp = -0.1f;
// ...and on the skin no lower than where the padding would press its fingertips up more than this.
constexpr float kMostFlattened = 0.004f;
// How deep one hand may lie in the other (m): the give of two gloved hands touching, and of one
// resting its weight on the other.
constexpr float kHandsTouch = 0.002f;
constexpr float kRestingGive = 0.0035f;
// How deep a hand may lie in the volumes standing for the rest of the client (m): the give of a
// hand resting on a body, and no more.
constexpr float kClientGive = 0.003f;
// How many centimetres, one at a time, a hand may be moved along the skin out of them, at most.
constexpr int kOutOfClientSteps = 12;
// How much of its contact share a hand moved out of them may give up below what it had.
constexpr float kShareGive = 0.02f;
// A hand resting on the other one is raised off it up to kLiftSteps times kLiftStep (m).
constexpr int kLiftSteps = 8;
constexpr float kLiftStep = 0.003f;

// How deep the two hands pass into each other (each one's vertices, every other one, inside the
// other), and whether deeper than `give`.
float between(const PosedHands& posed) {
  return std::max(hand_inside(posed.hands[1].mesh, posed.hands[0].mesh, 2),
                  hand_inside(posed.hands[0].mesh, posed.hands[1].mesh, 2));
}
bool meet(const PosedHands& posed, float give) {
  return between(posed) > give;
}

// The deepest point of `hand` (every other vertex) in the rest of the client as `lying` has it,
// and how deep (0 and the origin where none is inside).
struct InClient {
  float depth = 0.f;
  glm::vec3 at{0.f};
};
InClient into_client(const scene::Mesh& hand, const Lying& lying) {
  InClient deepest;
  for (std::size_t i = 0; i < hand.vertices.size(); i += 2) {
    const float depth = lying.depth_into_client(hand.vertices[i].position);
    if (depth > deepest.depth) deepest = {depth, hand.vertices[i].position};
  }
  return deepest;
}

// Which way, flat on the skin at `frame`, leads fastest out of the rest of the client from `at`
// (the volume's outward direction there), unit; zero where that way stands square to the skin.
glm::vec3 out_of_client(const glm::vec3& at, const Lying& lying, const HandFrame& frame) {
  constexpr float kStep = 0.005f;
  glm::vec3 out(0.f);
  for (int c = 0; c < 3; ++c) {
    glm::vec3 step(0.f);
    step[c] = kStep;
    out[c] = lying.depth_into_client(at - step) - lying.depth_into_client(at + step);
  }
  out -= frame.y * glm::dot(out, frame.y);
  return glm::length(out) > 1e-6f ? glm::normalize(out) : glm::vec3(0.f);
}

// Where the therapist's elbows are, as a function of where a hand lies: behind the stroke's
// contact (`base`) along the limb the way the working hand's rest forearm goes (`arm`, in its
// frame's axes; flat in the room, its share toward the therapist taken out), out toward the
// therapist's side of the table and up, as for a therapist standing at the table with the elbows a
// little bent. Each hand's elbow moves with it by most of its offset from the contact, so two
// forearms converge a little toward the therapist instead of running parallel, and always lies
// toward the therapist from the hand: a hand low on the near side of the knee does not reach back
// across it to an elbow set by the other hand.
std::function<glm::vec3(const glm::vec3&)> elbows_at(const HandFrame& base, const glm::vec3& arm,
                                                     const Lying& lying) {
  const glm::vec3 rest = base.direction(arm);
  glm::vec3 back = rest - lying.up * glm::dot(rest, lying.up);
  back -= lying.toward_therapist * glm::dot(back, lying.toward_therapist);
  back = glm::length(back) > 0.3f ? glm::normalize(back) : glm::vec3(0.f);
  const glm::vec3 middle =
      base.origin + back * kElbowBehind + lying.toward_therapist * kElbowOut + lying.up * kElbowUp;
  return [middle, base, lying](const glm::vec3& hand) {
    const glm::vec3 offset = hand - base.origin;
    const glm::vec3 flat = offset - lying.up * glm::dot(offset, lying.up);
    // At least kElbowLeastSpread from the middle, so that two forearms converging on the therapist
    // keep a forearm's breadth between them where they end instead of running into each other.
    const float spread = glm::length(flat);
    glm::vec3 elbow =
        middle + (spread > 1e-3f ? flat * (std::max(spread * kElbowsFollow, kElbowLeastSpread) / spread)
                                 : glm::vec3(0.f));
    const float out = glm::dot(elbow - hand, lying.toward_therapist);
    if (out < kElbowLeastOut) elbow += lying.toward_therapist * (kElbowLeastOut - out);
    return elbow;
  };
}

}  // namespace

const HandShape& TherapistHands::shape(Contact posture, HandSide side) const {
  const auto key = std::make_pair(int(posture), int(side));
  auto found = shapes_.find(key);
  if (found == shapes_.end()) {
    // A forearm that is itself the contact has no wrist to turn: it lies along the skin.
    HandArm arm;
    scene::Mesh mesh = make_hand(posture, 0.f, &arm);
    std::optional<HandArm> wrist;
    if (posture != Contact::forearm) wrist = arm;
    found = shapes_.emplace(key, std::make_unique<HandShape>(std::move(mesh), side == HandSide::left, wrist))
                .first;
  }
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

  // On a table the forearms come from above and from the therapist's side: turned about the wrist
  // toward the therapist's elbow (fit_hand()); a forearm that is itself the contact, with no wrist
  // to turn (`rigid_arms`), by turning the hand on the skin instead (stroke_arm_turn()).
  const bool rigid_arms = !shape(working, HandSide::right).has_wrist();
  const float beside = thumb_reach(shape(working, HandSide::right)) + kGap;
  const HandUse use = hands_in_phase(technique, pose.phase);
  // The working hand's frame where the stroke puts the contact at `at` (moved round the limb
  // beside the other hand when the two work side by side).
  const auto working_frame = [&](const HandFrame& at) {
    return use == HandUse::side_by_side
               ? side_by_side_frames(skin, at, beside, timeline.lying_at(pose.time), rigid_arms).first
               : at;
  };
  const float arm_turn =
      rigid_arms
          ? stroke_arm_turn(timeline, pose, shape(working, HandSide::right).arm_direction(), working_frame)
          : 0.f;
  // On a table the forearms point from the wrists to the therapist's elbows (fit_hand()).
  const Lying& lying_now = timeline.lying_at(pose.time);
  const auto elbow_for = [&, elbows =
                                 elbows_at(base, shape(working, HandSide::right).arm_direction(), lying_now)](
                             const glm::vec3& hand) -> std::optional<glm::vec3> {
    if (!lying_now.on_table) return std::nullopt;
    return elbows(hand);
  };
  // How each hand was last placed, and which dent is its own, to place it again elsewhere.
  struct Placement {
    Contact posture;
    HandFrame frame;
    bool on_skin;
    float pressure, lift;
    const SkinSurface* surface;
    bool working;
    glm::vec3 drag;
    bool supporting;
  };
  std::array<std::optional<Placement>, 2> placed_with;
  std::array<std::optional<std::size_t>, 2> own_dent;
  const auto place = [&](HandSide side, Contact posture, const HandFrame& frame, bool on_skin, float pressure,
                         float lift, std::span<const SkinSurface* const> surfaces, bool is_working,
                         glm::vec3 drag = glm::vec3(0.f), bool supporting = false) {
    const std::size_t index = side == HandSide::right ? 0 : 1;
    // Only a hand placed on the skin alone can be placed again: a hand resting on the other one
    // was fitted to a surface made of that hand for the moment.
    if (surfaces.size() == 1)
      placed_with[index] =
          Placement{posture, frame, on_skin, pressure, lift, surfaces[0], is_working, drag, supporting};
    else
      placed_with[index].reset();
    own_dent[index].reset();
    PosedHand& hand = posed.hands[index];
    hand.side = side;
    hand.name = side == HandSide::right ? "hand-right" : "hand-left";
    hand.posture = posture;
    hand.shape = &shape(posture, side);
    hand.working = is_working;
    hand.on_skin = on_skin;
    hand.pressure = on_skin ? pressure : 0.f;
    hand.press_m = hand.pressure * kMaxPressInM;
    hand.eased_for.clear();
    hand.flattened_m = 0.f;
    // A hand with a wrist keeps the stroke's frame and turns its forearm at the wrist. Without one:
    // the working hand, and a hand lying on it, keep the stroke's turn through the stroke; a hand
    // beside them (on other skin, further round the limb), a hand moving between strokes and an arm
    // the stroke's turn leaves pointing down here turn the least they need at this moment.
    const bool keeps_stroke_turn = side == HandSide::right || surfaces.size() > 1;
    const HandFrame stroke_turned = turned_on_skin(frame, keeps_stroke_turn ? arm_turn : 0.f);
    const Lying& lying = timeline.lying_at(pose.time);
    const glm::vec3 arm = hand.shape->arm_direction();
    const float arm_rise = glm::dot(stroke_turned.direction(arm), lying.up);
    const HandFrame from_above =
        hand.shape->has_wrist() ? frame
        : lying.on_table && (!keeps_stroke_turn || pose.transition || arm_rise < 0.f)
            ? turned_on_skin(stroke_turned, arm_rise_turn(stroke_turned, arm, lying.up))
            : stroke_turned;
    // A hand resting on the other one has its elbow beside that one's, nearer the therapist, so
    // its forearm lies alongside the working forearm instead of standing up off it.
    std::optional<glm::vec3> elbow = elbow_for(from_above.origin);
    if (elbow && surfaces.size() > 1) *elbow += lying.toward_therapist * kElbowBeside;
    // A hand resting on the limb to steady it has its elbow beside it, out toward the therapist:
    // its forearm comes from the therapist's side, not along the limb over the working hand.
    if (elbow && supporting)
      *elbow = from_above.origin + lying.toward_therapist * kSupportElbowOut + lying.up * kElbowUp;
    FittedHand fitted = fit_hand(*hand.shape, from_above, surfaces, on_skin, hand.press_m, lift, elbow);
    if (zone_at_ && hand.pressure > kLightPressure) {
      const LimbFrame& limb = timeline.frame_at(pose.time);
      const auto& shell = hand.shape->shell_vertices();
      for (std::size_t i = 0; i < shell.size() && hand.eased_for.empty(); ++i)
        hand.eased_for = zone_at_(limb, fitted.mesh.vertices[shell[i]].position);
      if (!hand.eased_for.empty()) {
        hand.pressure = kLightPressure;
        hand.press_m = hand.pressure * kMaxPressInM;
        fitted = fit_hand(*hand.shape, from_above, surfaces, on_skin, hand.press_m, lift, elbow);
      }
    }
    hand.mesh = std::move(fitted.mesh);
    hand.frame = fitted.frame;
    hand.wrist = fitted.wrist;
    if (lying.on_table && !on_skin) {
      // A hand in the air between strokes that would reach down past the padding (lifted off the
      // side of a limb that lies on the table) is held higher, whole: flattened against the
      // padding its fingers would crumple.
      float under = 0.f;
      for (const scene::Vertex& v : hand.mesh.vertices)
        under = std::max(under, lying.table_level - glm::dot(lying.up, v.position));
      if (under > 0.f) {
        for (scene::Vertex& v : hand.mesh.vertices) v.position += lying.up * under;
        hand.frame.origin += lying.up * under;
        hand.wrist += lying.up * under;
      }
    } else if (lying.on_table) {
      // Where a hand low on the limb meets the table, its fingertips flatten against the padding.
      hand.flattened_m = keep_above(hand.mesh, lying.up, lying.table_level);
    }
    hand.mesh.name = hand.name;
    fitted.dent.shift = drag - fitted.dent.normal * glm::dot(drag, fitted.dent.normal);
    if (on_skin && (fitted.dent.depth > 0.f || glm::length(drag) > 0.f)) {
      own_dent[index] = posed.dents.size();
      posed.dents.push_back(fitted.dent);
    }
  };
  // Where the left hand was put on the skin beside the right one (not on it), to move it off the
  // right one should the two meet (below).
  struct LeftPlacement {
    Contact posture;
    HandFrame frame;
    bool on_skin;
    float pressure, lift;
    bool working;
    glm::vec3 drag;
    std::size_t dents_before;
    bool supporting = false;
  };
  std::optional<LeftPlacement> left_beside;
  const auto place_left = [&](const LeftPlacement& at) {
    left_beside = at;
    left_beside->dents_before = posed.dents.size();
    place(HandSide::left, at.posture, at.frame, at.on_skin, at.pressure, at.lift, skin_only, at.working,
          at.drag, at.supporting);
  };
  const glm::vec3 drag = skin_drag(timeline, pose);
  const auto working_hand = [&](const HandFrame& frame) {
    place(HandSide::right, working, frame, pose.contact, pose.pressure, pose.lift_m, skin_only, true, drag);
  };
  // The left hand lying on the right one (placed first), which it reinforces or guides.
  const auto rest_on_working_hand = [&](Contact posture) {
    const SkinSurface hand_surface = SkinSurface::from_mesh(posed.hands[0].mesh, {}, {});
    const SkinSurface* skin_and_hand[] = {&skin, &hand_surface};
    place(HandSide::left, posture, base, true, 0.f, 0.f, skin_and_hand, false);
    // Where its fit sank it into the hand or arm below (a palm across a fist, a forearm over a
    // forearm), it rests a little higher, a few millimetres at a time.
    for (int step = 1; step <= kLiftSteps && meet(posed, kRestingGive); ++step)
      place(HandSide::left, posture, base, false, 0.f, kLiftStep * float(step), skin_and_hand, false);
    posed.hands[1].on_skin = false;
    posed.hands[1].on_hand = true;
  };

  switch (use) {
    case HandUse::one: {
      working_hand(base);
      const Lying& lying = timeline.lying_at(pose.time);
      const std::size_t dents_before = posed.dents.size();
      if (lying.on_table && working != Contact::forearm &&
          steady_on_thigh(timeline.frame_at(pose.time), lying, [&](const HandFrame& spot) {
            posed.dents.resize(dents_before);
            place_left(
                {Contact::palm, across_limb(spot, lying), true, 0.f, 0.f, false, glm::vec3(0.f), 0, true});
            return !meet(posed, kHandsTouch);
          }))
        break;
      posed.dents.resize(dents_before);
      const float support = beside + thumb_reach(shape(Contact::palm, HandSide::right));
      if (const auto beside_it =
              support_frame(skin, base, support, posed.hands[0].mesh, timeline.lying_at(pose.time))) {
        place_left({Contact::palm, across_limb(*beside_it, timeline.lying_at(pose.time)), true, 0.f, 0.f,
                    false, glm::vec3(0.f), 0, true});
        break;
      }
      // Further along the limb: beside a forearm the only place it leaves room for it; round a
      // knee bent over a bolster, where the skin beside the working hand faces away.
      if (const Stroke* stroke = timeline.laid_stroke(pose.phase, pose.stroke)) {
        if (const auto along_it =
                support_along_limb(timeline.frame_at(pose.time), stroke->segment, base, posed.hands[0].mesh,
                                   timeline.lying_at(pose.time), working != Contact::forearm)) {
          place_left({Contact::palm, across_limb(*along_it, timeline.lying_at(pose.time)), true, 0.f, 0.f,
                      false, glm::vec3(0.f), 0, true});
          break;
        }
      }
      // No room on the limb: the other hand rests on the working arm, guiding it.
      rest_on_working_hand(Contact::palm);
      break;
    }
    case HandUse::side_by_side: {
      const auto [right, left] =
          side_by_side_frames(skin, base, beside, timeline.lying_at(pose.time), rigid_arms);
      working_hand(right);
      place_left({working, left, pose.contact, pose.pressure, pose.lift_m, true, drag, 0});
      break;
    }
    case HandUse::reinforced: {
      working_hand(base);
      // The pads of the other hand's fingers rest on the working thumb or fingertips, adding weight.
      rest_on_working_hand(Contact::fingertips);
      break;
    }
    case HandUse::alternating: {
      working_hand(base);
      const double later = pose.time - half_cycle(technique, pose);
      const HandPose other = timeline.pose_at(std::max(later, 0.0));
      const Lying& lying = timeline.lying_at(pose.time);
      // Half a cycle behind the right hand, the left does what it did then: its strokes, and
      // between them its lift, move through the air and landing (before, it waited beside the
      // right hand, lifted off the limb, whenever the right had been between strokes: the shank's
      // narrow top put it out over the table). Not while the knee was still moving into the phase:
      // the leg lay otherwise then.
      const bool same_leg = std::abs(other.knee_flexion_deg - pose.knee_flexion_deg) < 0.5f;
      if (later >= 0.0 && other.phase == pose.phase && (!other.transition || same_leg)) {
        place_left({working, reachable_beside(skin, frame_for(timeline, other), 2.f * beside, lying),
                    other.contact, other.pressure, other.lift_m, true, skin_drag(timeline, other), 0});
      } else {
        place_left({working, reachable_beside(skin, base, 2.f * beside, lying), false, 0.f, kRestingLift,
                    false, glm::vec3(0.f), 0});
      }
      break;
    }
  }
  // Two hands never pass through each other: a left hand put into the right one (two palms side
  // by side on a narrow limb, a hand beside a forearm) moves away from it over the skin, a
  // centimetre at a time, until the two only touch.
  if (left_beside && between(posed) > kHandsTouch) {
    const LeftPlacement was = *left_beside;
    // Across the right hand and arm, which run along its frame's z (moved along them, a hand
    // slides under the arm): first to the side the left one lies on, then the other; last along
    // them, further from the right hand (beyond a forearm's fist).
    const glm::vec3 along = posed.hands[0].frame.z;
    const glm::vec3 apart = was.frame.origin - posed.hands[0].frame.origin;
    const auto on_skin_plane = [&](glm::vec3 v) { return v - was.frame.y * glm::dot(v, was.frame.y); };
    glm::vec3 across = on_skin_plane(apart - along * glm::dot(apart, along));
    if (glm::length(across) < 0.01f) across = on_skin_plane(posed.hands[0].frame.x);
    across = glm::length(across) > 1e-4f ? glm::normalize(across) : was.frame.x;
    glm::vec3 further = on_skin_plane(along * (glm::dot(apart, along) >= 0.f ? 1.f : -1.f));
    further = glm::length(further) > 1e-4f ? glm::normalize(further) : across;
    // Where no way clears them, the place where they meet least.
    float least = between(posed);
    PosedHand best = posed.hands[1];
    std::vector<scene::SkinDent> best_dents = posed.dents;
    bool clear = false;
    const glm::vec3 across_further = glm::normalize(across + further);
    const glm::vec3 back_further = glm::normalize(-across + further);
    for (const glm::vec3 away : {across, -across, further, across_further, back_further}) {
      for (int step = 1; step <= kApartSteps && !clear; ++step) {
        const glm::vec3 target = was.frame.origin + away * (0.01f * float(step));
        const auto hit = skin_below(skin, target, was.frame.y);
        LeftPlacement moved = was;
        moved.frame = hit ? orthonormal(hit->point, hit->normal, was.frame.z)
                          : orthonormal(target, was.frame.y, was.frame.z);
        posed.dents.resize(was.dents_before);
        place_left(moved);
        // Not round under the limb: on a table a hand in the air would face the padding there, its
        // wrist below it, and one on the skin would be pressed flat against the padding.
        if (lying_now.on_table &&
            ((!moved.on_skin && glm::dot(posed.hands[1].frame.y, lying_now.up) < kLeastFacingUp) ||
             posed.hands[1].flattened_m > kMostFlattened))
          continue;
        const float depth = between(posed);
        clear = depth <= kHandsTouch;
        if (!clear && depth < least) {
          least = depth;
          best = posed.hands[1];
          best_dents = posed.dents;
        }
      }
      if (clear) break;
    }
    if (!clear && !was.working) {
      // A supporting hand with nowhere on the skin beside it rests on the working hand or arm,
      // guiding it, if that meets it less.
      posed.dents.resize(was.dents_before);
      rest_on_working_hand(Contact::palm);
      if (between(posed) > std::max(least, kRestingGive)) {
        posed.hands[1] = std::move(best);
        posed.dents = std::move(best_dents);
      }
    } else if (!clear) {
      posed.hands[1] = std::move(best);
      posed.dents = std::move(best_dents);
    }
  }
  // Nor do they pass into the rest of the client lying there (the pelvis, the other leg): a hand
  // whose fingers reach past the groin or the buttock into the pelvis, or whose forearm trails
  // into it, moves along the skin out of it, a centimetre at a time, the way out of the volume
  // first, as long as it keeps out of the other hand; where the other hand is in the way, both
  // move together. Where no place within reach clears it, it stays.
  if (lying_now.on_table && lying_now.into_client)
    for (std::size_t index = 0; index < 2; ++index) {
      const InClient inside = into_client(posed.hands[index].mesh, lying_now);
      if (inside.depth <= kClientGive || !placed_with[index]) continue;
      const glm::vec3 out = out_of_client(inside.at, lying_now, placed_with[index]->frame);
      if (glm::length(out) < 0.5f) continue;
      // A hand moved on the skin keeps as much of its contact surface on it as it had, or the goal.
      std::array<float, 2> least_share{};
      for (std::size_t i = 0; i < 2; ++i)
        least_share[i] = posed.hands[i].on_skin
                             ? std::min(kContactShareGoal, contact_share(posed.hands[i], skin) - kShareGive)
                             : 0.f;
      const PosedHands start = posed;
      const auto start_with = placed_with;
      const auto start_dent = own_dent;
      const float hands_before = between(posed);
      // The hands of `moving` placed again `along` metres along the skin from where they were.
      const auto moved = [&](const std::array<bool, 2>& moving, const glm::vec3& along) {
        posed = start;
        placed_with = start_with;
        own_dent = start_dent;
        for (const std::size_t i : {std::size_t(1), std::size_t(0)}) {  // the later dent first
          if (!moving[i] || !start_with[i] || !own_dent[i]) continue;
          posed.dents.erase(posed.dents.begin() + std::ptrdiff_t(*own_dent[i]));
          const std::size_t other = 1 - i;
          if (own_dent[other] && *own_dent[other] > *own_dent[i]) --*own_dent[other];
          own_dent[i].reset();
        }
        for (std::size_t i = 0; i < 2; ++i) {
          if (!moving[i] || !start_with[i]) continue;
          const Placement& was = *start_with[i];
          const glm::vec3 target = was.frame.origin + along;
          const auto hit = skin_below(skin, target, was.frame.y);
          const HandFrame frame = hit ? orthonormal(hit->point, hit->normal, was.frame.z)
                                      : orthonormal(target, was.frame.y, was.frame.z);
          const SkinSurface* surfaces[] = {was.surface};
          place(i == 0 ? HandSide::right : HandSide::left, was.posture, frame, was.on_skin, was.pressure,
                was.lift, surfaces, was.working, was.drag, was.supporting);
        }
      };
      std::optional<std::tuple<PosedHands, decltype(placed_with), decltype(own_dent)>> best;
      const glm::vec3 side = glm::normalize(glm::cross(start_with[index]->frame.y, out));
      std::array<bool, 2> alone{};
      alone[index] = true;
      bool clear = false;
      for (const std::array<bool, 2>& moving : {alone, std::array<bool, 2>{true, true}}) {
        for (const glm::vec3 away : {out, glm::normalize(out + side), glm::normalize(out - side)}) {
          for (int step = 1; step <= kOutOfClientSteps && !clear; ++step) {
            moved(moving, away * (0.01f * float(step)));
            if (between(posed) > std::max(hands_before, kHandsTouch)) continue;
            // Not round under the limb, where a hand would face the padding or be pressed flat on
            // it, nor off where it had its contact surface on the skin.
            bool refused = false;
            for (std::size_t i = 0; i < 2; ++i)
              refused = refused ||
                        (moving[i] &&
                         (glm::dot(posed.hands[i].frame.y, lying_now.up) < kLeastFacingUp ||
                          posed.hands[i].flattened_m > kMostFlattened ||
                          (posed.hands[i].on_skin && contact_share(posed.hands[i], skin) < least_share[i])));
            if (refused) continue;
            const float depth = std::max(into_client(posed.hands[index].mesh, lying_now).depth,
                                         into_client(posed.hands[1 - index].mesh, lying_now).depth);
            clear = depth <= kClientGive;
            if (clear) best.emplace(posed, placed_with, own_dent);
          }
          if (clear) break;
        }
        if (clear) break;
      }
      if (best) {
        std::tie(posed, placed_with, own_dent) = std::move(*best);
      } else {
        posed = start;
        placed_with = start_with;
        own_dent = start_dent;
      }
    }
  return posed;
}

float contact_share(const PosedHand& hand, const SkinSurface& skin) {
  if (!hand.shape) return 0.f;
  const auto& contact = hand.shape->contact_vertices();
  const auto& weight = hand.shape->contact_weights();
  float on = 0.f;
  for (std::size_t c = 0; c < contact.size(); ++c) {
    const auto hit = skin.closest_point(hand.mesh.vertices[contact[c]].position, 0.05f);
    if (!hit) continue;
    const glm::vec3 from = hand.mesh.vertices[contact[c]].position - hit->point;
    const float above = glm::dot(from, hit->normal) < 0.f ? -hit->distance : hit->distance;
    if (above + hand.press_m <= kOnSkinTolerance) on += weight[c];
  }
  return on;
}

float hand_inside(const scene::Mesh& inner, const scene::Mesh& outer, int stride) {
  if (inner.vertices.empty() || outer.vertices.empty()) return 0.f;
  scene::Bounds box;
  for (const scene::Vertex& v : outer.vertices) box.extend(v.position);
  std::vector<std::size_t> near;
  for (std::size_t i = 0; i < inner.vertices.size(); i += std::size_t(std::max(stride, 1))) {
    const glm::vec3& p = inner.vertices[i].position;
    if (glm::all(glm::greaterThanEqual(p, box.min)) && glm::all(glm::lessThanEqual(p, box.max)))
      near.push_back(i);
  }
  if (near.empty()) return 0.f;
  const SkinSurface surface = SkinSurface::from_mesh(outer, {}, {});  // in the room already
  // Inside a closed mesh a ray crosses it an odd number of times; two rays in unrelated directions
  // must agree, so that one grazing an edge (counted once per triangle) does not decide alone.
  const glm::vec3 rays[] = {glm::normalize(glm::vec3(0.31f, 0.87f, 0.38f)),
                            glm::normalize(glm::vec3(-0.62f, -0.29f, 0.73f))};
  float deepest = 0.f;
  for (const std::size_t i : near) {
    const glm::vec3& p = inner.vertices[i].position;
    bool inside = true;
    for (const glm::vec3& ray : rays) inside = inside && surface.intersect_all(p, ray).size() % 2 == 1;
    if (!inside) continue;
    if (const auto hit = surface.closest_point(p)) deepest = std::max(deepest, hit->distance);
  }
  return deepest;
}

}  // namespace kneeviz::technique
