#pragma once
// The therapist's hand: a procedural adult right hand in a nitrile glove (palm, four fingers of
// three phalanges, a thumb with its thenar eminence, the wrist and most of the forearm),
// posed for each contact of a technique. Built in code from signed distance fields of round cones
// and ellipsoids with smooth unions, meshed with marching cubes. No files, no GL.
//
// The hand frame (metres), in which the mesh is returned:
//
//   origin  the contact point: the centre of the part that touches the skin, on its surface
//   +Y      away from the skin (the skin's outward normal at the contact); the whole hand lies at
//           y >= 0 (to the marching cubes' accuracy, under 1 mm), its lowest point at y = 0
//   +Z      the stroke direction (forward)
//   +X      cross(Y, Z): for this right hand, the thumb's side in the palm posture
//
//   contact     what touches at the origin                          the rest of the hand
//   palm        the palm, fingers together and extended, flat        wrist and forearm behind (-Z), rising
//   fingertips  the pads of index, middle and ring fingers           palm raised, forearm behind and up
//   knuckles    the flats of the proximal phalanges of a loose fist  back of the hand and forearm behind, up
//   thumb       the pad of the thumb, pointing forward               fingers wrapped around the side (-X), up
//   forearm     the ulnar side of the proximal forearm               relaxed hand ahead (+Z), raised
//
// Adult proportions: about 19 cm from the wrist crease to the tip of the middle finger, 8.5 cm
// across the palm.

#include "scene/model.h"
#include "technique/technique.h"

namespace kneeviz::technique {

// One closed, consistently outward (counter-clockwise) triangle mesh with smooth unit normals,
// rigid (weights all zero), under 24k triangles, named "hand-<contact>", in a light blue glove
// material. curl in [0, 1] (clamped) relaxes the digits from the working posture toward a soft
// resting curl, for a hand lifted between strokes; the mesh is placed again so that its lowest
// part is at the origin. Deterministic: the same arguments give the same vertices. Takes a few
// tens of milliseconds (Release).
// With `arm`, also where its wrist joint and the centre of its forearm's far end lie in that frame
// (metres): the forearm turns about the wrist when the hand is fitted (technique/hand_fit.h).
struct HandArm {
  glm::vec3 wrist{0.f};
  glm::vec3 forearm_end{0.f};
};
scene::Mesh make_hand(Contact contact, float curl = 0.f, HandArm* arm = nullptr);

// Radius in metres of the area that touches the skin in each posture (for ribbons and ripples).
float hand_contact_radius(Contact contact);

}  // namespace kneeviz::technique
