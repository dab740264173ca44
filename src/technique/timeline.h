#pragma once
// A technique laid out in time on a posed leg: phases × repetitions × strokes, with the hand
// lifting, moving and landing between strokes. Everything is a pure function of the time t in
// seconds from the technique's start, so any frame rate, speed or scrub gives the same hand for the
// same t; Playback only moves t. No GL, no UI.

#include <functional>
#include <glm/glm.hpp>
#include <string>
#include <utility>
#include <vector>

#include "scene/model.h"
#include "technique/limb.h"
#include "technique/path.h"
#include "technique/technique.h"

namespace kneeviz::technique {

// The hand's contact at one moment of the technique.
struct HandPose {
  double time = 0.0;
  glm::vec3 position{0.f};  // on the skin under the contact (also while lifted; see lift_m)
  glm::vec3 normal{0.f, 0.f, 1.f};
  glm::vec3 direction{0.f, -1.f, 0.f};  // unit, tangent: the way the hand moves (or is about to)
  float pressure = 0.f;                 // 0..1, 0 while lifted
  bool contact = false;
  float lift_m = 0.f;            // the hand is at position + normal * lift_m
  int phase = -1;                // index into Technique::phases; -1 for a technique without strokes
  int stroke = -1;               // index into the phase's strokes; between strokes the one about to start
  int repetition = 0;            // of the phase's strokes (Phase::repetitions), 0-based
  int technique_repetition = 0;  // of the whole sequence (Technique::repetitions), 0-based
  bool transition = false;       // landing, lifting or moving in the air between strokes
  float knee_flexion_deg = 0.f;  // the leg's pose at this moment (changes while the hand is lifted)
};

// One occurrence of a phase in the timeline: [start, end).
struct PhaseSpan {
  int phase = 0;
  int technique_repetition = 0;
  double start = 0.0, end = 0.0;
};

// Timing of the moves between strokes.
inline constexpr float kTransitionLift = 0.04f;  // m, how high the hand rises between strokes
inline constexpr float kLiftSeconds = 0.25f;     // rising, and again landing
inline constexpr float kAirSpeed = 0.4f;         // m/s moving through the air
inline constexpr float kMinMoveSeconds = 0.2f, kMaxMoveSeconds = 1.5f;
inline constexpr float kFlexionSpeedDegPerS = 60.f;  // the knee moves between phases this fast
inline constexpr float kApproachSeconds = 0.6f;      // landing at the start, lifting off at the end
inline constexpr float kSameSpotM = 0.01f;           // closer than this, the hand stays on the skin

// How the client's position lays the leg at a knee flexion: the hip's flexion, and, when the leg
// lies on a table, which way the room's up is and where the table's padding lies, both in the
// model's space (the hands reach the limb from above and stay clear of the table).
struct Lying {
  float hip_flexion_deg = 0.f;
  bool on_table = false;
  glm::vec3 up{0.f, 1.f, 0.f};  // the room's up, unit, in the model's space
  float table_level = 0.f;      // dot(up, p) of a point on the padding's surface
  // Flat in the room, unit, model space: from the table toward the side the therapist stands on.
  glm::vec3 toward_therapist{0.f, 0.f, 1.f};
  // How far `p` (model space) lies above the padding; large without a table.
  float above_table(const glm::vec3& p) const { return on_table ? glm::dot(up, p) - table_level : 1e9f; }
  // How far a model-space point lies inside the rest of the client lying there (the volumes
  // standing for the pelvis and the other leg); empty when nothing is there.
  std::function<float(const glm::vec3&)> into_client;
  float depth_into_client(const glm::vec3& p) const { return into_client ? into_client(p) : 0.f; }
};
using LyingForKnee = std::function<Lying(float knee_flexion_deg)>;

// On a table, the least share of the room's up the skin under a hand faces: a therapist standing
// beside the table reaches the limb's top and sides, not the skin lying against the table or a
// support. A stroke written for skin facing further down (the back of the calf, face up) is laid
// on a side of the limb that faces up this much.
inline constexpr float kReachableUp = 0.3f;

// `stroke` with its angles around the limb turned to skin `frame` shows facing up by at least
// kReachableUp as `lying` lays it: the least turn the therapist's way round, unless the other way
// needs much less (30 degrees); its end to the reachable skin nearest its written angle either way
// round, whichever lies nearer round the limb to the laid start (the start's way on a tie).
// Unchanged standing or where it already faces up so.
Stroke within_reach(const Stroke& stroke, const LimbFrame& frame, const Lying& lying);

class TechniqueTimeline {
 public:
  // Poses the leg once per distinct Phase::knee_flexion_deg (a LimbFrame each, with the surfaces of
  // every cross-fibre stroke's `fibre_of`), the hip as `lying` says (straight and standing
  // without it), and lays the strokes out in time, the moves between strokes passing over the limb
  // where it lies on a table. Throws GeometryError when the model lacks the skin or a landmark. A
  // technique without strokes has duration 0.
  TechniqueTimeline(Technique technique, const scene::Model& model, const LyingForKnee& lying = {});

