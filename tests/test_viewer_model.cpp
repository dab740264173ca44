// The window's state apart from the window (app/viewer_model.h), driven by actions on the CPU with
// the bundled leg, the shipped techniques and the shipped lesson: what each key does, a lesson
// stepped and left, a practice begun and ended, a scene captured and applied again.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "anatomy/region_view.h"
#include "app/assets.h"
#include "app/viewer_model.h"
#include "lesson/lesson.h"
#include "stage/technique_player.h"
#include "technique_paths/leg_fixture.h"

using namespace kneeviz;
using app::Action;
using app::KeyAction;

namespace {

const std::filesystem::path kAssets = std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets";

// A fresh viewer over the bundled leg: its own region view, the techniques in the panel's order and
// the shipped lessons, as the window loads them.
struct Fixture {
  anatomy::RegionView regions{technique::testing::leg(), anatomy::RegionCatalogue::builtin()};
  app::ViewerModel viewer{technique::testing::leg(), regions, techniques(), lessons(), std::nullopt, ""};

  static std::vector<technique::Technique> techniques() {
    std::vector<technique::Technique> list =
        app::load_shipped_techniques(anatomy::RegionCatalogue::builtin());
    stage::order_for_panel(list, anatomy::RegionCatalogue::builtin());
    return list;
  }
  static std::vector<lesson::Lesson> lessons() {
    std::vector<std::string> ids;
    for (const technique::Technique& t : techniques()) ids.push_back(t.id);
    const anatomy::RegionCatalogue catalogue = anatomy::RegionCatalogue::builtin();
    return lesson::load_lesson_folder(kAssets / "lessons", &catalogue, &ids);
  }

  void press(Action action, int argument = 0, double now = 0.0) {
    app::apply(viewer, KeyAction{action, argument}, now);
  }
};

}  // namespace

TEST_CASE("the viewer model holds what the panel shows") {
  Fixture f;
  REQUIRE(f.viewer.techniques.size() >= 10);
  REQUIRE_FALSE(f.viewer.lessons.empty());
  CHECK(f.viewer.panel.techniques == &f.viewer.techniques);
  CHECK(f.viewer.panel.lessons == &f.viewer.lessons);
  CHECK(f.viewer.panel.regions == &f.regions);
  CHECK(f.viewer.panel.notes == &f.viewer.annotations.notes);
  CHECK(f.viewer.panel.knee_rig);
  CHECK_FALSE(f.viewer.player.active());
  CHECK(f.viewer.stage().position == client::Position::anatomical);
}

TEST_CASE("a number key plays that technique on its own table and the playback keys steer it") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  f.press(Action::technique, 2);
  REQUIRE(v.player.active());
  CHECK(v.player.current()->id == v.techniques[2].id);
  CHECK(v.panel.technique == v.player.current());
  CHECK(v.panel.playback == &v.player.playback());
  CHECK(v.player.playback().playing());
  CHECK(v.work.following());
  // On the table the technique's own position lays the client.
  CHECK(v.stage().position == stage::position_for(std::nullopt, v.player.current()));

  f.press(Action::play_pause);
  CHECK_FALSE(v.player.playback().playing());
  f.press(Action::play_pause);
  CHECK(v.player.playback().playing());

  const float speed = v.player.playback().speed();
  f.press(Action::faster);
  CHECK(v.player.playback().speed() == doctest::Approx(speed * 1.25f));
  f.press(Action::slower);
  CHECK(v.player.playback().speed() == doctest::Approx(speed));

  const int first = v.player.timeline()->phase_at(v.player.playback().time());
  f.press(Action::next);
  const int second = v.player.timeline()->phase_at(v.player.playback().time());
  CHECK(second != first);
  CHECK(v.player.playback().time() > 0.0);

  // Moving on poses the hands and sets the caption.
  v.advance_technique(0.5f);
  CHECK(v.player.playback().time() > 0.4);
  CHECK_FALSE(v.panel.caption.empty());
  CHECK_FALSE(v.player.props().empty());

  // A number past the list does nothing.
  const std::string playing = v.player.current()->id;
  f.press(Action::technique, 99);
  CHECK(v.player.current()->id == playing);

  f.press(Action::reset_view);
  CHECK_FALSE(v.work.following());
  f.press(Action::follow_hands);
  CHECK(v.work.following());
}

