#pragma once
// Practice: a learner's attempt at a technique, as a trace of where the hand was, whether it
// touched and how firmly, scored against the technique's own reference trace, figure by figure
// (placement, direction, tempo, pressure, order, safety), each 0-100, with words on what to work
// on. Traces are files (docs/practice.md); the window records them from the pointer, `kneeviz
// practice` writes and scores them headless. No GL, no UI.

#include <filesystem>
#include <glm/glm.hpp>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "json/error.h"
#include "technique/hands.h"
#include "technique/timeline.h"

namespace kneeviz::technique {

inline constexpr int kTraceFormatVersion = 1;
inline constexpr double kReferenceStepS = 0.05;  // the reference trace's sampling
inline constexpr std::size_t kMaxTraceSamples = 200'000;

struct TraceSample {
  double t = 0.0;        // seconds from the attempt's start
  glm::vec3 p{0.f};      // on the skin, in the model's space (metres, the leg in the technique's pose)
  bool contact = false;  // the hand on the skin
  float pressure = 0.f;  // 0..1, the techniques' scale (very light 0.15 ... firm 0.8)
};

struct Trace {
  std::string technique;             // its id
  std::vector<TraceSample> samples;  // in time order
};

// A trace file that cannot be used: what() names the file, the place and what was expected.
class TraceError : public Error {
 public:
  using Error::Error;
};

// A stretch of the timeline, [start, end) in its time: the whole technique, or one phase practised
// on its own.
struct TraceWindow {
  double start = 0.0;
  double end = std::numeric_limits<double>::infinity();
};

// The technique's own performance, sampled every `step` seconds: the contact point, whether the
// hand touches (not while it lifts or moves between strokes) and the stroke's pressure. Over a
// window, its times start at 0 at the window's start.
Trace reference_trace(const TechniqueTimeline& timeline, double step = kReferenceStepS,
                      TraceWindow window = {});
// What a learner practises one at a time, in order: each phase as it first plays (a technique
// played twice over is practised once).
std::vector<PhaseSpan> practice_spans(const TechniqueTimeline& timeline);
// The window from the first practice span's start to the last one's end: the whole technique
// performed once.
TraceWindow practice_window(const TechniqueTimeline& timeline);
// The reference's points of contact in `window`, every kReferenceStepS: the path a ribbon of the
// learner's trace is measured against.
std::vector<glm::vec3> reference_path(const TechniqueTimeline& timeline, TraceWindow window = {});
// The trace as JSON: {"format_version": 1, "technique": ID, "samples": [{"t", "p", "contact",
// "pressure"}, ...]}, numbers as short as they round-trip.
std::string trace_to_json(const Trace& trace);
// Reads and checks a trace file: a regular file of at most 64 MiB, JSON nested a few levels, the
// format version, the technique `expected_technique` (a trace of another technique is refused by
// name), at least two samples and one in contact, times that never go back, finite positions,
// pressures 0..1, and no unknown fields. Throws TraceError.
Trace read_trace_file(const std::filesystem::path& file, const std::string& expected_technique);
// The same from text; `source` stands for the file in messages.
Trace parse_trace(const std::string& text, const std::string& source, const std::string& expected_technique);

// One of the reference's strokes as the attempt performed it: the mean of its share covered, the
// attempt's share kept on it, and how well the attempt moved its way there; 0-100.
struct StrokeScore {
  int phase = -1;
  int stroke = -1;  // index into the phase's strokes
  int score = 0;
};

struct PracticeScore {
  // Each 0-100.
  int placement = 0;  // the reference's working area covered, and the attempt kept on it
  int direction = 0;  // the hand moving the way the reference moves at the same place
  int tempo = 0;      // the hand's speed against the reference's, its rhythm where strokes repeat, its holds
  int pressure = 0;   // how firmly, against the stroke's pressure there
  int order = 0;      // the phases in the reference's order
  int safety = 0;     // 100, or 0 when the hand pressed more than lightly on a caution zone
  int overall = 0;    // the mean of the first five; at most 40 when safety failed
  std::string safety_zone;            // the zone pressed, when safety failed
  std::vector<std::string> feedback;  // the two things to work on next, in words
  std::vector<StrokeScore> strokes;   // stroke by stroke, in the order the reference performs them
  double speed_ratio = 1.0;           // the attempt's speed / the reference's
  // Where the strokes repeat: circles, strokes to and fro or taps a second, the attempt's and the
  // reference's (0: the technique's strokes do not repeat).
  double beats_per_second = 0.0, reference_beats_per_second = 0.0;
  // Where the reference holds a spot (resting in contact), the seconds in contact the attempt
  // spends within a centimetre of those spots, and the reference's (0: it holds nowhere).
  double held_s = 0.0, reference_held_s = 0.0;
  double off_target_cm = 0.0;  // median distance of the attempt's contact from the reference's path
};

// Scores `attempt` against the timeline's reference over `window` (the attempt's own times may
// start anywhere). `zone_at` names the caution zone a point lies in (zone_lookup()); empty: no
// zone is checked. Throws TraceError when the attempt is not on the skin (its contact points lie,
// at the median, more than 3 cm from it) or the window holds no contact of the reference.
PracticeScore score_trace(const TechniqueTimeline& timeline, const Trace& attempt, const ZoneAt& zone_at,
                          TraceWindow window = {});

}  // namespace kneeviz::technique
