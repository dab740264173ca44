#include "app/practice_session.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace kneeviz::app {
namespace {

constexpr double kGapBetweenPhasesS = 0.5;  // joining phases: the hand off the skin this long between them
constexpr double kRestStepS = 0.1;          // a hand resting in contact is recorded this often

}  // namespace

const char* guide_id(PracticeGuide guide) { return guide == PracticeGuide::follow_me ? "follow-me" : "from-memory"; }

PracticeSession::PracticeSession(const technique::TechniqueTimeline& timeline, technique::ZoneAt zone_at,
                                 PracticeGuide guide)
    : timeline_(&timeline), zone_at_(std::move(zone_at)), guide_(guide), spans_(technique::practice_spans(timeline)) {
  if (spans_.empty())
    throw technique::TraceError(timeline.technique().id + " has no phases with strokes to practise");
  phases_.resize(spans_.size());
  recording_.technique = timeline.technique().id;
}

void PracticeSession::start(double now) {
  if (stage_ != Stage::ready) return;
  stage_ = Stage::recording;
  started_ = now;
  recording_.samples.clear();
}

void PracticeSession::sample(double now, std::optional<glm::vec3> on_skin, bool pressing) {
  if (stage_ != Stage::recording || recording_.samples.size() >= technique::kMaxTraceSamples) return;
  const double t = std::max(now - started_, recording_.samples.empty() ? 0.0 : recording_.samples.back().t);
  // Off the skin the point stays where the hand last was: a trace's points are on the leg.
  glm::vec3 p = on_skin.value_or(recording_.samples.empty() ? glm::vec3(0.f) : recording_.samples.back().p);
  if (!on_skin && recording_.samples.empty()) return;  // nothing to place it by yet
  const bool contact = pressing && on_skin.has_value();
  // The button held and the pointer still: no events come, yet the hand rests on the skin. On a
  // slow machine frames come seconds apart; the rest is recorded as it was, so that it is not
  // taken for a lift between strokes.
  if (contact && !recording_.samples.empty() && recording_.samples.back().contact) {
    const technique::TraceSample resting = recording_.samples.back();
    for (double at = resting.t + kRestStepS; at < t - 1e-6 && recording_.samples.size() < technique::kMaxTraceSamples;
         at += kRestStepS)
      recording_.samples.push_back({at, resting.p, true, resting.pressure});
  }
  if (recording_.samples.size() >= technique::kMaxTraceSamples) return;
  recording_.samples.push_back({t, p, contact, contact ? pressure() : 0.f});
}

bool PracticeSession::overdue(double now) const {
  return stage_ == Stage::recording && now - started_ > 3.0 * (span().end - span().start) + 10.0;
}

PracticeResult PracticeSession::score(technique::Trace trace, technique::TraceWindow window) const {
  PracticeResult result;
  result.trace = std::move(trace);
  const bool touched = std::any_of(result.trace.samples.begin(), result.trace.samples.end(),
                                   [](const technique::TraceSample& s) { return s.contact; });
  const std::vector<glm::vec3> path = technique::reference_path(*timeline_, window);
  for (const technique::TraceSample& s : result.trace.samples) {
    float nearest = std::numeric_limits<float>::max();
    for (const glm::vec3& r : path) nearest = std::min(nearest, glm::distance(r, s.p));
    result.off_path_m.push_back(s.contact && !path.empty() ? nearest : 0.f);
  }
  if (!touched) {
    result.problem = "The hand never touched the leg: hold the left mouse button down on the skin while you move.";
    return result;
  }
  try {
    result.score = technique::score_trace(*timeline_, result.trace, zone_at_, window);
  } catch (const technique::TraceError& error) {
    result.problem = std::string("This attempt could not be scored: ") + error.what() + ".";
  }
  return result;
}

void PracticeSession::finish(double /*now*/) {
  if (stage_ != Stage::recording) return;
  const technique::PhaseSpan& s = span();
  phases_[phase_] = score(recording_, {s.start, s.end});
  stage_ = Stage::reviewing;
}

void PracticeSession::next() {
  if (stage_ != Stage::reviewing) return;
  recording_.samples.clear();
  if (++phase_ < spans_.size()) {
    stage_ = Stage::ready;
    return;
  }
  stage_ = Stage::finished;
  technique::Trace joined;
  joined.technique = timeline_->technique().id;
  double offset = 0.0;
  for (const std::optional<PracticeResult>& result : phases_) {
    if (!result || result->trace.samples.empty()) continue;
    for (technique::TraceSample sample : result->trace.samples) {
      sample.t += offset;
      joined.samples.push_back(sample);
    }
    // The hand lifts between phases, so a run never spans two of them.
    technique::TraceSample lift = joined.samples.back();
    lift.contact = false;
    lift.pressure = 0.f;
    lift.t += kGapBetweenPhasesS * 0.5;
    joined.samples.push_back(lift);
    offset = joined.samples.back().t + kGapBetweenPhasesS * 0.5;
  }
  whole_ = score(std::move(joined), technique::practice_window(*timeline_));
}

void PracticeSession::retry() {
  if (stage_ != Stage::reviewing) return;
  phases_[phase_].reset();
  recording_.samples.clear();
  stage_ = Stage::ready;
}

double PracticeSession::reference_time(double now) const {
  const technique::PhaseSpan& s = span();
  if (stage_ != Stage::recording || guide_ == PracticeGuide::from_memory) return s.start;
  return std::clamp(s.start + (now - started_), s.start, s.end);
}

void PracticeSession::set_pressure_level(int level) { pressure_level_ = std::clamp(level, 0, kPressureLevelCount - 1); }

const PracticeResult* PracticeSession::current_result() const {
  for (std::size_t i = std::min(phase_ + 1, phases_.size()); i-- > 0;)
    if (phases_[i]) return &*phases_[i];
  return nullptr;
}

std::optional<session::Attempt> PracticeSession::attempt(const std::string& when) const {
  if (stage_ != Stage::finished || !whole_ || !whole_->score) return std::nullopt;
  const technique::PracticeScore& s = *whole_->score;
  return session::Attempt{timeline_->technique().id, when, guide_id(guide_), s.placement, s.direction, s.tempo,
                          s.pressure, s.order, s.safety, s.overall, s.safety_zone};
}

}  // namespace kneeviz::app