  const Technique& technique() const { return technique_; }
  double duration() const { return duration_; }

  // The hand at `t` (clamped to [0, duration()]).
  HandPose pose_at(double t) const;
  // The phase playing at `t` (transitions belong to the phase they lead into); -1 without phases.
  int phase_at(double t) const;
  // Start of the first occurrence of phase `i` (including the move that leads into it); 0 for an
  // index out of range.
  double phase_start(int i) const;
  // Every occurrence of every phase, in time order, covering [0, duration()].
  const std::vector<PhaseSpan>& phase_spans() const { return spans_; }
  // The caption of the phase at `t`; empty without phases.
  const std::string& caption_at(double t) const;

  // Poses at t0, t0 + step, ... up to t1 (the path ahead, the trail behind); at most 100,000.
  std::vector<HandPose> samples(double t0, double t1, double step) const;
  // Taps that land in [t0, t1), with technique times.
  std::vector<TapEvent> tap_events(double t0, double t1) const;
  // Bounds of the contact positions over [t0, t1] (sampled every 0.05 s or finer), for framing
  // the camera; empty when the timeline is.
  scene::Bounds working_area(double t0, double t1) const;

  // Stroke `stroke` of phase `phase` as laid on its leg (turned within reach as the client lies:
  // within_reach()); null for indices out of range.
  const Stroke* laid_stroke(int phase, int stroke) const;

  // The posed leg of the phase at `t`.
  const LimbFrame& frame_at(double t) const;
  // How that leg lies (standing, with no table, when nothing said).
  const Lying& lying_at(double t) const;
  // Distinct knee flexions, each with its frame, in order of first use.
  const std::vector<std::pair<float, LimbFrame>>& frames() const { return frames_; }

 private:
  enum class ItemKind { stroke, transition };
  struct Item {
    ItemKind kind = ItemKind::stroke;
    double start = 0.0, duration = 0.0;
    int phase = 0, stroke = 0, repetition = 0, technique_repetition = 0;
    int path = -1;  // stroke: index into paths_
    // transition: where from and to, in which leg pose, and whether it starts or ends in the air
    StrokeSample from, to;
    int frame_from = 0, frame_to = 0;
    bool from_air = false, to_air = false;
  };

  int frame_index(float knee_flexion_deg) const;
  const Item* item_at(double t) const;
  HandPose transition_pose(const Item& item, double local) const;
  void add_transition(const StrokeSample& from, int frame_from, bool from_air, const StrokeSample& to,
                      int frame_to, bool to_air, const Item& next);

  Technique technique_;
  std::vector<std::pair<float, LimbFrame>> frames_;
  std::vector<Lying> lying_;  // per frames_ entry
  std::vector<StrokePath> paths_;
  std::vector<int> path_frame_;              // paths_ index -> frames_ index
  std::vector<std::vector<int>> path_of_;    // phase, stroke -> paths_ index
  std::vector<std::vector<TapEvent>> taps_;  // per path, stroke-relative times
  std::vector<Item> items_;
  std::vector<PhaseSpan> spans_;
  double duration_ = 0.0;
};

// Play, pause, speed, scrub, loop and phase jumps over a timeline's time axis. It only moves t;
// TechniqueTimeline::pose_at(time()) gives the hand. Time is kept in double so that many small
// steps add up to the same t as a few large ones.
class Playback {
 public:
  static constexpr float kMinSpeed = 0.25f, kMaxSpeed = 2.f;
  // previous_phase() within this many seconds of a phase start goes to the phase before.
  static constexpr double kRestartWindow = 1.0;

  Playback() = default;
  explicit Playback(const TechniqueTimeline& timeline);
  // `phase_starts` in increasing order (the first is normally 0).
  Playback(double duration, std::vector<double> phase_starts);

  double time() const { return time_; }
  double duration() const { return duration_; }
  bool playing() const { return playing_; }
  float speed() const { return speed_; }
  bool loop() const { return loop_; }

  // Starts playing; from the beginning when stopped at the end without loop.
  void play();
  void pause() { playing_ = false; }
  void toggle() { playing_ ? pause() : play(); }
  // Clamped to [kMinSpeed, kMaxSpeed]; the next advance() already uses it.
  void set_speed(float speed);
  void set_loop(bool loop) { loop_ = loop; }

  // Moves t by real_seconds × speed while playing. At the end: wraps with loop, else stops there.
  void advance(double real_seconds);
  // Jumps to t (clamped to [0, duration]); playing or not stays as it was.
  void scrub(double t);
  // To the start of the current phase occurrence, or of the one before when t is within
  // kRestartWindow of its start.
  void previous_phase();
  // To the start of the next phase occurrence; past the last, to 0 with loop, else to the end.
  void next_phase();

 private:
  double time_ = 0.0, duration_ = 0.0;
  std::vector<double> phase_starts_;
  float speed_ = 1.f;
  bool playing_ = false;
  bool loop_ = false;
};

}  // namespace kneeviz::technique
