#include "technique/hand_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <glm/gtc/matrix_transform.hpp>
#include <limits>
#include <string>
#include <vector>

namespace kneeviz::technique {

namespace {

using glm::vec3;

// Everything below is in centimetres (hand sizes are whole numbers there); metres at the end.
constexpr float kCell = 0.33f;  // marching cubes grid spacing
constexpr float kCmToM = 0.01f;
constexpr float kContactBand = 0.15f;  // the contact patch: within this of the lowest point

float radians(float degrees) {
  return degrees * 3.14159265f / 180.f;
}

// Polynomial smooth minimum: joins two shapes with a fillet about k wide.
float smooth_min(float a, float b, float k) {
  const float h = std::max(k - std::abs(a - b), 0.f) / k;
  return std::min(a, b) - h * h * k * 0.25f;
}

vec3 rotate(vec3 v, vec3 axis, float degrees) {
  return glm::vec3(glm::rotate(glm::mat4(1.f), radians(degrees), glm::normalize(axis)) * glm::vec4(v, 0.f));
}

// The convex hull of two spheres (a capsule whose radius changes along it): exact distance
// (Inigo Quilez's round cone).
struct RoundCone {
  vec3 a, b;
  float ra, rb;
};

float distance(const RoundCone& c, vec3 p) {
  const vec3 ba = c.b - c.a;
  const float l2 = glm::dot(ba, ba);
  const float rr = c.ra - c.rb;
  const float a2 = l2 - rr * rr;
  const float il2 = 1.f / l2;
  const vec3 pa = p - c.a;
  const float y = glm::dot(pa, ba);
  const float z = y - l2;
  const vec3 w = pa * l2 - ba * y;
  const float x2 = glm::dot(w, w);
  const float y2 = y * y * l2;
  const float z2 = z * z * l2;
  const float k = (rr > 0.f ? 1.f : -1.f) * rr * rr * x2;
  if ((z > 0.f ? 1.f : -1.f) * a2 * z2 > k) return std::sqrt(x2 + z2) * il2 - c.rb;
  if ((y > 0.f ? 1.f : -1.f) * a2 * y2 < k) return std::sqrt(x2 + y2) * il2 - c.ra;
  return (std::sqrt(x2 * a2 * il2) + y * rr) * il2 - c.ra;
}

// An ellipsoid with its own axes (columns of `axes`, orthonormal); a close approximation of the
// distance (the gradient-normalised one).
struct Ellipsoid {
  vec3 centre;
  glm::mat3 axes;
  vec3 radii;
};

float distance(const Ellipsoid& e, vec3 p) {
  const vec3 q = glm::transpose(e.axes) * (p - e.centre);
  const float k0 = glm::length(q / e.radii);
  const float k1 = glm::length(q / (e.radii * e.radii));
  return k1 > 1e-6f ? k0 * (k0 - 1.f) / k1 : -std::min(e.radii.x, std::min(e.radii.y, e.radii.z));
}

// A round cone flattened across one direction (the forearm's oval section): measured in a space
// stretched by `squash` along `flat_axis`, so the distance is a safe underestimate.
struct FlatCone {
  RoundCone cone;  // in the stretched space
  glm::mat3 to_local;
  float squash;
};

float distance(const FlatCone& f, vec3 p) {
  vec3 q = f.to_local * p;
  q.y *= f.squash;
  return distance(f.cone, q) / f.squash;
}

glm::mat3 frame_from(vec3 along, vec3 up_hint) {
  const vec3 z = glm::normalize(along);
  const vec3 x = glm::normalize(glm::cross(up_hint, z));
  const vec3 y = glm::cross(z, x);
  return glm::mat3(x, y, z);
}

// ---- The hand's anatomy (in the hand's own frame H: wrist joint at the origin, palm down
// (-Y), fingers along +Z, thumb toward +X). ----

struct FingerBones {
  vec3 knuckle;                  // the metacarpophalangeal joint
  std::array<float, 3> lengths;  // proximal, middle, distal phalanx (the last to the tip)
  std::array<float, 4> radii;    // at the MCP, PIP and DIP joints and at the tip
  vec3 metacarpal_base;          // where its metacarpal starts, in the carpus
};

// Index, middle, ring, little: an adult hand of about 19 cm (wrist crease to middle fingertip).
const std::array<FingerBones, 4> kFingers{{
    {{2.95f, -0.4f, 9.2f}, {4.1f, 2.5f, 2.2f}, {1.03f, 0.93f, 0.84f, 0.76f}, {1.4f, 0.1f, 1.4f}},
    {{0.95f, -0.4f, 9.5f}, {4.5f, 2.8f, 2.4f}, {1.06f, 0.96f, 0.86f, 0.77f}, {0.45f, 0.1f, 1.3f}},
    {{-1.0f, -0.4f, 9.1f}, {4.2f, 2.7f, 2.25f}, {1.0f, 0.91f, 0.82f, 0.74f}, {-0.5f, 0.1f, 1.4f}},
    {{-2.8f, -0.45f, 8.1f}, {3.3f, 2.0f, 2.05f}, {0.9f, 0.81f, 0.73f, 0.67f}, {-1.35f, 0.0f, 1.6f}},
}};

struct FingerPose {
  float spread;         // degrees toward the thumb (+X) in the palm's plane
  float mcp, pip, dip;  // flexion in degrees (toward the palm)
};

struct ThumbPose {
  float radial;   // angle of the first metacarpal from the fingers' direction toward +X, degrees
  float palmar;   // and out of the palm's plane toward the palm side (-Y), degrees
  float roll;     // rotation of the thumb about its own axis (pronation, pad toward the fingers)
  float mcp, ip;  // flexion in degrees
};

struct Posture {
  std::array<FingerPose, 4> fingers;
  ThumbPose thumb;
  float wrist_extension;  // degrees: the forearm rises toward the back of the hand
  float forearm_length;   // cm behind the wrist: most of the way to the elbow, so the arm reads as
                          // coming in from the therapist rather than ending in a stump
};

const Posture kRelaxed{
    {{{3.f, 25.f, 35.f, 15.f}, {0.f, 28.f, 38.f, 15.f}, {-3.f, 32.f, 42.f, 18.f}, {-6.f, 36.f, 46.f, 20.f}}},
    {38.f, 25.f, 40.f, 10.f, 15.f},
    15.f,
    20.f};

Posture posture_for(Contact contact) {
  switch (contact) {
    case Contact::palm:
      return {
          {{{0.5f, 0.f, 0.f, -2.f}, {0.f, 0.f, 0.f, -2.f}, {-1.f, 0.f, 0.f, -2.f}, {-3.f, 0.f, 0.f, -2.f}}},
          {22.f, 6.f, 20.f, 5.f, 5.f},
          28.f,
          20.f};
    case Contact::fingertips:
      return {{{{4.f, 24.f, 48.f, 18.f},
                {0.f, 24.f, 48.f, 18.f},
                {-4.f, 24.f, 48.f, 18.f},
                {-8.f, 38.f, 55.f, 25.f}}},
              {35.f, 25.f, 45.f, 15.f, 15.f},
              22.f,
              20.f};
    case Contact::knuckles:
      return {{{{0.f, 80.f, 95.f, 45.f},
                {0.f, 82.f, 95.f, 45.f},
                {0.f, 85.f, 95.f, 45.f},
                {0.f, 88.f, 95.f, 45.f}}},
              {18.f, 25.f, 75.f, 25.f, 25.f},
              38.f,
              13.f};
    case Contact::thumb:
      return {{{{2.f, 35.f, 45.f, 20.f},
                {0.f, 38.f, 45.f, 20.f},
                {-2.f, 42.f, 45.f, 20.f},
                {-4.f, 46.f, 45.f, 20.f}}},
              {50.f, 12.f, 0.f, 10.f, 5.f},
              25.f,
              20.f};
    case Contact::forearm:
      // The hand relaxed into a loose fist while the forearm works: open fingers at the end of a
      // working forearm read as a hand reaching for something.
      return {{{{2.f, 62.f, 80.f, 40.f},
                {0.f, 66.f, 82.f, 40.f},
                {-2.f, 70.f, 84.f, 42.f},
                {-4.f, 74.f, 86.f, 44.f}}},
              {12.f, 18.f, 35.f, 12.f, 10.f},
              5.f,
              15.f};
  }
  return kRelaxed;
}

Posture blend(const Posture& a, const Posture& b, float t) {
  auto mix = [t](float x, float y) { return x + (y - x) * t; };
  Posture out = a;
  for (std::size_t i = 0; i < 4; ++i) {
    out.fingers[i] = {mix(a.fingers[i].spread, b.fingers[i].spread), mix(a.fingers[i].mcp, b.fingers[i].mcp),
                      mix(a.fingers[i].pip, b.fingers[i].pip), mix(a.fingers[i].dip, b.fingers[i].dip)};
  }
  out.thumb = {mix(a.thumb.radial, b.thumb.radial), mix(a.thumb.palmar, b.thumb.palmar),
               mix(a.thumb.roll, b.thumb.roll), mix(a.thumb.mcp, b.thumb.mcp), mix(a.thumb.ip, b.thumb.ip)};
  return out;
}

// A digit's joint centres and radii, base first, and the direction of its last bone.
struct Chain {
  std::vector<vec3> joints;
  std::vector<float> radii;
  vec3 palmar_of_last;   // the pad's direction on the last bone
  vec3 dorsal_of_first;  // the back of the first bone
  vec3 first_direction;
};

Chain finger_chain(const FingerBones& bones, const FingerPose& pose) {
  Chain chain;
  vec3 direction = rotate({0.f, 0.f, 1.f}, {0.f, 1.f, 0.f}, pose.spread);
  const vec3 axis = glm::normalize(glm::cross(direction, vec3(0.f, -1.f, 0.f)));  // flexion turns +Z to -Y
  const std::array<float, 3> flexion{pose.mcp, pose.pip, pose.dip};
  vec3 position = bones.knuckle;
  chain.joints.push_back(position);
  chain.radii.push_back(bones.radii[0]);
  float total = 0.f;
  for (std::size_t i = 0; i < 3; ++i) {
    total += flexion[i];
    const vec3 d = rotate(direction, axis, total);
    if (i == 0) {
      chain.first_direction = d;
      chain.dorsal_of_first = rotate({0.f, 1.f, 0.f}, axis, total);
    }
    // The tip sphere's centre sits one radius short of the fingertip.
    const float length = i == 2 ? bones.lengths[i] - bones.radii[3] : bones.lengths[i];
    position += d * length;
    chain.joints.push_back(position);
    chain.radii.push_back(bones.radii[i + 1]);
  }
  chain.palmar_of_last = rotate({0.f, -1.f, 0.f}, axis, total);
  return chain;
}

constexpr vec3 kThumbBase{2.05f, -0.3f, 1.7f};  // the trapeziometacarpal joint
constexpr std::array<float, 3> kThumbLengths{4.4f, 3.1f, 2.7f};
constexpr std::array<float, 4> kThumbRadii{1.15f, 1.02f, 0.95f, 0.86f};

Chain thumb_chain(const ThumbPose& pose) {
  Chain chain;
  const vec3 in_plane = rotate({0.f, 0.f, 1.f}, {0.f, 1.f, 0.f}, pose.radial);
  const vec3 side = glm::normalize(glm::cross(in_plane, vec3(0.f, -1.f, 0.f)));
  const vec3 direction = rotate(in_plane, side, pose.palmar);
  // At rest the thumb's pad faces the palm's side and the index (-X, -Y); roll turns it further.
  vec3 palmar = glm::normalize(vec3(-0.6f, -0.8f, 0.f));
  palmar = glm::normalize(palmar - direction * glm::dot(palmar, direction));
  palmar = rotate(palmar, direction, -pose.roll);
  const vec3 axis = glm::normalize(glm::cross(direction, palmar));
  const std::array<float, 3> flexion{0.f, pose.mcp, pose.ip};
  vec3 position = kThumbBase;
  chain.joints.push_back(position);
  chain.radii.push_back(kThumbRadii[0]);
  float total = 0.f;
  for (std::size_t i = 0; i < 3; ++i) {
    total += flexion[i];
    const vec3 d = rotate(direction, axis, total);
    if (i == 0) {
      chain.first_direction = d;
      chain.dorsal_of_first = -palmar;
    }
    const float length = i == 2 ? kThumbLengths[i] - kThumbRadii[3] : kThumbLengths[i];
    position += d * length;
    chain.joints.push_back(position);
    chain.radii.push_back(kThumbRadii[i + 1]);
  }
  chain.palmar_of_last = rotate(palmar, axis, total);
  return chain;
}

// How far a chain reaches along a direction (its support): the convex hull of its joint spheres.
float reach(const Chain& chain, vec3 direction, std::size_t first = 0) {
  float best = std::numeric_limits<float>::lowest();
  for (std::size_t i = first; i < chain.joints.size(); ++i) {
    best = std::max(best, glm::dot(chain.joints[i], direction) + chain.radii[i]);
  }
  return best;
}

// The posed hand as a field, in H.
struct HandField {
  std::vector<Ellipsoid> palm_ellipsoids;
  std::vector<RoundCone> palm_cones;
  FlatCone forearm;
  std::vector<RoundCone> thumb;     // proximal and distal phalanges
  std::vector<RoundCone> proximal;  // the fingers' proximal phalanges
  std::vector<RoundCone> distal;    // the fingers' middle and distal phalanges

