#pragma once
// Practice mode's card, a window beside the leg: what to do now (the phase and its caption, how to
// press), the pressure chosen, the buttons that move on, and once a phase is done its score card:
// each figure 0-100 as a bar, the two things to work on next, and after the last phase the whole
// attempt with the learner's history for the technique as a small chart and a CSV export. ImGui
// only: no GL, no GLFW; the app fills it in from practice::PracticeSession.

#include <optional>
#include <string>
#include <vector>

#include "technique/practice.h"

namespace kneeviz::ui {

enum class PracticeStage { ready, recording, reviewing, finished };

struct PracticeCard {
  std::string technique_name;
  std::string learner;    // empty: the attempt is scored but not kept; editable before the first phase
  bool follow_me = true;  // the ghost hand and path show the way
  PracticeStage stage = PracticeStage::ready;
  int phase = 0;  // 0-based
  int phase_count = 1;
  std::string caption;     // what the phase does
  int pressure_level = 1;  // into the pressure names below
  std::vector<std::string> pressure_names;
  float seconds = 0.f;            // into the recording
  float reference_seconds = 0.f;  // the reference phase's length
  bool touching = false;          // the hand is on the skin now
  // The phase under review (reviewing), or the whole attempt (finished); none when it could not
  // be scored, with the reason.
  std::optional<technique::PracticeScore> score;
  std::string problem;
  std::vector<int> phase_overall;  // finished: each phase's overall score, -1 where not performed
  std::string phase_pressure;      // following: the pressure the phase asks for ("light to moderate")
  std::vector<float> history;      // the learner's overall scores for this technique, oldest first
  std::string message;             // where the attempt was kept, or why it was not
  std::string csv_file;            // the export box's text
  bool large = false;              // presenter mode: large type
};

struct PracticeCardRequests {
  bool start = false;   // begin the phase
  bool finish = false;  // the phase is done
  bool next = false;    // on to the next phase (or the whole score)
  bool retry = false;   // the same phase again
  bool again = false;   // a new attempt at the whole technique
  bool stop = false;    // leave practice mode
  bool export_csv = false;
  std::optional<int> pressure_level;
  float left_edge = 0.f;  // the card's left edge, in window coordinates from the work area's left
};

// Draws the card at the right edge of the work area. Returns what the learner asked for.
PracticeCardRequests draw_practice_card(PracticeCard& card);

}  // namespace kneeviz::ui