TEST_CASE("G walks the guided lesson and leaving it gives the layers back") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  const std::vector<anatomy::Layer> before = f.regions.layers();
  f.press(Action::guided_lesson);
  REQUIRE(v.panel.lesson == &v.lessons.front());
  CHECK(v.panel.lesson_playing);
  v.advance_lesson(0.0);
  CHECK(v.panel.lesson_step == 0);
  CHECK(v.lesson_clock.shown() == 0);

  // Space pauses the lesson's clock, not the technique's.
  f.press(Action::play_pause);
  CHECK_FALSE(v.panel.lesson_playing);
  v.advance_lesson(5.0);
  CHECK(v.lesson_time == 0.0);

  // Right goes a step on, Left back; the step applies on the next advance.
  const lesson::Lesson& lesson = *v.panel.lesson;
  REQUIRE(lesson.steps.size() >= 3);
  f.press(Action::next);
  f.press(Action::next);  // two presses in one frame go two steps
  v.advance_lesson(0.0);
  CHECK(v.panel.lesson_step == 2);
  CHECK(v.lesson_time == doctest::Approx(lesson::step_start(lesson, 2)));
  f.press(Action::previous);
  v.advance_lesson(0.0);
  CHECK(v.panel.lesson_step == 1);

  // Some step of the shipped lesson plays a technique: it plays in step with the lesson.
  std::size_t with_technique = 0;
  while (with_technique < lesson.steps.size() && !lesson.steps[with_technique].technique) ++with_technique;
  REQUIRE(with_technique < lesson.steps.size());
  v.lesson_time = lesson::step_start(lesson, with_technique);
  v.panel.lesson_playing = true;
  v.advance_lesson(0.5);
  REQUIRE(v.player.active());
  CHECK(v.player.current()->id == *lesson.steps[with_technique].technique);
  CHECK(v.player.playback().time() ==
        doctest::Approx(lesson.steps[with_technique].technique_from_s + 0.5).epsilon(0.01));

  // G again leaves it: the layers as they were, no highlight, no technique.
  f.press(Action::guided_lesson);
  CHECK(v.panel.lesson == nullptr);
  CHECK_FALSE(v.panel.lesson_playing);
  CHECK_FALSE(v.player.active());
  REQUIRE(f.regions.layers().size() == before.size());
  for (std::size_t i = 0; i < before.size(); ++i) {
    CHECK(f.regions.layers()[i].visible == before[i].visible);
    CHECK(f.regions.layers()[i].opacity == before[i].opacity);
  }
  for (const anatomy::RegionGroup& group : f.regions.catalogue().groups())
    CHECK_FALSE(f.regions.highlighted(group.id));
}

TEST_CASE("a technique chosen by number leaves the lesson") {
  Fixture f;
  f.press(Action::guided_lesson);
  f.viewer.advance_lesson(0.0);
  REQUIRE(f.viewer.panel.lesson != nullptr);
  f.press(Action::technique, 0);
  CHECK(f.viewer.panel.lesson == nullptr);
  CHECK(f.viewer.player.current()->id == f.viewer.techniques[0].id);
}

TEST_CASE("L peels the skin from opaque to translucent to hidden and back") {
  Fixture f;
  const anatomy::Layer* skin = f.regions.find_layer("skin");
  REQUIRE(skin != nullptr);
  REQUIRE(skin->visible);
  REQUIRE(skin->opacity > 0.5f);
  f.press(Action::peel_skin);
  CHECK(skin->visible);
  CHECK(skin->opacity < 0.5f);
  f.press(Action::peel_skin);
  CHECK_FALSE(skin->visible);
  f.press(Action::peel_skin);
  CHECK(skin->visible);
  CHECK(skin->opacity == 1.f);
}

