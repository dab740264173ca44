#include "practice/practice_session.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace kneeviz::practice {
namespace {

constexpr double kGapBetweenPhasesS = 0.5;  // joining phases: the hand off the skin this long between them
constexpr double kRestStepS = 0.1;          // a hand resting in contact is recorded this often

}  // namespace

const char* guide_id(PracticeGuide guide) {
  return guide == PracticeGuide::follow_me ? "follow-me" : "from-memory";
}

PracticeSession::PracticeSession(const technique::TechniqueTimeline& timeline, technique::ZoneAt zone_at,
                                 PracticeGuide guide)
    : timeline_(&timeline),
      zone_at_(std::move(zone_at)),
      guide_(guide),
      spans_(technique::practice_spans(timeline)) {
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
    for (double at = resting.t + kRestStepS;
         at < t - 1e-6 && recording_.samples.size() < technique::kMaxTraceSamples; at += kRestStepS)
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
    result.problem =
        "The hand never touched the leg: hold the left mouse button down on the skin while you move.";
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
  // A phase left out would be scored as done badly: the whole is scored only when every phase was
  // performed, and otherwise says which were not.
  std::string missing;
  for (std::size_t i = 0; i < phases_.size(); ++i)
    if (!phases_[i] || !phases_[i]->score) missing += (missing.empty() ? "" : ", ") + std::to_string(i + 1);
  if (!missing.empty()) {
    whole_ = PracticeResult{std::move(joined),
                            std::nullopt,
                            "Not every phase was performed (phase " + missing +
                                " not): the whole technique is scored when each phase has been.",
                            {}};
    return;
  }
  // The whole is the phases together, each weighing as long as the reference spends on it: a
  // phase is matched against its own reference, never against the others' strokes along the same
  // lines. The order comes from the phases joined.
  PracticeResult whole = score(std::move(joined), technique::practice_window(*timeline_));
  if (!whole.score) {
    whole_ = std::move(whole);
    return;
  }
  technique::PracticeScore combined;
  combined.order = whole.score->order;
  combined.safety = 100;
  double weights = 0.0, placement = 0.0, direction = 0.0, tempo = 0.0, pressure = 0.0, speed = 0.0, off = 0.0;
  const PracticeResult* weakest = nullptr;
  std::size_t weakest_index = 0;
  for (std::size_t i = 0; i < phases_.size(); ++i) {
    const technique::PracticeScore& s = *phases_[i]->score;
    const double w = std::max(spans_[i].end - spans_[i].start, 1e-3);
    weights += w;
    placement += w * s.placement;
    direction += w * s.direction;
    tempo += w * s.tempo;
    pressure += w * s.pressure;
    speed += w * s.speed_ratio;
    off += w * s.off_target_cm;
    if (s.safety < combined.safety) {
      combined.safety = s.safety;
      combined.safety_zone = s.safety_zone;
    }
    if (!weakest || s.safety < weakest->score->safety ||
        (s.safety == weakest->score->safety && s.overall < weakest->score->overall)) {
      weakest = &*phases_[i];
      weakest_index = i;
    }
  }
  combined.placement = int(std::lround(placement / weights));
  combined.direction = int(std::lround(direction / weights));
  combined.tempo = int(std::lround(tempo / weights));
  combined.pressure = int(std::lround(pressure / weights));
  combined.speed_ratio = speed / weights;
  combined.off_target_cm = off / weights;
  combined.overall = int(std::lround(
      (combined.placement + combined.direction + combined.tempo + combined.pressure + combined.order) / 5.0));
  if (combined.safety == 0) combined.overall = std::min(combined.overall, 40);
  // What to work on: the weakest phase's advice, named; the order's when it was off.
  for (const std::string& advice : weakest->score->feedback)
    combined.feedback.push_back(weakest->score->overall >= 90 && combined.safety == 100
                                    ? advice
                                    : "Phase " + std::to_string(weakest_index + 1) + ": " + advice);
  if (combined.order < 90)
    combined.feedback.insert(combined.feedback.begin(),
                             "Order: work through the phases in the technique's order.");
  if (combined.feedback.size() > 2) combined.feedback.resize(2);
  whole.score = combined;
  whole_ = std::move(whole);
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

void PracticeSession::set_pressure_level(int level) {
  pressure_level_ = std::clamp(level, 0, kPressureLevelCount - 1);
}

const PracticeResult* PracticeSession::current_result() const {
  for (std::size_t i = std::min(phase_ + 1, phases_.size()); i-- > 0;)
    if (phases_[i]) return &*phases_[i];
  return nullptr;
}

std::optional<session::Attempt> PracticeSession::attempt(const std::string& when) const {
  if (stage_ != Stage::finished || !whole_ || !whole_->score) return std::nullopt;
  const technique::PracticeScore& s = *whole_->score;
  return session::Attempt{timeline_->technique().id,
                          when,
                          guide_id(guide_),
                          s.placement,
                          s.direction,
                          s.tempo,
                          s.pressure,
                          s.order,
                          s.safety,
                          s.overall,
                          s.safety_zone};
}

}  // namespace kneeviz::practice
