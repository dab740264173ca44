#pragma once
// Lessons: guided tours through the leg (assets/lessons/<id>.json; format: docs/lessons.md). A lesson
// is a sequence of steps, each with a caption, a duration, and optionally a camera view, a structure
// to frame, layer opacities, highlighted groups, a stretch of a technique, and the safety panel.
// Reading goes on past the first error and reports every problem, each with the file, line and
// column, the field (`steps[3].layers.skin`) and what was expected, as the technique reader does.

#include <cstddef>
#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "json/problems.h"
#include "scene/camera.h"

namespace kneeviz::anatomy {
class RegionCatalogue;
class RegionView;
}  // namespace kneeviz::anatomy

namespace kneeviz::lesson {

struct LessonStep {
  std::string caption;                    // one or two sentences shown while the step plays
  float duration_s = 0.f;                 // > 0
  std::string section;                    // optional grouping ("why", "structures", ...); may be empty
  std::optional<scene::ViewAngles> view;  // camera angles; none keeps the current view
  std::optional<std::string> frame;       // a structure or group id to frame; none keeps the framing
  std::map<std::string, float> layers;    // layer id -> opacity in [0, 1]; absent layers keep theirs
  std::vector<std::string> highlight;     // group ids lit up during the step (empty: none)
  std::optional<std::string> technique;   // a technique id played during the step
  float technique_from_s = 0.f;           // the stretch of that technique's timeline to play:
  float technique_to_s = 0.f;             //   0 <= from < to (both 0 without a technique)
  bool show_safety = false;               // open the safety panel for this step
};

struct Lesson {
  std::string id;                 // kebab-case, equal to the file name without ".json"
  std::string title;              // display title
  std::string summary;            // one or two sentences for the list
  std::vector<LessonStep> steps;  // at least one
  std::string file;               // where it was read from (the source name for parse_lesson)
};

// One thing wrong with a lesson file.
using LessonProblem = json::Problem;

// Everything wrong with one or more lesson files (json::ProblemsError: what() lists every problem).
class LessonError : public json::ProblemsError {
 public:
  using json::ProblemsError::ProblemsError;
};

// Parses and validates lesson JSON already in memory; `source_name` stands for the file in
// messages. With a catalogue, `frame` and `highlight` are checked against it; with technique ids,
// `technique` is. Throws LessonError listing every problem. The id is not compared with a file name.
Lesson parse_lesson(std::string_view text, std::string source_name,
                    const anatomy::RegionCatalogue* catalogue = nullptr,
                    const std::vector<std::string>* technique_ids = nullptr);

// Reads, parses and validates one file, whose id must equal its name without ".json". Throws
// LessonError (unreadable file, malformed JSON, every schema problem).
Lesson read_lesson_file(const std::filesystem::path& path,
                        const anatomy::RegionCatalogue* catalogue = nullptr,
                        const std::vector<std::string>* technique_ids = nullptr);

// Every "*.json" file in `folder` (not recursive), sorted by id. Throws one LessonError with the
// problems of all the files when any is invalid or the folder cannot be listed. An empty folder
// gives an empty vector.
std::vector<Lesson> load_lesson_folder(const std::filesystem::path& folder,
                                       const anatomy::RegionCatalogue* catalogue = nullptr,
                                       const std::vector<std::string>* technique_ids = nullptr);

// The sum of the step durations, in seconds.
double total_duration(const Lesson& lesson);

// What a step shows of the anatomy, set on `view` as the step begins: the layers it names at their
// opacities (0 hides one; the others keep theirs) and its groups highlighted, no others. The window
// and `kneeviz record` both play steps through it.
void show_step_anatomy(const LessonStep& step, anatomy::RegionView& view);

// Where step `index` starts, in seconds from the start of the lesson (total_duration past the end).
double step_start(const Lesson& lesson, std::size_t index);

// The step playing at `t` seconds and how far into it. t is clamped to [0, total_duration]; a time
// on a boundary belongs to the step that starts there, and the very end to the last step (at its
// full duration). A lesson without steps gives {0, 0}.
struct StepTime {
  std::size_t index = 0;
  double time_in_step = 0.0;
};
StepTime step_at(const Lesson& lesson, double t);

// A lesson played on a clock, as the window and `kneeviz record` both play one: the step on at a
// time, whether it begins there (its view, anatomy and technique are then set), and where its
// technique stands: played through the step's stretch from technique_from_s, then held at
// technique_to_s.
class StepClock {
 public:
  struct Moment {
    std::size_t index = 0;
    bool begins = false;          // another step than at the last call (or the first call)
    bool opening = false;         // the first step shown since restart()
    double technique_time = 0.0;  // seconds into the step's technique
  };
  // `lesson` must have steps.
  Moment at(const Lesson& lesson, double t);
  // The next call begins its step afresh; with `shown`, that step counts as already on screen
  // (its settings put back by other means).
  void restart(int shown = -1) { shown_ = shown; }
  // The step whose settings are on screen; -1 before the first.
  int shown() const { return shown_; }

 private:
  int shown_ = -1;
};

}  // namespace kneeviz::lesson