TEST_CASE("Esc leaves presenter mode first and then clears the selection") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  const std::string id = f.regions.catalogue().structures().front().id;
  f.regions.select(id);
  f.press(Action::presenter);
  CHECK(v.panel.presenter);
  f.press(Action::escape);
  CHECK_FALSE(v.panel.presenter);
  CHECK(f.regions.selected() == id);
  f.press(Action::escape);
  CHECK_FALSE(f.regions.selected().has_value());

  f.regions.select(id);
  f.press(Action::hide_selection);
  CHECK(f.regions.structure_hidden(id));
}

TEST_CASE("the modes' keys toggle and C clears the drawing") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  f.press(Action::pen);
  CHECK(v.panel.pen);
  f.press(Action::auto_orbit);
  CHECK(v.panel.auto_orbit);
  f.press(Action::pin_notes);
  CHECK(v.panel.pin_notes);
  f.press(Action::safety);
  CHECK(v.panel.show_safety);
  v.annotations.strokes.push_back({"#ffffff", {{0.1f, 0.1f}, {0.2f, 0.2f}}});
  f.press(Action::clear_drawing);
  CHECK(v.annotations.strokes.empty());
}

TEST_CASE("T practises the technique playing and a new layout ends the practice") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  f.press(Action::practise);  // nothing playing: nothing to practise
  CHECK_FALSE(v.practice.active());
  f.press(Action::technique, 1);
  f.press(Action::practise);
  REQUIRE(v.practice.active());
  CHECK(v.panel.practice == &v.practice.card());
  CHECK_FALSE(v.player.playback().playing());
  CHECK(v.practice_still_valid());
  // The knee bent another way lays the technique out again: the practice lets go of it.
  v.player.set_knee_flexion(30.f);
  CHECK_FALSE(v.practice_still_valid());
  CHECK(v.panel.practice == nullptr);

  f.press(Action::practise);
  REQUIRE(v.practice.active());
  f.press(Action::leave_practice);
  CHECK_FALSE(v.practice.active());
}

TEST_CASE("a captured scene applied again brings back the technique with its time and view") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  f.press(Action::technique, 3);
  v.player.playback().scrub(7.5);
  v.player.playback().pause();
  v.camera.orbit({40.f, -10.f});
  const session::SceneState scene = v.capture();
  const scene::ViewAngles angles = v.camera.angles();

  f.press(Action::technique, 0);
  f.press(Action::reset_view);
  REQUIRE(v.player.current()->id != v.techniques[3].id);

  v.apply_scene(scene);
  REQUIRE(v.player.active());
  CHECK(v.player.current()->id == v.techniques[3].id);
  CHECK(v.player.playback().time() == doctest::Approx(7.5));
  CHECK_FALSE(v.player.playback().playing());
  CHECK(v.camera.angles().yaw_deg == doctest::Approx(angles.yaw_deg).epsilon(0.01));
  CHECK(v.camera.angles().pitch_deg == doctest::Approx(angles.pitch_deg).epsilon(0.01));
  CHECK_FALSE(v.work.following());  // the view as it was saved
}

TEST_CASE("a position chosen in the panel lays the client and turns to the therapist's view") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  // The same direction, however the angle was counted (-180 is 180).
  const auto turn_between = [](float a, float b) { return std::abs(std::remainder(a - b, 360.f)); };
  v.panel.position = client::Position::prone;
  const float yaw_before = v.camera.angles().yaw_deg;
  v.show_position();
  REQUIRE(turn_between(yaw_before, v.stage().therapist_view.yaw_deg) > 20.f);
  CHECK(v.chosen_position == client::Position::prone);
  CHECK(v.stage().position == client::Position::prone);
  // The camera turns (smoothly) toward where the therapist stands.
  for (int i = 0; i < 200 && v.camera.update(0.05f);) ++i;
  CHECK(turn_between(v.camera.angles().yaw_deg, v.stage().therapist_view.yaw_deg) < 1.f);
  CHECK(v.camera.angles().pitch_deg == doctest::Approx(v.stage().therapist_view.pitch_deg).epsilon(0.02));
}

