#include "app/viewer_model.h"

#include <algorithm>
#include <exception>
#include <utility>

#include "app/commands.h"
#include "app/pain_spot.h"
#include "clinic/clinic_content.h"
#include "scene/pose.h"

namespace kneeviz::app {

ViewerModel::ViewerModel(const scene::Model& leg, anatomy::RegionView& view,
                         std::vector<technique::Technique> technique_list,
                         std::vector<lesson::Lesson> lesson_list, std::optional<client::Position> position,
                         std::string file)
    : model(leg),
      regions(view),
      techniques(std::move(technique_list)),
      lessons(std::move(lesson_list)),
      model_file(std::move(file)),
      player(leg),
      practice(technique::zone_lookup(clinic::ClinicContent::builtin().caution_zones)),
      chosen_position(position),
      stages(leg) {
  player.set_position(chosen_position);  // the hands fit the leg as that position lays it
  panel.position = position;
  panel.model = &model;
  panel.lessons = &lessons;
  panel.techniques = &techniques;
  panel.clinic = &clinic::ClinicContent::builtin();
  panel.regions = &regions;
  panel.model_file = model.source;
  panel.knee_rig = scene::has_knee_rig(model);
  panel.notes = &annotations.notes;
  panel.strokes = &annotations.strokes;
}

const client::ClientScene& ViewerModel::stage_for(const technique::Technique* technique,
                                                  float knee_flexion_deg) {
  const client::Position position = stage::position_for(chosen_position, technique);
  return stages.at(position, stage::supports_for(position, technique), knee_flexion_deg);
}

void ViewerModel::start_technique(const std::string& id) {
  practice.end();  // on the technique's timeline, which is about to go
  panel.practice = nullptr;
  panel.technique = nullptr;
  player.choose(std::nullopt);
  for (const technique::Technique& t : techniques)
    if (t.id == id) {
      try {
        player.choose(t);
      } catch (const std::exception& error) {
        panel.technique_error = error.what();
        return;
      }
      panel.technique = player.current();
      player.playback().play();
      // From where the therapist stands (or the technique's best side), whatever angle the view had
      // been turned to; then the view follows the hands from phase to phase.
      const float knee_flexion_deg = player.update();
      const client::ClientScene& laid = stage_for(&t, knee_flexion_deg);
      camera.set_scene(
          client::room_bounds(model, {knee_flexion_deg}, laid));  // the depth range holds the table
      work.follow(stage::working_view(t, laid));
    }
  panel.playback = &player.playback();
}

void ViewerModel::stop_technique() {
  if (!player.active()) return;
  player.choose(std::nullopt);
  panel.technique = nullptr;
}

void ViewerModel::start_practice(const std::string& id, bool follow) {
  start_technique(id);
  if (!player.timeline() || !player.current()) return;
  if (const std::optional<std::string> refused =
          practice.begin(*player.timeline(), player.current()->name,
                         follow ? practice::PracticeGuide::follow_me : practice::PracticeGuide::from_memory,
                         panel.learner)) {
    panel.technique_error = *refused;
    return;
  }
  player.playback().pause();
  panel.practice = &practice.card();
  practice_layout_ = player.layouts();
}

void ViewerModel::leave_practice() {
  practice.end();
  panel.practice = nullptr;
}

bool ViewerModel::practice_still_valid() {
  if (practice.active() && player.layouts() != practice_layout_) leave_practice();
  return practice.active();
}

void ViewerModel::leave_lesson() {
  if (!panel.lesson) return;
  if (!layers_before_lesson_.empty()) regions.layers() = layers_before_lesson_;
  regions.clear_highlights();
  panel.lesson = nullptr;
  panel.lesson_playing = false;
  panel.show_safety = false;
  lesson_clock.restart();
}

void ViewerModel::start_lesson(const std::string& id) {
  leave_lesson();
  layers_before_lesson_ = regions.layers();
  for (const lesson::Lesson& l : lessons)
    if (l.id == id) panel.lesson = &l;
  lesson_time = 0.0;
  lesson_clock.restart();
  panel.lesson_playing = panel.lesson != nullptr;
  if (!panel.lesson) stop_technique();
}

// A step sets the view, layers, highlights and a stretch of a technique, with its caption, when it
// begins; the user may still orbit.
void ViewerModel::apply_step(const lesson::LessonStep& step) {
  if (step.view) camera.set_view(*step.view, true);
  if (step.frame) {
    try {
      const glm::mat4& to_room = stage().placement;
      camera.look_at(bounds_of(model, regions, *step.frame, {panel.knee_flexion_deg}).transformed(to_room));
    } catch (const std::exception&) {  // validated when loaded; a custom model may lack it
    }
  }
  lesson::show_step_anatomy(step, regions);
  if (step.technique) {
    start_technique(*step.technique);
    player.playback().scrub(step.technique_from_s);
    // The lesson's angles, following where the hands work.
    if (step.view && player.current()) {
      const client::ClientScene& laid = stage_for(player.current(), player.update());
      work.follow(laid.position == client::Position::anatomical
                      ? *step.view
                      : stage::working_view(*player.current(), laid));
    }
  } else {
    stop_technique();
  }
  panel.show_safety = step.show_safety;
}

void ViewerModel::apply(const ui::PanelRequests& requests, double now) {
  if (requests.view) {
    camera.set_view(*requests.view, true);
    work.release();
  }
  if (requests.stop_following) work.release();
  // The user's knee angle: the technique laid out again on the leg so bent (the hands follow).
  if (requests.knee_flexion && player.active()) player.set_knee_flexion(*requests.knee_flexion);
  if (requests.technique_knee) player.set_knee_flexion(std::nullopt);
  panel.knee_overridden = player.knee_flexion_override().has_value();
  if (requests.follow_work && player.current()) work.follow(stage::working_view(*player.current(), stage()));
  // A new position, or the therapist's view asked for: look from where the therapist stands at
  // where the hands work (or the whole leg), the move smooth.
  if (panel.position != chosen_position || requests.therapist_view) show_position();
  if (requests.reset_view) {
    camera.reset();
    work.release();
  }
  if (requests.lesson) start_lesson(*requests.lesson);
  lesson_step_delta_ += requests.lesson_step_delta;
  if (requests.technique) {
    leave_lesson();  // as with the number keys
    start_technique(*requests.technique);
  }
  if (requests.practise) {
    leave_lesson();
    start_practice(*requests.practise, panel.practice_follow);
  }
  if (practice_still_valid()) {
    panel.learner = practice.card().learner;  // the next attempt starts with the same name
    if (practice.apply(requests.practice, now)) leave_practice();
  }
  if (requests.frame_structure) frame_structure(*requests.frame_structure);
  if (requests.clear_drawing) annotations.strokes.clear();
  if (requests.remove_note && *requests.remove_note < annotations.notes.size())
    annotations.notes.erase(annotations.notes.begin() + std::ptrdiff_t(*requests.remove_note));
}

void ViewerModel::add_pen_stroke(std::vector<glm::vec2> points) {
  if (annotations.strokes.size() < session::kMaxPenStrokes)
    annotations.strokes.push_back({ui::kPenColours[panel.pen_colour].hex, std::move(points)});
  else
    panel.scene_message = "The drawing holds " + std::to_string(session::kMaxPenStrokes) +
                          " strokes, as many as a scene keeps: clear it (C) to draw more.";
}

void ViewerModel::click(const std::optional<glm::vec3>& point, const scene::PosedModel& leg,
                        const anatomy::Structure* hovered) {
  if (panel.pin_notes) {
    if (point && annotations.notes.size() >= session::kMaxNotes) {
      panel.scene_message = "This scene has " + std::to_string(session::kMaxNotes) +
                            " notes, as many as it keeps: remove one to pin another.";
    } else if (point) {
      std::string text = std::move(panel.note_text);
      if (text.size() > session::kMaxNoteLength) {  // cut between characters, never inside one
        std::size_t keep = session::kMaxNoteLength;
        while (keep > 0 && (static_cast<unsigned char>(text[keep]) & 0xC0) == 0x80) --keep;
        text.resize(keep);
      }
      annotations.notes.push_back({*point, std::move(text)});
      panel.note_text.clear();
    }
    return;
  }
  // A spot around the knee, when "where does it hurt?" is open?
  const std::optional<std::string> spot =
      panel.pain_by_click && point ? knee_spot_at(leg, *point) : std::nullopt;
  if (spot) {
    panel.pain_spot = *spot;
    if (const clinic::PainSpot* chosen = panel.clinic->spot(*spot))
      regions.set_highlighted_structures(chosen->structures);
  } else {
    regions.select(hovered ? std::optional<std::string>(hovered->id) : std::nullopt);
  }
}

bool ViewerModel::update(float dt, double now) {
  advance_lesson(dt, std::exchange(lesson_step_delta_, 0));
  if (practice.active() && player.active()) {
    // The reference held at the phase, or playing along with the learner.
    player.playback().pause();
    player.playback().scrub(practice.reference_time(now));
  }
  advance_technique(dt);
  panel.following_work = player.active() && work.following();
  // A slow turn around the leg, for a room to see it from every side (presenter mode, key O).
  if (panel.auto_orbit && !camera.update(0.f)) camera.orbit({-dt * 8.f / camera.orbit_deg_per_pixel, 0.f});
  return camera.update(dt);
}

void ViewerModel::advance_lesson(double dt, int step_delta) {
  if (!panel.lesson) return;
  if (step_delta != 0) {
    const int next = std::clamp(panel.lesson_step + step_delta, 0, int(panel.lesson->steps.size()) - 1);
    lesson_time = lesson::step_start(*panel.lesson, std::size_t(next));
  }
  if (panel.lesson_playing) lesson_time = std::min(lesson_time + dt, lesson::total_duration(*panel.lesson));
  const lesson::StepClock::Moment at = lesson_clock.at(*panel.lesson, lesson_time);
  panel.lesson_step = int(at.index);
  const lesson::LessonStep& step = panel.lesson->steps[at.index];
  if (at.begins) apply_step(step);
  // The technique plays its stretch in step with the lesson, then holds.
  if (step.technique && player.active()) {
    player.playback().pause();
    player.playback().scrub(at.technique_time);
  }
  if (lesson_time >= lesson::total_duration(*panel.lesson)) panel.lesson_playing = false;
}

void ViewerModel::advance_technique(float dt) {
  if (!player.active()) return;
  player.playback().advance(dt);
  const int phase = player.timeline()->phase_at(player.playback().time());
  // The technique sets the knee, or the user's angle while they drag the slider.
  const float technique_knee = player.update();
  if (!panel.knee_slider_held) panel.knee_flexion_deg = technique_knee;
  panel.caption = player.caption();
  if (!practice.recording() && work.needs_framing(phase))  // never under a hand at work
    work.frame(camera, phase, stage::phase_area(player).transformed(stage().placement));
}

void ViewerModel::show_position() {
  chosen_position = panel.position;
  player.set_position(chosen_position);
  const client::ClientScene& laid = stage();
  const scene::Pose pose{panel.knee_flexion_deg, laid.pose.hip_flexion_deg};
  camera.set_scene(client::room_bounds(model, pose, laid));  // the depth range holds the table
  if (player.current()) {
    work.follow(stage::working_view(*player.current(), laid));  // and follow the hands
    return;
  }
  const scene::Bounds leg = scene::PosedModel(model, pose).bounds().transformed(laid.placement);
  camera.look_at(leg, laid.position == client::Position::anatomical ? scene::kViewPresets[0].angles
                                                                    : laid.therapist_view);
}

void ViewerModel::frame_structure(const std::string& id) {
  // Where it is now, in the current knee pose.
  const client::ClientScene& laid = stage();
  const scene::Pose pose{panel.knee_flexion_deg, laid.pose.hip_flexion_deg};
  const scene::Bounds part = scene::PosedModel(model, pose).bounds_of(regions.meshes_of(id));
  // With some leg around it, so that a small or deep structure is seen where it lies (its highlight
  // shows through the skin).
  camera.look_at(part.grown(stage::kWorkingAreaMargin).transformed(laid.placement));
  work.release();
}

ViewerState ViewerModel::state() {
  return {camera, regions, player, panel.knee_flexion_deg, annotations, model_file};
}

session::SceneState ViewerModel::capture() {
  return app::capture(state());
}

void ViewerModel::apply_scene(const session::SceneState& scene) {
  ViewerState viewer = state();
  const std::optional<std::string> technique_id = app::apply(scene, viewer);
  if (!technique_id) return;
  start_technique(*technique_id);
  player.playback().scrub(scene.time_s);
  player.playback().set_speed(scene.speed);
  if (!scene.playing) player.playback().pause();
  camera.restore(scene.camera.target, scene.camera.distance, {scene.camera.yaw_deg, scene.camera.pitch_deg});
  work.release();  // the view as it was saved
}

void apply(ViewerModel& viewer, KeyAction action, double now) {
  ui::PanelState& panel = viewer.panel;
  stage::TechniquePlayer& player = viewer.player;
  switch (action.action) {
    case Action::practice_enter:
      viewer.practice.enter(now);
      break;
    case Action::practice_pressure:
      viewer.practice.set_pressure_level(action.argument);
      break;
    case Action::leave_practice:
      viewer.leave_practice();
      break;
    case Action::practise: {  // presenter mode has no panel to start it from
      if (!player.current()) break;
      viewer.leave_lesson();
      const std::string id = player.current()->id;  // the player lets go of it on the way
      viewer.start_practice(id, panel.practice_follow);
      break;
    }
    case Action::reset_view:
      viewer.camera.reset();
      viewer.work.release();
      break;
    case Action::follow_hands:
      if (player.current()) viewer.work.follow(stage::working_view(*player.current(), viewer.stage()));
      break;
    case Action::play_pause:
      // In a lesson the lesson's clock plays and pauses; the technique follows it.
      if (panel.lesson)
        panel.lesson_playing = !panel.lesson_playing;
      else if (player.active())
        player.playback().toggle();
      break;
    case Action::guided_lesson:
      if (panel.lesson)
        viewer.start_lesson("");  // leaves it
      else if (!viewer.lessons.empty())
        viewer.start_lesson(viewer.lessons.front().id);
      break;
    case Action::safety:
      if (panel.clinic) panel.show_safety = !panel.show_safety;
      break;
    case Action::next:
    case Action::previous: {
      const int way = action.action == Action::next ? 1 : -1;
      if (panel.lesson) {
        // From the lesson's clock, not panel.lesson_step: that is updated once a frame, and several
        // presses may come in one.
        const int step = int(lesson::step_at(*panel.lesson, viewer.lesson_time).index);
        const int to = std::clamp(step + way, 0, int(panel.lesson->steps.size()) - 1);
        viewer.lesson_time = lesson::step_start(*panel.lesson, std::size_t(to));
      } else if (player.active()) {
        if (way > 0)
          player.playback().next_phase();
        else
          player.playback().previous_phase();
      }
      break;
    }
    case Action::hide_selection:
      viewer.regions.hide_selection();
      break;
    case Action::isolate_selection:
      viewer.regions.isolate_selection();
      break;
    case Action::presenter:
      panel.presenter = !panel.presenter;
      break;
    case Action::escape:
      if (panel.presenter) {
        panel.presenter = false;
      } else {
        viewer.regions.clear_highlights();
        viewer.regions.select(std::nullopt);
      }
      break;
    case Action::technique:
      if (std::size_t(action.argument) < viewer.techniques.size()) {
        // A technique chosen by hand leaves the lesson, which would otherwise take it back.
        viewer.leave_lesson();
        viewer.start_technique(viewer.techniques[std::size_t(action.argument)].id);
      }
      break;
    case Action::faster:
      if (player.active()) player.playback().set_speed(player.playback().speed() * 1.25f);
      break;
    case Action::slower:
      if (player.active()) player.playback().set_speed(player.playback().speed() / 1.25f);
      break;
    case Action::auto_orbit:
      panel.auto_orbit = !panel.auto_orbit;
      break;
    case Action::pen:
      panel.pen = !panel.pen;
      break;
    case Action::clear_drawing:
      viewer.annotations.strokes.clear();
      break;
    case Action::pin_notes:
      panel.pin_notes = !panel.pin_notes;
      break;
    case Action::peel_skin:
      // Peel the skin: opaque, translucent, hidden, and back.
      if (anatomy::Layer* skin = viewer.regions.envelope_layer()) {
        if (!skin->visible)
          *skin = {skin->id, skin->name, true, 1.f};
        else if (skin->opacity > 0.5f)
          skin->opacity = 0.35f;
        else
          skin->visible = false;
      }
      break;
  }
}

}  // namespace kneeviz::app
