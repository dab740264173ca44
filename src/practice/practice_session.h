#pragma once
// Practice mode apart from the window: the learner performs a technique phase by phase. Each phase
// is recorded from the pointer (where it touches the skin, whether the button is held, the
// pressure chosen), scored against the same phase of the reference and reviewed; after the last,
// the whole attempt is scored (the order of the phases too) and can be kept in the learner's
// history. No GL, no GLFW: the viewer feeds it the pointer and draws what it holds.

#include <cstddef>
#include <glm/glm.hpp>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "session/learner_history.h"
#include "technique/practice.h"
#include "technique/timeline.h"

namespace kneeviz::practice {

// "Follow me": the reference plays along as a ghost hand with its path ahead. "From memory":
// nothing shows the way until the phase is scored.
enum class PracticeGuide { follow_me, from_memory };
const char* guide_id(PracticeGuide guide);  // "follow-me", "from-memory"

// The pressures the number keys and the wheel choose, lightest first, on the techniques' scale.
struct PressureLevel {
  const char* name;
  float value;
};
inline constexpr PressureLevel kPressureLevels[] = {
    {"very light", 0.15f}, {"light", 0.3f}, {"moderate", 0.55f}, {"firm", 0.8f}};
inline constexpr int kPressureLevelCount = int(std::size(kPressureLevels));

// A phase (or the whole attempt) as recorded and scored.
struct PracticeResult {
  technique::Trace trace;                         // times from the phase's start
  std::optional<technique::PracticeScore> score;  // none when it could not be scored...
  std::string problem;                            // ...and why, in words
  // For each sample of the trace, how far it lies from the reference's path (metres); 0 off the skin.
  std::vector<float> off_path_m;
};

class PracticeSession {
 public:
  enum class Stage {
    ready,      // the phase is about to be performed: the view may be turned
    recording,  // the learner performs it
    reviewing,  // its score is shown; on to the next, or again
    finished,   // every phase done: the whole attempt's score
  };

  // The timeline must outlive the session. Throws technique::TraceError for a technique without
  // phases to practise.
  PracticeSession(const technique::TechniqueTimeline& timeline, technique::ZoneAt zone_at,
                  PracticeGuide guide);

  Stage stage() const { return stage_; }
  PracticeGuide guide() const { return guide_; }
  const technique::TechniqueTimeline& timeline() const { return *timeline_; }
  std::size_t phase_count() const { return spans_.size(); }
  // The phase being practised, 0-based in practice order; phase_count() once finished.
  std::size_t phase() const { return phase_; }
  // Its stretch of the reference's timeline (the last one's once finished).
  const technique::PhaseSpan& span() const { return spans_[std::min(phase_, spans_.size() - 1)]; }

  // ready -> recording, the clock starting at `now` (seconds, any steady clock).
  void start(double now);
  // While recording: the pointer at `now`, on the skin at `on_skin` (model space) or off it, the
  // button held or not. Contact is both. A hand that stayed in contact since the last sample
  // rested where it was, and is recorded so every 0.1 s in between. Ignored in other stages.
  void sample(double now, std::optional<glm::vec3> on_skin, bool pressing);
  // recording -> reviewing: the phase is scored.
  void finish(double now);
  // The recording has run three times the reference phase's length and ten seconds more: the
  // learner has let it run on, and it should end by itself.
  bool overdue(double now) const;
  // reviewing -> ready for the next phase, or -> finished after the last: the whole attempt is
  // scored when every phase was performed and scored, else whole() says which were not. Its
  // figures are the phases', each weighing as long as its reference; its order is the phases'
  // joined in the order performed; its advice the weakest phase's.
  void next();
  // reviewing -> ready: the same phase again, its last recording dropped.
  void retry();

  // The moment of the reference to show: following, the phase plays along with the learner's
  // clock (and holds at its end); from memory, and before the start, the phase's first moment.
  double reference_time(double now) const;

  int pressure_level() const { return pressure_level_; }
  void set_pressure_level(int level);
  void step_pressure(int delta) { set_pressure_level(pressure_level_ + delta); }
  float pressure() const { return kPressureLevels[pressure_level_].value; }

  // The phase being recorded so far (times from its start).
  const technique::Trace& recording() const { return recording_; }
  // The phases scored, in practice order; a phase not yet scored has none.
  const std::vector<std::optional<PracticeResult>>& phases() const { return phases_; }
  // The phase under review (reviewing), or the last scored one.
  const PracticeResult* current_result() const;
  // Once finished: the whole attempt, every phase's recording joined in order.
  const std::optional<PracticeResult>& whole() const { return whole_; }
  // The whole attempt as the learner's history keeps it; nothing until it is finished and scored.
  std::optional<session::Attempt> attempt(const std::string& when) const;

 private:
  PracticeResult score(technique::Trace trace, technique::TraceWindow window) const;

  const technique::TechniqueTimeline* timeline_;
  technique::ZoneAt zone_at_;
  PracticeGuide guide_;
  std::vector<technique::PhaseSpan> spans_;
  Stage stage_ = Stage::ready;
  std::size_t phase_ = 0;
  double started_ = 0.0;
  int pressure_level_ = 1;
  technique::Trace recording_;
  std::vector<std::optional<PracticeResult>> phases_;
  std::optional<PracticeResult> whole_;
};

}  // namespace kneeviz::practice