TEST_CASE("the panel's requests start and steer the technique and lesson as the keys do") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  ui::PanelRequests play;
  play.technique = v.techniques[1].id;
  v.apply(play, 0.0);
  REQUIRE(v.player.active());
  CHECK(v.player.current()->id == v.techniques[1].id);
  CHECK(v.update(0.5f, 0.5));  // the camera glides toward where the hands work
  CHECK(v.player.playback().time() == doctest::Approx(0.5).epsilon(0.01));
  CHECK(v.panel.following_work);
  CHECK_FALSE(v.panel.caption.empty());

  // The knee slider let go at 40 degrees holds the knee there; the technique takes it back.
  ui::PanelRequests knee;
  knee.knee_flexion = 40.f;
  v.apply(knee, 0.5);
  CHECK(v.panel.knee_overridden);
  v.update(0.1f, 0.6);
  CHECK(v.panel.knee_flexion_deg == doctest::Approx(40.f));
  ui::PanelRequests own;
  own.technique_knee = true;
  v.apply(own, 0.6);
  CHECK_FALSE(v.panel.knee_overridden);

  ui::PanelRequests stay;
  stay.stop_following = true;
  v.apply(stay, 0.6);
  v.update(0.f, 0.6);
  CHECK_FALSE(v.panel.following_work);

  // A lesson from the panel, one step on: the step applies as the frame moves on.
  ui::PanelRequests lesson;
  lesson.lesson = v.lessons.front().id;
  v.apply(lesson, 0.7);
  REQUIRE(v.panel.lesson == &v.lessons.front());
  ui::PanelRequests next;
  next.lesson_step_delta = 1;
  v.apply(next, 0.7);
  CHECK(v.panel.lesson_step == 0);  // not before the update
  v.update(0.f, 0.7);
  CHECK(v.panel.lesson_step == 1);
  // Playing a technique from the panel leaves the lesson.
  v.apply(play, 0.8);
  CHECK(v.panel.lesson == nullptr);
  CHECK(v.player.current()->id == v.techniques[1].id);
}

TEST_CASE("the drawing and notes follow the panel and the clicks on the leg") {
  Fixture f;
  app::ViewerModel& v = f.viewer;
  const scene::PosedModel leg(technique::testing::leg());
  const glm::vec3 knee = leg.node_position(leg.model().find_node("knee-joint-centre"));

  v.add_pen_stroke({{10.f, 10.f}, {20.f, 30.f}});
  REQUIRE(v.annotations.strokes.size() == 1);
  CHECK(v.annotations.strokes[0].points.size() == 2);

  // Pinning notes: a click on the leg pins one there, its text cut to what a scene keeps, never
  // inside a character; a click on the background pins nothing.
  v.panel.pin_notes = true;
  v.panel.note_text = std::string(session::kMaxNoteLength - 1, 'a') + "\xc3\xa9";  // é across the limit
  v.click(knee, leg, nullptr);
  REQUIRE(v.annotations.notes.size() == 1);
  CHECK(v.annotations.notes[0].text.size() == session::kMaxNoteLength - 1);
  CHECK(v.panel.note_text.empty());
  v.click(std::nullopt, leg, nullptr);
  CHECK(v.annotations.notes.size() == 1);

  // "Where does it hurt?": the front of the knee highlights what the clinic content names for it.
  v.panel.pin_notes = false;
  v.panel.pain_by_click = true;
  v.click(knee + glm::vec3(0.f, 0.02f, 0.06f), leg, nullptr);
  CHECK(v.panel.pain_spot == "front");
  // Away from the knee: the structure under the cursor is selected instead.
  const anatomy::Structure* muscle = f.regions.catalogue().find_structure("vastus-lateralis");
  REQUIRE(muscle != nullptr);
  v.click(knee + glm::vec3(0.f, 0.3f, 0.06f), leg, muscle);
  CHECK(f.regions.selected() == std::optional<std::string>("vastus-lateralis"));
  v.click(std::nullopt, leg, nullptr);
  CHECK_FALSE(f.regions.selected().has_value());

  ui::PanelRequests remove;
  remove.remove_note = 0;
  remove.clear_drawing = true;
  v.apply(remove, 0.0);
  CHECK(v.annotations.notes.empty());
  CHECK(v.annotations.strokes.empty());
}
