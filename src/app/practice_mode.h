#pragma once
// Practice mode in the window: a practice::PracticeSession on the technique the player holds, the learner's
// name and history, the card the panel draws and the ribbons on the leg. The viewer feeds it the
// pointer (where it meets the skin, the button, the wheel) and the keys; it says which moment of
// the reference to show and whether the reference's hands show. No GL, no GLFW.

#include <optional>
#include <string>
#include <tuple>

#include "practice/practice_session.h"
#include "render/overlay.h"
#include "ui/practice_card.h"

namespace kneeviz::app {

class PracticeMode {
 public:
  explicit PracticeMode(technique::ZoneAt zone_at) : zone_at_(std::move(zone_at)) {}

  bool active() const { return session_.has_value(); }
  // Begins on `timeline` (the player's; it must outlive the practice or end() be called first).
  // `learner` may be empty (the attempt is scored but not kept) and may be changed in the card
  // before the first phase; a name that cannot be kept is said when the attempt ends. Returns why
  // it cannot begin, in words, or nothing.
  std::optional<std::string> begin(const technique::TechniqueTimeline& timeline,
                                   const std::string& technique_name, practice::PracticeGuide guide,
                                   const std::string& learner);
  void end();

  // Enter: start the phase, finish it, or go on to the next one.
  void enter(double now);
  // A number key 1-4 (level 0-3), or a step of the wheel.
  void set_pressure_level(int level);
  void step_pressure(int delta);
  // What the card asked for. Returns true when the learner left practice.
  bool apply(const ui::PracticeCardRequests& requests, double now);

  // Once a frame: the pointer on the skin (model space) or off it, and the button held. Ends a
  // recording that has run far too long, and keeps the card up to date.
  void update(double now, std::optional<glm::vec3> on_skin, bool pressing);

  // The moment of the reference to show now.
  double reference_time(double now) const { return session_ ? session_->reference_time(now) : 0.0; }
  // The pointer's button touches the skin (the camera must not turn with it).
  bool recording() const {
    return session_ && session_->stage() == practice::PracticeSession::Stage::recording;
  }
  // The reference's hands show, as ghosts: following, before and while the phase is performed.
  bool shows_reference_hands() const;
  // The reference's path ahead shows (following, before and while performing).
  bool shows_path_ahead() const { return shows_reference_hands(); }
  // The learner's trace and the reference path, in the model's space.
  const render::OverlayGeometry& overlay();
  ui::PracticeCard& card() { return card_; }
  const practice::PracticeSession* session() const { return session_ ? &*session_ : nullptr; }

 private:
  void finished();  // keeps the attempt and loads the history chart
  void export_csv();

  technique::ZoneAt zone_at_;
  std::optional<practice::PracticeSession> session_;
  ui::PracticeCard card_;
  std::string learner_;
  render::OverlayGeometry overlay_;
  std::optional<std::tuple<practice::PracticeSession::Stage, std::size_t, std::size_t>>
      overlay_for_;  // stage, phase, samples
  bool touching_ = false;
  // The pressure the current phase asks for, worked out once per phase (it samples the timeline):
  // the phase it is for, the level it spends most time at, and the card's words.
  std::optional<std::size_t> asked_for_;
  int asked_level_ = 1;
  std::string asked_words_;
  std::optional<std::size_t> preset_for_;  // the phase whose pressure was chosen for the learner
};

}  // namespace kneeviz::app
