#pragma once
// What the window shows and plays, apart from the window: the camera, the region view, the
// technique player, the lesson, the practice, the notes and drawing, and the modes, with what each
// action does to them. No GL, no GLFW and no clock of its own (the caller passes the time): the
// model is driven and checked on the CPU (tests/test_viewer_model.cpp). The window
// (app/viewer.cpp) turns input into actions, steps the model once a frame and draws what it holds.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "anatomy/region_view.h"
#include "app/key_bindings.h"
#include "app/practice_mode.h"
#include "app/scene_state.h"
#include "lesson/lesson.h"
#include "render/stroke_overlay.h"
#include "scene/camera.h"
#include "session/scene_file.h"
#include "stage/client_stage.h"
#include "stage/technique_player.h"
#include "stage/work_camera.h"
#include "ui/panel.h"

namespace kneeviz::app {

class ViewerModel {
 public:
  // Shows `model` through `regions` (both outlive the model) with the techniques, in the panel's
  // order, and the lessons. `position`: the client's position chosen on the command line (nullopt:
  // each technique's own). `model_file`: as given on the command line, for saved scenes.
  ViewerModel(const scene::Model& model, anatomy::RegionView& regions,
              std::vector<technique::Technique> techniques, std::vector<lesson::Lesson> lessons,
              std::optional<client::Position> position, std::string model_file);
  // The panel points into it.
  ViewerModel(const ViewerModel&) = delete;
  ViewerModel& operator=(const ViewerModel&) = delete;

  // The client on the table for `technique` (nullptr: none) with the knee at `knee_flexion_deg`:
  // the position chosen, else the technique's own, else standing.
  const client::ClientScene& stage_for(const technique::Technique* technique, float knee_flexion_deg);
  // As the technique playing and the knee now lay it.
  const client::ClientScene& stage() { return stage_for(player.current(), panel.knee_flexion_deg); }

  // Starts the technique `id`: lays it out, plays it, and turns the camera to where the hands work.
  // One that cannot be laid out on the model is reported in the panel.
  void start_technique(const std::string& id);
  // Chooses no technique.
  void stop_technique();
  // Practise `id`: chosen and laid out as for playing, then held at each phase for the learner.
  void start_practice(const std::string& id, bool follow);
  void leave_practice();
  // A practice holds on to the player's timeline: anything that lays out another (a lesson step, a
  // recording, a scene opened, the knee slider) ends it. True while one goes on.
  bool practice_still_valid();

  // A guided lesson: the layers it finds are given back when it is left. An id of no lesson ("")
  // only leaves the one running, and stops the technique.
  void start_lesson(const std::string& id);
  void leave_lesson();
  // Moves the lesson's clock on by `dt` seconds (when it plays) and `step_delta` steps, applies a
  // step when it begins and keeps the technique in step with it.
  void advance_lesson(double dt, int step_delta = 0);

  // Moves the technique on by `dt` seconds: the hands posed, the knee, the caption, and the camera
  // following the hands to a new phase.
  void advance_technique(float dt);
  // The position chosen in the panel (or the therapist's view asked for): the camera moves to where
  // the therapist stands and looks at where the hands work, or the whole leg.
  void show_position();
  // Frames the structure `id` where it lies now, with some leg around it.
  void frame_structure(const std::string& id);

  // What the panel asked for this frame (ui::draw_panel), `now` seconds on the caller's clock: the
  // view, the knee, the position, a lesson, technique or practice started or left, a structure
  // framed, the drawing cleared or a note removed. What only the window can do (the text's
  // scale, vsync, files, exports) the window does.
  void apply(const ui::PanelRequests& requests, double now);
  // Moves everything on by `dt` seconds: the lesson's clock, a practice's reference, the
  // technique's playback and hands, the slow orbit of presenter mode and the camera's transition.
  // True while the camera moves.
  bool update(float dt, double now);

  // A pen stroke finished on the view (points on the screen): kept, up to as many as a scene
  // keeps (beyond that the panel says why it was not).
  void add_pen_stroke(std::vector<glm::vec2> points);
  // A click on the view at `point` (in the model's space, on the leg as `leg` poses it; nullopt:
  // the background) over `hovered` (the structure under the cursor, or none): pins a note there
  // while notes are being pinned, names the spot around the knee while "where does it hurt?" asks
  // for one, and otherwise selects the structure (or nothing).
  void click(const std::optional<glm::vec3>& point, const scene::PosedModel& leg,
             const anatomy::Structure* hovered);

  // Everything a saved scene holds.
  session::SceneState capture();
  // Applies a saved scene: the view as it was saved, the technique started and set as it was.
  void apply_scene(const session::SceneState& scene);

  const scene::Model& model;
  anatomy::RegionView& regions;
  const std::vector<technique::Technique> techniques;
  const std::vector<lesson::Lesson> lessons;
  const std::string model_file;

  stage::TechniquePlayer player;
  PracticeMode practice;
  // The client on the table: the position chosen (--position, the panel), else the technique's own
  // while one plays, else standing for anatomy study.
  std::optional<client::Position> chosen_position;
  client::StageKeeper stages;
  client::StageGlide glide;
  scene::OrbitCamera camera;
  stage::WorkCamera work;  // while a technique plays, the camera follows the hands unless the user takes it
  session::Annotations annotations;
  // The panel's state: what it shows and the modes it sets (presenter, pen, auto orbit, ...).
  ui::PanelState panel;

  double lesson_time = 0.0;        // seconds into the lesson playing
  lesson::StepClock lesson_clock;  // the lesson step whose settings are on screen

 private:
  void apply_step(const lesson::LessonStep& step);
  ViewerState state();

  std::uint64_t practice_layout_ = 0;  // the player's layout the practice was begun on
  int lesson_step_delta_ = 0;          // steps the panel asked the lesson to move, for update()
  std::vector<anatomy::Layer> layers_before_lesson_;
};

// What an action (a key pressed: app/key_bindings.h) does to the viewer, `now` seconds on the
// caller's clock. Presenter mode only sets panel.presenter: the window follows it.
void apply(ViewerModel& viewer, KeyAction action, double now);

}  // namespace kneeviz::app