  float operator()(vec3 p) const {
    // The palm, wrist and forearm as one soft body.
    float body = distance(forearm, p);
    for (const RoundCone& c : palm_cones) body = smooth_min(body, distance(c, p), 1.4f);
    for (const Ellipsoid& e : palm_ellipsoids) body = smooth_min(body, distance(e, p), 1.2f);
    float thumb_d = std::numeric_limits<float>::max();
    for (const RoundCone& c : thumb) thumb_d = smooth_min(thumb_d, distance(c, p), 0.35f);
    body = smooth_min(body, thumb_d, 0.6f);
    // Fingers stay apart from each other (plain minimum) but web into the palm near their base.
    float fingers = std::numeric_limits<float>::max();
    for (const RoundCone& c : proximal) fingers = std::min(fingers, distance(c, p));
    float d = smooth_min(body, fingers, 0.9f);
    for (const RoundCone& c : distal) d = smooth_min(d, distance(c, p), 0.3f);
    return d;
  }
};

struct PosedHand {
  HandField field;
  std::vector<std::pair<vec3, float>> spheres;  // bounding spheres of everything, in H
  vec3 down;                                    // in H: the direction that points into the skin
  vec3 forward;                                 // in H: the stroke direction
  float tilt = 0.f;       // extra pitch about the stroke frame's X, degrees (hand end up when positive)
  vec3 wrist{0.f};        // in H: the wrist joint, on the forearm's axis
  vec3 forearm_end{0.f};  // in H: the centre of the forearm's far end
};

void add_chain(const Chain& chain, std::size_t first_bone, std::vector<RoundCone>& first,
               std::vector<RoundCone>& rest, PosedHand& hand) {
  for (std::size_t i = first_bone; i + 1 < chain.joints.size(); ++i) {
    const RoundCone cone{chain.joints[i], chain.joints[i + 1], chain.radii[i], chain.radii[i + 1]};
    (i == first_bone ? first : rest).push_back(cone);
  }
  for (std::size_t i = first_bone; i < chain.joints.size(); ++i)
    hand.spheres.emplace_back(chain.joints[i], chain.radii[i]);
}

// Turns a finger's MCP flexion so that it reaches `target` along `down` (bisection; the reach
// grows with flexion where the direction lies ahead of the palm).
void level_finger(const FingerBones& bones, FingerPose& pose, vec3 down, float target, std::size_t first) {
  float lo = pose.mcp - 30.f, hi = pose.mcp + 30.f;
  const float at_lo = reach(finger_chain(bones, {pose.spread, lo, pose.pip, pose.dip}), down, first);
  const float at_hi = reach(finger_chain(bones, {pose.spread, hi, pose.pip, pose.dip}), down, first);
  const bool grows = at_hi > at_lo;
  for (int i = 0; i < 30; ++i) {
    const float mid = 0.5f * (lo + hi);
    const float r = reach(finger_chain(bones, {pose.spread, mid, pose.pip, pose.dip}), down, first);
    if ((r < target) == grows)
      lo = mid;
    else
      hi = mid;
  }
  pose.mcp = 0.5f * (lo + hi);
}

// The root of a monotonic function on [lo, hi] (bisection); an end when it has no root there.
template <class F>
float solve(float lo, float hi, F f) {
  const bool rising = f(hi) > f(lo);
  for (int i = 0; i < 32; ++i) {
    const float mid = 0.5f * (lo + hi);
    if ((f(mid) < 0.f) == rising)
      lo = mid;
    else
      hi = mid;
  }
  return 0.5f * (lo + hi);
}

void build_field(const Posture& posture, PosedHand& hand);

// How far the hand's surface reaches along `down`, measured on the field from a point inside it.
float field_reach(const HandField& field, vec3 inside, vec3 down) {
  float t = 0.f;
  while (field(inside + down * t) < 0.f && t < 10.f) t += 0.1f;
  const float at = solve(std::max(0.f, t - 0.1f), t, [&](float s) { return field(inside + down * s); });
  return glm::dot(inside, down) + at;
}

// How far the fingers and their knuckles reach along `down` (the convex hulls of their spheres).
float fingers_reach(const Posture& posture, vec3 down) {
  float best = std::numeric_limits<float>::lowest();
  for (std::size_t i = 0; i < 4; ++i)
    best = std::max(best, reach(finger_chain(kFingers[i], posture.fingers[i]), down));
  return best;
}

PosedHand pose_hand(Contact contact, float curl) {
  Posture posture = posture_for(contact);
  if (curl > 0.f) posture = blend(posture, kRelaxed, curl);
  PosedHand hand;

  // Where the skin is, in H, and which way the stroke goes.
  const Chain middle = finger_chain(kFingers[1], posture.fingers[1]);
  const Chain thumb = thumb_chain(posture.thumb);
  switch (contact) {
    case Contact::palm:
    case Contact::fingertips:
      hand.down = {0.f, -1.f, 0.f};
      hand.forward = {0.f, 0.f, 1.f};
      break;
    case Contact::knuckles:
      // The flats of the proximal phalanges, leaning onto the knuckles of their far (PIP) end.
      hand.down = glm::normalize(middle.dorsal_of_first + 0.14f * middle.first_direction);
      hand.forward = middle.first_direction;
      break;
    case Contact::thumb: {
      // The thumb leads the stroke a little askew, so that the forearm can trail behind.
      hand.forward = glm::normalize(thumb.joints[3] - thumb.joints[2]) + vec3(0.f, 0.f, 1.2f);
      const vec3 pad = glm::normalize(thumb.palmar_of_last * 0.85f +
                                      glm::normalize(thumb.joints[3] - thumb.joints[2]) * 0.15f);
      // Roll the hand about the thumb until the fingers, wrapped around, clear the skin.
      auto clearance = [&](float roll) {
        const vec3 down = rotate(pad, hand.forward, roll);
        return reach(thumb, down, 2) - fingers_reach(posture, down) - 0.6f;
      };
      float roll = 0.f;
      for (float step = 0.f; step <= 90.f && clearance(roll) < 0.f; step += 2.f) {
        roll = clearance(step) >= 0.f ? step : clearance(-step) >= 0.f ? -step : roll;
      }
      hand.down = rotate(pad, hand.forward, roll);
      break;
    }
    case Contact::forearm:
      hand.down = {-1.f, 0.f, 0.f};
      hand.forward = {0.f, 0.f, 1.f};
      hand.tilt = 4.f;
      break;
  }
  if (curl <= 0.f) {
    // Bring the working digits level with the middle finger (pads in a row, knuckles in a row).
    if (contact == Contact::fingertips || contact == Contact::knuckles) {
      const std::size_t first = contact == Contact::fingertips ? 2 : 0;
      const float target = reach(middle, hand.down, first);
      level_finger(kFingers[0], posture.fingers[0], hand.down, target - 0.03f, first);
      level_finger(kFingers[2], posture.fingers[2], hand.down, target - 0.03f, first);
      level_finger(kFingers[3], posture.fingers[3], hand.down,
                   target - (contact == Contact::knuckles ? 0.25f : 0.9f), first);
    }
    // The flat hand: fingers and thumb just clear of the palm's own surface (the unions fill it out).
    if (contact == Contact::palm) {
      build_field(posture, hand);
      const float palm = field_reach(hand.field, {0.2f, -0.45f, 5.2f}, hand.down);
      for (std::size_t i = 0; i < 4; ++i)
        level_finger(kFingers[i], posture.fingers[i], hand.down, palm - 0.2f, 1);
      posture.thumb.palmar = solve(-20.f, 30.f, [&](float a) {
        ThumbPose t = posture.thumb;
        t.palmar = a;
        return reach(thumb_chain(t), hand.down, 1) - (palm - 0.3f);
      });
      hand.field = {};
      hand.spheres.clear();
    }
  }
  build_field(posture, hand);
  return hand;
}

void build_field(const Posture& posture, PosedHand& hand) {
  const Chain thumb = thumb_chain(posture.thumb);
  // Palm: metacarpals fanned from the carpus, the pads of the palm, thenar and hypothenar.
  HandField& f = hand.field;
  for (const FingerBones& bones : kFingers) {
    f.palm_cones.push_back({bones.metacarpal_base, bones.knuckle, 1.05f, 0.9f});
    hand.spheres.emplace_back(bones.metacarpal_base, 1.05f);
    // The knuckle's head on the back of the hand.
    f.palm_ellipsoids.push_back(
        {bones.knuckle + vec3(0.f, 0.55f, -0.35f), glm::mat3(1.f), {0.8f, 0.75f, 0.85f}});
  }
  const glm::mat3 identity(1.f);
  f.palm_ellipsoids.push_back({{0.1f, 0.35f, 1.3f}, identity, {2.7f, 1.45f, 1.7f}});   // carpus
  f.palm_ellipsoids.push_back({{0.2f, -0.45f, 5.2f}, identity, {3.3f, 1.45f, 3.8f}});  // centre of the palm
  f.palm_ellipsoids.push_back({{-0.05f, -0.55f, 8.1f},
                               frame_from({-0.98f, 0.f, 0.2f}, {0.f, 1.f, 0.f}),
                               {0.85f, 0.85f, 3.6f}});  // pads under the knuckles
  f.palm_ellipsoids.push_back({{-2.5f, -0.4f, 4.2f},
                               frame_from({-0.1f, 0.f, 1.f}, {0.f, 1.f, 0.f}),
                               {1.2f, 1.05f, 3.2f}});  // hypothenar
  // Thenar: along the first metacarpal, on the palm's side.
  const vec3 thumb_axis = thumb.first_direction;
  f.palm_ellipsoids.push_back({kThumbBase + thumb_axis * 1.9f + vec3(-0.45f, 0.1f, 0.f),
                               frame_from(thumb_axis, {0.f, 1.f, 0.f}),
                               {1.55f, 1.2f, 2.5f}});
  f.palm_cones.push_back({thumb.joints[0], thumb.joints[1], kThumbRadii[0], kThumbRadii[1]});

  // Wrist and forearm: an oval section (wider than deep) growing toward the elbow.
  const vec3 forearm_dir{0.f, std::sin(radians(posture.wrist_extension)),
                         -std::cos(radians(posture.wrist_extension))};
  const glm::mat3 forearm_frame = frame_from(forearm_dir, {0.f, 1.f, 0.f});
  const glm::mat3 to_local = glm::transpose(forearm_frame);
  const float squash = 1.45f;
  const vec3 wrist{0.f, 0.5f, 0.2f};
  const vec3 end = wrist + forearm_dir * posture.forearm_length;
  f.forearm = {{to_local * wrist, to_local * end, 2.75f, 3.35f}, to_local, squash};
  hand.wrist = wrist;
  hand.forearm_end = end;
  hand.spheres.emplace_back(wrist, 2.8f);
  hand.spheres.emplace_back(end, 3.4f);
  // The flexor mass bulging on the ulnar and palmar side of the proximal forearm.
  const float belly_at = std::min(11.f, posture.forearm_length * 0.7f);
  f.palm_ellipsoids.push_back({wrist + forearm_dir * belly_at + forearm_frame * vec3(1.2f, -0.6f, 0.f),
                               forearm_frame,
                               {2.3f, 1.7f, 4.5f}});

  add_chain(thumb, 1, f.thumb, f.thumb, hand);
  hand.spheres.emplace_back(thumb.joints[0], kThumbRadii[0]);
  for (std::size_t i = 0; i < 4; ++i) {
    add_chain(finger_chain(kFingers[i], posture.fingers[i]), 0, f.proximal, f.distal, hand);
  }
}

// ---- Marching cubes, with its tables derived from the cube rather than typed in. ----

// Corner i of a cell sits at (i & 1, i >> 1 & 1, i >> 2 & 1). Edge e joins corners kEdges[e].
constexpr std::array<std::array<int, 2>, 12> kEdges{
    {{0, 1}, {2, 3}, {4, 5}, {6, 7}, {0, 2}, {1, 3}, {4, 6}, {5, 7}, {0, 4}, {1, 5}, {2, 6}, {3, 7}}};

int edge_between(int a, int b) {
  for (int e = 0; e < 12; ++e) {
    if ((kEdges[e][0] == a && kEdges[e][1] == b) || (kEdges[e][0] == b && kEdges[e][1] == a)) return e;
  }
  return -1;
}

// For each of the 256 inside/outside cases, the triangles as edge triples, oriented so that they
// face away from the inside corners. On each face the crossing points are joined so that each
// segment cuts off inside corners; faces with two inside corners on a diagonal keep them apart,
// the same choice from both cells sharing the face, so the surface has no cracks.
using TriangleTable = std::array<std::vector<std::array<int, 3>>, 256>;

TriangleTable build_triangle_table() {
  TriangleTable table;
  for (int c = 0; c < 256; ++c) {
    auto inside = [c](int corner) { return (c >> corner & 1) != 0; };
    std::array<std::vector<int>, 12> links;  // each crossing edge's neighbours on the polygon
    for (int axis = 0; axis < 3; ++axis) {
      for (int side = 0; side < 2; ++side) {
        const int u = (axis + 1) % 3, v = (axis + 2) % 3;
        auto corner = [&](int a, int b) { return side << axis | a << u | b << v; };
        const std::array<int, 4> ring{corner(0, 0), corner(1, 0), corner(1, 1), corner(0, 1)};
        // Face edge k joins ring[k] and ring[k + 1]. Two crossings are joined; with four (inside
        // corners on a diagonal) each inside corner is cut off by the segment of its two edges.
        std::vector<int> crossing;
        for (int k = 0; k < 4; ++k) {
          if (inside(ring[k]) != inside(ring[(k + 1) % 4])) crossing.push_back(k);
        }
        auto link = [&](int k1, int k2) {
          const int e1 = edge_between(ring[k1], ring[(k1 + 1) % 4]);
          const int e2 = edge_between(ring[k2], ring[(k2 + 1) % 4]);
          links[e1].push_back(e2);
          links[e2].push_back(e1);
        };
        if (crossing.size() == 2) {
          link(crossing[0], crossing[1]);
        } else if (crossing.size() == 4) {
          for (int k = 0; k < 4; ++k) {
            if (inside(ring[k])) link((k + 3) % 4, k);
          }
        }
      }
    }
    // Walk the cycles and orient each so that its normal points from inside to outside.
    std::array<bool, 12> used{};
    for (int start = 0; start < 12; ++start) {
      if (used[start] || links[start].empty()) continue;
      std::vector<int> cycle{start};
      used[start] = true;
      int prev = -1, at = start;
      while (true) {
        const int next = links[at][0] != prev ? links[at][0] : links[at][1];
        if (next == start) break;
        cycle.push_back(next);
        used[next] = true;
        prev = at;
        at = next;
      }
      auto midpoint = [](int e) {
        const int a = kEdges[e][0], b = kEdges[e][1];
        return 0.5f * vec3(float((a & 1) + (b & 1)), float((a >> 1 & 1) + (b >> 1 & 1)),
                           float((a >> 2 & 1) + (b >> 2 & 1)));
      };
      vec3 normal{0.f}, outward{0.f};
      for (std::size_t i = 0; i < cycle.size(); ++i) {
        const vec3 p = midpoint(cycle[i]), q = midpoint(cycle[(i + 1) % cycle.size()]);
        normal += glm::cross(p, q);
        const int a = kEdges[cycle[i]][0], b = kEdges[cycle[i]][1];
        const vec3 pa(float(a & 1), float(a >> 1 & 1), float(a >> 2 & 1));
        const vec3 pb(float(b & 1), float(b >> 1 & 1), float(b >> 2 & 1));
        outward += inside(a) ? pb - pa : pa - pb;
      }
      if (glm::dot(normal, outward) < 0.f) std::reverse(cycle.begin(), cycle.end());
      for (std::size_t i = 1; i + 1 < cycle.size(); ++i)
        table[c].push_back({cycle[0], cycle[i], cycle[i + 1]});
    }
  }
  return table;
}

const TriangleTable& triangle_table() {
  static const TriangleTable table = build_triangle_table();
  return table;
}

struct Grid {
  vec3 origin;
  int nx = 0, ny = 0, nz = 0;
  std::vector<float> values;
  std::size_t index(int i, int j, int k) const {
    return static_cast<std::size_t>(i) +
           static_cast<std::size_t>(nx) * (static_cast<std::size_t>(j) + static_cast<std::size_t>(ny) * k);
  }
  vec3 position(int i, int j, int k) const { return origin + kCell * vec3(float(i), float(j), float(k)); }
};

// Samples the field on the grid, exactly only near the surface: blocks of 4³ cells whose centre is
// far from it take the centre's value (only the sign matters there).
template <class Field>
Grid sample(const Field& field, vec3 lo, vec3 hi) {
  Grid g;
  g.origin = lo;
  const vec3 n = glm::ceil((hi - lo) / kCell) + 1.f;
  g.nx = int(n.x), g.ny = int(n.y), g.nz = int(n.z);
  g.values.resize(std::size_t(g.nx) * g.ny * g.nz);
  constexpr int kBlock = 4;
  const float far = 1.5f * std::sqrt(3.f) * 0.5f * kBlock * kCell + 2.f * kCell;
  const int bx = (g.nx + kBlock - 1) / kBlock, by = (g.ny + kBlock - 1) / kBlock,
            bz = (g.nz + kBlock - 1) / kBlock;
  for (int bk = 0; bk < bz; ++bk) {
    for (int bj = 0; bj < by; ++bj) {
      for (int bi = 0; bi < bx; ++bi) {
        const float half = 0.5f * (kBlock - 1);
        const float centre = field(g.position(0, 0, 0) +
                                   kCell * (vec3(float(bi), float(bj), float(bk)) * float(kBlock) + half));
        const bool skip = std::abs(centre) > far;
        for (int k = bk * kBlock; k < std::min(g.nz, (bk + 1) * kBlock); ++k) {
          for (int j = bj * kBlock; j < std::min(g.ny, (bj + 1) * kBlock); ++j) {
            for (int i = bi * kBlock; i < std::min(g.nx, (bi + 1) * kBlock); ++i) {
              g.values[g.index(i, j, k)] = skip ? centre : field(g.position(i, j, k));
            }
          }
        }
      }
    }
  }
  return g;
}

vec3 gradient(const Grid& g, int i, int j, int k) {
  auto at = [&](int a, int b, int c) {
    return g
        .values[g.index(std::clamp(a, 0, g.nx - 1), std::clamp(b, 0, g.ny - 1), std::clamp(c, 0, g.nz - 1))];
  };
  return {at(i + 1, j, k) - at(i - 1, j, k), at(i, j + 1, k) - at(i, j - 1, k),
          at(i, j, k + 1) - at(i, j, k - 1)};
}

// Closed as long as the field is positive on the grid's border.
void march(const Grid& g, scene::Mesh& mesh) {
  const TriangleTable& table = triangle_table();
  std::vector<std::uint32_t> edge_vertex(g.values.size() * 3, std::numeric_limits<std::uint32_t>::max());
  auto vertex_on = [&](int i, int j, int k, int axis) {
    std::uint32_t& slot = edge_vertex[g.index(i, j, k) * 3 + std::size_t(axis)];
    if (slot != std::numeric_limits<std::uint32_t>::max()) return slot;
    const int i1 = i + (axis == 0), j1 = j + (axis == 1), k1 = k + (axis == 2);
    const float a = g.values[g.index(i, j, k)], b = g.values[g.index(i1, j1, k1)];
    // Kept off the corners so that no two edges give the same point.
    const float t = std::clamp(a / (a - b), 0.002f, 0.998f);
    scene::Vertex v;
    v.position = glm::mix(g.position(i, j, k), g.position(i1, j1, k1), t);
    const vec3 n = glm::mix(gradient(g, i, j, k), gradient(g, i1, j1, k1), t);
    v.normal = glm::length(n) > 0.f ? glm::normalize(n) : vec3(0.f, 1.f, 0.f);
    slot = std::uint32_t(mesh.vertices.size());
    mesh.vertices.push_back(v);
    return slot;
  };
  for (int k = 0; k + 1 < g.nz; ++k) {
    for (int j = 0; j + 1 < g.ny; ++j) {
      for (int i = 0; i + 1 < g.nx; ++i) {
        int c = 0;
        for (int corner = 0; corner < 8; ++corner) {
          if (g.values[g.index(i + (corner & 1), j + (corner >> 1 & 1), k + (corner >> 2 & 1))] < 0.f)
            c |= 1 << corner;
        }
        if (c == 0 || c == 255) continue;
        std::array<std::uint32_t, 12> ids{};
        for (const auto& tri : table[std::size_t(c)]) {
          for (int e : tri) {
            const int a = kEdges[std::size_t(e)][0];
            const int axis = e < 4 ? 0 : e < 8 ? 1 : 2;
            ids[std::size_t(e)] = vertex_on(i + (a & 1), j + (a >> 1 & 1), k + (a >> 2 & 1), axis);
          }
          mesh.indices.insert(mesh.indices.end(),
                              {ids[std::size_t(tri[0])], ids[std::size_t(tri[1])], ids[std::size_t(tri[2])]});
        }
      }
    }
  }
}

const char* contact_name(Contact contact) {
  switch (contact) {
    case Contact::palm:
      return "palm";
    case Contact::fingertips:
      return "fingertips";
    case Contact::knuckles:
      return "knuckles";
    case Contact::thumb:
      return "thumb";
    case Contact::forearm:
      return "forearm";
  }
  return "hand";
}

}  // namespace

scene::Mesh make_hand(Contact contact, float curl, HandArm* arm) {
  curl = std::clamp(curl, 0.f, 1.f);
  const PosedHand hand = pose_hand(contact, curl);

  // H → the stroke frame: `down` to -Y, `forward` to +Z, then the extra tilt.
  const vec3 y = -glm::normalize(hand.down);
  const vec3 z = glm::normalize(hand.forward - y * glm::dot(hand.forward, y));
  const vec3 x = glm::cross(y, z);
  glm::mat3 to_stroke = glm::transpose(glm::mat3(x, y, z));  // rows: the stroke axes in H
  to_stroke = glm::mat3(glm::rotate(glm::mat4(1.f), radians(-hand.tilt), vec3(1.f, 0.f, 0.f))) * to_stroke;
  const glm::mat3 to_hand = glm::transpose(to_stroke);

  vec3 lo{std::numeric_limits<float>::max()}, hi{std::numeric_limits<float>::lowest()};
  for (const auto& [centre, radius] : hand.spheres) {
    const vec3 c = to_stroke * centre;
    lo = glm::min(lo, c - (radius + 0.8f));
    hi = glm::max(hi, c + (radius + 0.8f));
  }
  const Grid grid = sample([&](vec3 p) { return hand.field(to_hand * p); }, lo, hi);

  scene::Mesh mesh;
  mesh.name = std::string("hand-") + contact_name(contact);
  mesh.material.base_colour = {0x8f / 255.f, 0xc3 / 255.f, 0xe6 / 255.f, 1.f};  // nitrile glove blue
  mesh.material.roughness = 0.45f;
  march(grid, mesh);

  // Place it: the lowest point on y = 0, the centre of the contact patch over the origin.
  float bottom = std::numeric_limits<float>::max();
  for (const scene::Vertex& v : mesh.vertices) bottom = std::min(bottom, v.position.y);
  // Weighted toward the lowest part, so that a flat patch is centred where it presses most.
  glm::dvec3 sum{0.0};
  double weight = 0.0;
  for (const scene::Vertex& v : mesh.vertices) {
    const double w = std::max(0.0, double(kContactBand - (v.position.y - bottom)));
    sum += w * w * glm::dvec3(v.position);
    weight += w * w;
  }
  const vec3 centre = weight > 0.0 ? vec3(sum / weight) : vec3(0.f);
  const vec3 shift{-centre.x, -bottom, -centre.z};
  for (scene::Vertex& v : mesh.vertices) v.position = (v.position + shift) * kCmToM;
  if (arm) {
    arm->wrist = (to_stroke * hand.wrist + shift) * kCmToM;
    arm->forearm_end = (to_stroke * hand.forearm_end + shift) * kCmToM;
  }
  return mesh;
}

float hand_contact_radius(Contact contact) {
  switch (contact) {
    case Contact::palm:
      return 0.045f;
    case Contact::fingertips:
      return 0.022f;
    case Contact::knuckles:
      return 0.025f;
    case Contact::thumb:
      return 0.011f;
    case Contact::forearm:
      return 0.03f;
  }
  return 0.02f;
}

}  // namespace kneeviz::technique
