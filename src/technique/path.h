#pragma once
// A stroke (technique.h) laid out on the skin of a posed leg: a pure function of the time since
// the stroke began, giving where the contact is, which way it moves, how hard it presses and
// whether the hand is on the skin. No GL.

#include <glm/glm.hpp>
#include <vector>

#include "technique/limb.h"
#include "technique/technique.h"

namespace kneeviz::technique {

// What the contact does at one moment.
struct StrokeSample {
  glm::vec3 position{0.f};              // on the skin: the point under the contact, also while lifted
  glm::vec3 normal{0.f, 0.f, 1.f};      // the skin's outward normal there, unit
  glm::vec3 direction{0.f, -1.f, 0.f};  // unit, tangent to the skin: the direction of motion
  float pressure = 0.f;  // 0..1 while in contact (Stroke::pressure, lighter on a return); 0 lifted
  bool contact = false;  // the hand is on the skin
  float lift_m = 0.f;    // height of the hand above `position` along `normal`; 0 in contact
};

// A tap landing (Motion::taps), for ripples.
struct TapEvent {
  double time = 0.0;  // seconds: from the stroke's start (StrokePath) or the technique's (timeline)
  glm::vec3 position{0.f};
  glm::vec3 normal{0.f, 0.f, 1.f};
  float pressure = 0.f;
};

// Defaults and shapes the data does not spell out.
inline constexpr float kDefaultCircleRadius = 0.02f;  // m, circles when amplitude_m is 0
inline constexpr float kDefaultOscillation = 0.025f;  // m, side-to-side / up-and-down half-width
inline constexpr float kDefaultTapSpread = 0.03f;     // m, radius of the circle tap points travel
inline constexpr float kDefaultCrossFibre = 0.012f;   // m, half-length of a cross-fibre stroke
inline constexpr float kDefaultFrequencyHz = 1.f;     // circles and oscillations
inline constexpr float kDefaultTapFrequencyHz = 4.f;
inline constexpr float kTapLift = 0.025f;        // m, how high the hand rises between taps
inline constexpr float kTapContactShare = 0.3f;  // of each tap period spent on the skin
inline constexpr int kTapsPerCircle = 8;         // tap points go once round their circle per 8 taps
inline constexpr float kReturnTimeShare = 0.5f;  // a lighter return takes half the pass's time
inline constexpr float kReturnPressureShare = 0.35f;

class StrokePath {
 public:
  // Keeps a copy of the stroke and of the frame (which shares its surfaces). Never throws: a
  // cross_fibre stroke whose `fibre_of` the frame lacks crosses the limb axis instead.
  StrokePath(const Stroke& stroke, LimbFrame frame);

  const Stroke& stroke() const { return stroke_; }
  // The pass (Stroke::duration_s, at least 0.1 s), the pause at its end, the lighter return.
  float pass_duration() const { return pass_; }
  float duration() const { return pass_ + pause_ + return_; }

  // The contact at `t` seconds from the stroke's start (clamped to [0, duration()]).
  StrokeSample sample(float t) const;
  // Samples at t0, t0 + step, ... up to and including t1 (step > 0; at most 100,000 samples).
  std::vector<StrokeSample> samples(float t0, float t1, float step) const;
  // Every tap landing of a taps stroke (empty for the other motions), times from the stroke start.
  std::vector<TapEvent> taps() const;

 private:
  struct Located {
    glm::vec3 position{0.f};
    glm::vec3 normal{0.f, 0.f, 1.f};
    bool contact = true;
    float lift = 0.f;
    float pressure = 0.f;
  };
  struct LimbSpot {
    float position = 0.f;  // along the segment
    float angle_deg = 0.f;
  };

  // A point in limb coordinates plus an offset on the skin (metres along and around the limb).
  struct LimbState {
    LimbSpot spot;
    float along_m = 0.f;
    float around_m = 0.f;
  };

  Located locate(float t) const;
  LimbSpot centre(float u) const;  // the travelling centre during the pass (u: seconds into it)
  LimbState state_pass(float u, bool& contact, float& lift) const;  // all motions but cross_fibre
  LimbState tap_state(int k) const;
  float cross_offset(float u) const;
  SkinPoint offset_point(const LimbSpot& spot, float along_m, float around_m) const;
  Located place(const LimbState& state) const;
  Located place_cross(const LimbSpot& spot, float offset_m) const;
  glm::vec3 fibre_near(const LimbSpot& spot, const glm::vec3& position, const glm::vec3& normal) const;
  glm::vec3 direction_at(float t, const Located& here) const;
  glm::vec3 nominal_direction(const Located& here) const;

  Stroke stroke_;
  LimbFrame frame_;
  float pass_ = 1.f, pause_ = 0.f, return_ = 0.f;
  float amplitude_ = 0.f, frequency_ = 0.f;
  int tap_count_ = 0;
  float tap_period_ = 0.f;
};

}  // namespace kneeviz::technique
