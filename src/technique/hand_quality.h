#pragma once
// How well the hands sit on the body through a technique, measured the way an instructor judges
// it: how deep any part of either hand or forearm goes under the (undented) skin beyond the press
// the stroke asks for, how much of each resting hand's contact surface lies on the skin, and
// whether both hands work where the technique's data says so. Sampled at fixed times; figures, not
// judgements: tests and benchmarks hold them to the goals. No GL.

#include <string>
#include <vector>

#include "technique/hands.h"
#include "technique/timeline.h"

namespace kneeviz::technique {

struct HandQuality {
  std::string technique;
  int samples = 0;
  float max_press_m = 0.f;   // the deepest press a stroke asked for
  float max_depth_m = 0.f;   // the deepest any hand point went under the skin
  float max_excess_m = 0.f;  // the most any point went deeper than its hand's press
  double worst_time = 0.0;   // when, and which hand ("hand-left", "hand-right")
  std::string worst_hand;
  float min_contact_share = 1.f;  // of a hand resting on the skin: share of its contact surface on it
  double min_share_time = 0.0;    // when, and which hand
  std::string min_share_hand;
  float mean_contact_share = 0.f;  // over every hand resting on the skin at every sample
  int share_samples = 0;           // hands resting on the skin, counted at every sample...
  int low_share_samples = 0;       // ...and of those, with less than kContactShareGoal on it
  int two_hand_samples = 0;        // samples where the data asks both hands to work...
  int two_hand_misses = 0;         // ...and one of them did not
  int zone_samples = 0;            // samples where a hand part rests on a caution zone, pressing
  std::string zone_example;        // more than lightly: the first one, in words
  int max_folds = 0;               // the most folded edges (folded_edges()) of one hand at one sample
  double folds_time = 0.0;         // when, and which hand
  std::string folds_hand;
};

// The edges of `posed` (a hand as fitted: the same vertices and triangles as `rest`, its shape)
// where the hand has folded over itself: the two triangles on either side of the edge turned more
// than `fold_deg` further toward each other than at rest. A hand bends and its forearm turns
// smoothly, by a few degrees an edge; a crease where its surface was pushed two ways at once (the
// heel of a hand over a skin fold) turns the triangles along it by 90 degrees or more.
// With `where`, the middle of each folded edge in the rest mesh's frame is added to it.
int folded_edges(const scene::Mesh& rest, const scene::Mesh& posed, float fold_deg = 90.f,
                 std::vector<glm::vec3>* where = nullptr);
// (kOnSkinTolerance, kContactShareGoal and contact_share(): technique/hands.h.)

// Samples `timeline` every `step` seconds from 0 to its end. `vertex_stride` > 1 checks every
// n-th vertex for depth (the contact surface is always checked whole).
// With `zone_at`, every hand part within 5 mm of the skin is checked against the zones.
HandQuality measure_hands(const TechniqueTimeline& timeline, const TherapistHands& hands, double step = 0.25,
                          int vertex_stride = 3, const ZoneAt& zone_at = {});

}  // namespace kneeviz::technique
