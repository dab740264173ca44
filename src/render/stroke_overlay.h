#pragma once
// Builds what the viewer sees of a stroke: the path ahead as a ribbon with arrows in the stroke
// direction (its width and colour telling the pressure), a trail fading behind the hand, and
// ripples where taps land. Pure geometry (no GL): OverlayRenderer draws it.

#include <vector>

#include "render/look.h"
#include "render/overlay.h"

namespace kneeviz::render {

// A point of a stroke path on the skin at a moment of the technique.
struct PathPoint {
  glm::vec3 position;
  glm::vec3 normal;       // the skin's outward normal
  glm::vec3 direction;    // unit, tangent to the skin, the way the hand moves
  float pressure = 0.5f;  // 0 (skin stretch) .. 1 (firm)
  bool contact = true;    // false while the hand is lifted
  float time = 0.f;       // seconds into the technique
};

struct TapMark {
  glm::vec3 position;
  glm::vec3 normal;
  float time = 0.f;  // when it landed
};

struct StrokeOverlayStyle {
  float lift_m = 0.0015f;      // above the skin, so nothing z-fights with it
  float min_width_m = 0.010f;  // ribbon width at no pressure...
  float max_width_m = 0.034f;  // ...and at firm pressure
  float ahead_fade_s = 3.f;    // the ribbon fades out this far ahead
  float trail_fade_s = 2.f;    // the trail fades out this far behind
  float arrow_spacing_m = 0.045f;
  float ripple_seconds = 0.7f;
  float ripple_radius_m = 0.03f;
};

// `ahead`: samples from now into the future; `behind`: samples from the past up to now, both in
// time order. `now`: the current time.
OverlayGeometry build_stroke_overlay(const std::vector<PathPoint>& ahead,
                                     const std::vector<PathPoint>& behind, const std::vector<TapMark>& taps,
                                     float now, const StrokeOverlayStyle& style = {});

// A line on the skin drawn as a flat ribbon `width_m` wide, each point with its own colour (a
// learner's trace coloured by its error, the reference path it is measured against); broken
// wherever a point is out of contact or the next is more than 5 cm away. Points need position,
// normal, direction and contact.
OverlayGeometry build_ribbon(const std::vector<PathPoint>& points, const std::vector<glm::vec4>& colours,
                             float width_m, float lift_m = 0.002f);

}  // namespace kneeviz::render
