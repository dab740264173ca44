#include "app/practice_mode.h"

#include <algorithm>
#include <array>
#include <span>
#include <tuple>

#include "app/practice_view.h"
#include "io/atomic_file.h"
#include "session/learner_history.h"

namespace kneeviz::app {
namespace {

ui::PracticeStage to_ui(practice::PracticeSession::Stage stage) {
  switch (stage) {
    case practice::PracticeSession::Stage::ready:
      return ui::PracticeStage::ready;
    case practice::PracticeSession::Stage::recording:
      return ui::PracticeStage::recording;
    case practice::PracticeSession::Stage::reviewing:
      return ui::PracticeStage::reviewing;
    case practice::PracticeSession::Stage::finished:
      return ui::PracticeStage::finished;
  }
  return ui::PracticeStage::ready;
}

// The pressure levels a phase asks for while the hand is on the skin: the one it spends most
// time at, and the lightest and firmest.
struct PhasePressure {
  int most = 1, lightest = 1, firmest = 1;
};

PhasePressure phase_pressure(const technique::TechniqueTimeline& timeline, const technique::PhaseSpan& span) {
  std::array<int, practice::kPressureLevelCount> time_at{};
  for (const technique::HandPose& pose : timeline.samples(span.start, span.end, 0.1)) {
    if (!pose.contact || pose.transition) continue;
    int best = 0;
    for (int i = 1; i < practice::kPressureLevelCount; ++i)
      if (std::abs(practice::kPressureLevels[i].value - pose.pressure) <
          std::abs(practice::kPressureLevels[best].value - pose.pressure))
        best = i;
    ++time_at[std::size_t(best)];
  }
  PhasePressure levels;
  const auto most = std::max_element(time_at.begin(), time_at.end());
  if (*most == 0) return levels;
  levels.most = int(most - time_at.begin());
  levels.lightest =
      int(std::find_if(time_at.begin(), time_at.end(), [](int n) { return n > 0; }) - time_at.begin());
  levels.firmest =
      int(time_at.rend() - std::find_if(time_at.rbegin(), time_at.rend(), [](int n) { return n > 0; })) - 1;
  return levels;
}

}  // namespace

std::optional<std::string> PracticeMode::begin(const technique::TechniqueTimeline& timeline,
                                               const std::string& technique_name,
                                               practice::PracticeGuide guide, const std::string& learner) {
  end();
  try {
    session_.emplace(timeline, zone_at_, guide);
  } catch (const technique::TraceError& error) {
    return std::string(error.what());
  }
  learner_ = learner;
  card_ = {};
  card_.technique_name = technique_name;
  card_.learner = learner_;
  card_.follow_me = guide == practice::PracticeGuide::follow_me;
  for (const practice::PressureLevel& level : practice::kPressureLevels)
    card_.pressure_names.emplace_back(level.name);
  card_.csv_file = learner_.empty() ? std::string() : learner_ + " practice.csv";
  overlay_for_.reset();
  asked_for_.reset();
  preset_for_.reset();
  return std::nullopt;
}

void PracticeMode::end() {
  session_.reset();
  overlay_for_.reset();
  overlay_.triangles.clear();
  touching_ = false;
}

void PracticeMode::enter(double now) {
  if (!session_) return;
  switch (session_->stage()) {
    case practice::PracticeSession::Stage::ready:
      session_->start(now);
      break;
    case practice::PracticeSession::Stage::recording:
      session_->finish(now);
      break;
    case practice::PracticeSession::Stage::reviewing:
      session_->next();
      if (session_->stage() == practice::PracticeSession::Stage::finished) finished();
      break;
    case practice::PracticeSession::Stage::finished:
      break;
  }
}

void PracticeMode::set_pressure_level(int level) {
  if (session_) session_->set_pressure_level(level);
}

void PracticeMode::step_pressure(int delta) {
  if (session_) session_->step_pressure(delta);
}

bool PracticeMode::apply(const ui::PracticeCardRequests& requests, double now) {
  if (!session_) return false;
  if (requests.stop) {
    end();
    return true;
  }
  if (requests.pressure_level) session_->set_pressure_level(*requests.pressure_level);
  if (requests.start && session_->stage() == practice::PracticeSession::Stage::ready) enter(now);
  if (requests.finish && session_->stage() == practice::PracticeSession::Stage::recording) enter(now);
  if (requests.next && session_->stage() == practice::PracticeSession::Stage::reviewing) enter(now);
  if (requests.retry) session_->retry();
  if (requests.again) {
    const technique::TechniqueTimeline& timeline = session_->timeline();
    const practice::PracticeGuide guide = session_->guide();
    const std::string name = card_.technique_name, learner = card_.learner;
    begin(timeline, name, guide, learner);
  }
  if (requests.export_csv) export_csv();
  return false;
}

void PracticeMode::update(double now, std::optional<glm::vec3> on_skin, bool pressing) {
  if (!session_) return;
  touching_ = pressing && on_skin.has_value();
  session_->sample(now, on_skin, pressing);
  if (session_->overdue(now)) session_->finish(now);
  const technique::PhaseSpan& span = session_->span();
  card_.stage = to_ui(session_->stage());
  card_.phase = int(std::min(session_->phase(), session_->phase_count() - 1));
  card_.phase_count = int(session_->phase_count());
  card_.caption = session_->timeline().caption_at(span.start);
  card_.pressure_level = session_->pressure_level();
  card_.reference_seconds = float(span.end - span.start);
  card_.seconds = session_->recording().samples.empty() ? 0.f : float(session_->recording().samples.back().t);
  card_.touching = touching_ && recording();
  const practice::PracticeResult* result = session_->stage() == practice::PracticeSession::Stage::finished
                                               ? (session_->whole() ? &*session_->whole() : nullptr)
                                               : session_->current_result();
  card_.score = result ? result->score : std::nullopt;
  card_.problem = result ? result->problem : std::string();
  card_.phase_overall.clear();
  if (session_->stage() == practice::PracticeSession::Stage::finished)
    for (const std::optional<practice::PracticeResult>& phase : session_->phases())
      card_.phase_overall.push_back(phase && phase->score ? phase->score->overall : -1);
  // Following, the card names the pressure the phase asks for, and it is chosen when the phase
  // comes up (the learner may change it).
  card_.phase_pressure.clear();
  if (session_->guide() == practice::PracticeGuide::follow_me &&
      session_->stage() != practice::PracticeSession::Stage::finished) {
    if (asked_for_ != session_->phase()) {
      const PhasePressure levels = phase_pressure(session_->timeline(), span);
      asked_level_ = levels.most;
      asked_words_ = levels.lightest == levels.firmest
                         ? std::string(practice::kPressureLevels[levels.most].name)
                         : std::string(practice::kPressureLevels[levels.lightest].name) + " to " +
                               practice::kPressureLevels[levels.firmest].name;
      asked_for_ = session_->phase();
    }
    card_.phase_pressure = asked_words_;
    if (session_->stage() == practice::PracticeSession::Stage::ready && preset_for_ != session_->phase()) {
      session_->set_pressure_level(asked_level_);
      preset_for_ = session_->phase();
    }
  }
}

bool PracticeMode::shows_reference_hands() const {
  return session_ && session_->guide() == practice::PracticeGuide::follow_me &&
         (session_->stage() == practice::PracticeSession::Stage::ready ||
          session_->stage() == practice::PracticeSession::Stage::recording);
}

const render::OverlayGeometry& PracticeMode::overlay() {
  if (!session_) {
    overlay_.triangles.clear();
    return overlay_;
  }
  const auto key =
      std::make_tuple(session_->stage(), session_->phase(), session_->recording().samples.size());
  if (overlay_for_ != key) {
    overlay_ = practice_overlay(*session_);
    overlay_for_ = key;
  }
  return overlay_;
}

void PracticeMode::finished() {
  card_.history.clear();
  learner_ = card_.learner;  // as the learner typed it in the card
  while (!learner_.empty() && learner_.back() == ' ') learner_.pop_back();
  while (!learner_.empty() && learner_.front() == ' ') learner_.erase(learner_.begin());
  if (card_.csv_file.empty() && !learner_.empty()) card_.csv_file = learner_ + " practice.csv";
  const std::optional<session::Attempt> attempt = session_->attempt(session::utc_now());
  if (learner_.empty()) {
    card_.message = "Scored, not kept: name a learner in the technique's card to keep attempts.";
    return;
  }
  if (!attempt) {
    card_.message = "Not kept: the attempt could not be scored.";
    return;
  }
  try {
    std::string message;
    const session::LearnerRecord record = session::record_attempt(
        session::learner_file(session::learners_dir(), learner_), learner_, *attempt, &message);
    std::size_t count = 0;
    for (const session::Attempt& a : record.attempts)
      if (a.technique == attempt->technique) {
        card_.history.push_back(float(a.overall));
        ++count;
      }
    card_.message = (message.empty() ? std::string() : message + "\n") + "Kept in " + learner_ +
                    "'s history: attempt " + std::to_string(count) + " at this technique.";
  } catch (const std::exception& error) {
    card_.message = std::string("Not kept: ") + error.what();
  }
}

void PracticeMode::export_csv() {
  try {
    if (card_.csv_file.empty()) throw io::FileError("name a file for the CSV first, e.g. \"practice.csv\"");
    std::string message;
    const session::LearnerRecord record =
        session::read_learner(session::learner_file(session::learners_dir(), learner_), learner_, &message);
    if (!message.empty()) throw io::FileError(message);
    const std::string text = session::attempts_csv(record);
    const std::filesystem::path file = std::filesystem::absolute(card_.csv_file);
    io::write_file_atomically(file,
                              std::span(reinterpret_cast<const unsigned char*>(text.data()), text.size()));
    card_.message = "Wrote " + std::to_string(record.attempts.size()) + " attempts of " + learner_ + " to " +
                    file.string();
  } catch (const std::exception& error) {
    card_.message = std::string("The CSV was not written: ") + error.what();
  }
}

}  // namespace kneeviz::app
