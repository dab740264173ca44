// The real window, driven as a person would: kneeviz opens on the bundled leg under an X server of
// the test's own (Xvfb), and xdotool drags to orbit, scrolls to zoom, clicks a technique and its
// play button in the panel and presses keys. After each step a screenshot of the screen, taken
// from outside the program (ffmpeg's x11grab), is checked for what the person should see. Every
// screenshot is kept as <build>/tests/renders/gui-drive-*.png.
//
// The panel says where its widgets are, and which frame it drew last, through the KNEEVIZ_UI_MAP
// hook (src/ui/ui_map.h): the test clicks what it names and waits for frames, not for fixed times.
//
// Exits 0 when every check passes, 1 when one fails, and 77 (ctest's SKIP_RETURN_CODE) only when
// Xvfb or xdotool is not installed.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/gui_person.h"
#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "support/virtual_display.h"
#include "support/window_checks.h"

using namespace kneeviz;
using namespace std::chrono_literals;
using test::Clock;
using test::count;
using test::Person;
using test::Rect;
using test::seconds_since;
using test::UiMap;
using test::wait_until;

namespace {

test::Checks check;

// Pixels of `region` (screen coordinates) where some channel differs by more than 40.
int changed_pixels(const test::Rgba& a, const test::Rgba& b, const Rect& region) {
  int changed = 0;
  for (int y = region.min.y; y < region.max.y; ++y)
    for (int x = region.min.x; x < region.max.x; ++x) {
      const glm::ivec4 d = glm::abs(a.at(x, y) - b.at(x, y));
      changed += std::max({d.r, d.g, d.b}) > 40;
    }
  return changed;
}

// The leg's skin: warm, light (the background is a dark slate, the panel near black).
bool skin(glm::ivec4 c) {
  return c.r > 150 && c.r > c.b + 30;
}
// The gloved hand, and the panel's ticks: light blue. The highlight outlines (#0072b2) are
// darker and less green.
bool light_blue(glm::ivec4 c) {
  return c.b >= 200 && c.g >= 150 && c.r >= 90 && c.b > c.r + 30;
}
// Panel text, white or near it.
bool text(glm::ivec4 c) {
  return c.r > 190 && c.g > 190 && c.b > 190;
}

// How far the hand moved between two screenshots: light blue pixels in one and not the other, as
// a share of those in the first.
double hand_moved(const test::Rgba& a, const test::Rgba& b, const Rect& view) {
  int moved = 0;
  const int total = count(a, view, light_blue);
  for (int y = view.min.y; y < view.max.y; ++y)
    for (int x = view.min.x; x < view.max.x; ++x) moved += light_blue(a.at(x, y)) != light_blue(b.at(x, y));
  return total ? double(moved) / total : 0.0;
}

// Where the time slider's grab is (light blue, like the glove), as a share of the slider's width;
// -1 when it is not to be seen.
double slider_position(const test::Rgba& image, const Rect& slider) {
  long sum = 0, n = 0;
  for (int y = slider.min.y; y < slider.max.y; ++y)
    for (int x = slider.min.x; x < slider.max.x; ++x)
      if (light_blue(image.at(x, y))) {
        sum += x;
        ++n;
      }
  if (n == 0) return -1.0;
  return (double(sum) / double(n) - slider.min.x) / std::max(slider.max.x - slider.min.x, 1);
}

}  // namespace

int main() {
  if (!test::have_programs({"Xvfb", "xdotool", "ffmpeg"}, "xvfb xdotool ffmpeg")) return test::kSkipped;
  const auto started = Clock::now();
  test::TempDir dir;
  const test::VirtualDisplay display(dir.path(), {1280, 720});
  const auto ui_map_file = dir / "ui-map.json";
  // The settings folder is the test's own, so no saved scene comes back.
  test::BackgroundProcess kneeviz(
      {"env", "-u", "WAYLAND_DISPLAY", "DISPLAY=" + display.name(),
       "XDG_CONFIG_HOME=" + (dir / "config").string(), "KNEEVIZ_UI_MAP=" + ui_map_file.string(),
       "KNEEVIZ_GL_CHECKS=1", KNEEVIZ_EXECUTABLE},
      dir / "kneeviz-stdout.txt", dir / "kneeviz-stderr.txt");
  const auto stderr_of_kneeviz = [&] { return test::read_text(dir / "kneeviz-stderr.txt"); };
  std::cout << "display " << display.name() << "\n";

  Person person(dir, display, kneeviz, ui_map_file);
  const bool opened = person.find_window(90s);
  check(opened, "kneeviz opens its window with the panel");
  if (!opened) {
    std::cout << "kneeviz stderr:\n" << stderr_of_kneeviz();
    return 1;
  }
  person.rest();
  Rect window = person.geometry();
  const glm::ivec2 windowed = window.max - window.min;
  UiMap map = person.ui_map();
  check(map.window == windowed, "the UI map is in the window's own coordinates (its size is the X window's)");
  std::cout << "window " << windowed.x << "x" << windowed.y << " on a " << display.size().x << "x"
            << display.size().y << " screen\n";
  check(windowed == display.size(), "the first start fills the screen");
  const Rect panel = map.item("panel").moved(window.min);
  const Rect view{{panel.max.x, window.min.y}, window.max};  // the 3D view, right of the panel
  const double view_area = view.area();

  // The leg, right of the panel.
  const test::Rgba start = person.screenshot("1-start");
  const int start_skin = count(start, view, skin);
  std::cout << "skin pixels at the start: " << start_skin << " of " << view_area << "\n";
  check(start_skin > view_area * 0.02, "the leg is drawn right of the panel");

  // Orbit: a diagonal drag from left of the leg up to the resting point turns and tips it.
  const glm::ivec2 middle = view.centre() - window.min;
  person.drag(middle - glm::ivec2(120, -60), person.resting_point());
  const test::Rgba orbited = person.screenshot("2-orbit");
  const int turned = changed_pixels(start, orbited, view);
  std::cout << "pixels of the view changed by the drag: " << turned << "\n";
  check(turned > view_area * 0.02, "dragging on the view orbits the camera: the view changed");

  // Zoom: three notches up over the leg bring it closer.
  const int before_zoom = count(orbited, view, skin);
  person.move_to(middle);
  person.wheel(3, true);
  person.rest();
  const test::Rgba zoomed = person.screenshot("3-zoom");
  const int after_zoom = count(zoomed, view, skin);
  std::cout << "skin pixels before and after zooming: " << before_zoom << ", " << after_zoom << "\n";
  check(after_zoom > before_zoom * 1.5, "scrolling up over the leg zooms in: the leg is larger on screen");

  // A technique from the panel: it plays, the hand appears, the camera turns to it, and its card
  // is in the panel, once scrolled into view.
  const std::string technique = "technique front-thigh-glide";
  check(map.has(technique), "the panel lists the front thigh glide");
  person.click(map.item(technique).centre());
  check(wait_until([&] { return person.ui_map().has("technique card"); }, 30s),
        "clicking the front thigh glide in the panel puts its card in the panel");
  person.move_to(person.ui_map().wheel_point("panel"));
  for (int turn = 0; turn < 8; ++turn) {
    map = person.ui_map();
    if (map.shows("panel", "technique card")) break;
    person.wheel(2, false);
  }
  map = person.ui_map();
  const Rect card = map.item("technique card").moved(window.min);
  const test::Rgba chosen = person.screenshot("4-technique");
  const int card_changed = changed_pixels(zoomed, chosen, card);
  const int card_text = count(chosen, card, text);
  std::cout << "technique card at (" << card.min.x << ", " << card.min.y << ")-(" << card.max.x << ", "
            << card.max.y << "): " << card_changed << " pixels changed, " << card_text << " text pixels\n";
  check(panel.contains(card) && card.area() > 0, "scrolling the panel brings the whole card into view");
  check(card_changed > card.area() / 20 && card_text > card.area() / 100,
        "the technique card is shown: its part of the panel changed and holds text");
  // The client turns onto the table over a second (client::StageGlide) with the hands away; on a slow
  // machine the card can be up before the client has landed: the hands are looked for until then.
  int hand = count(chosen, view, light_blue);
  for (int shot = 0; hand <= 200 && shot < 10; ++shot)
    hand = count(person.screenshot("4-technique-landed"), view, light_blue);
  std::cout << "glove pixels: " << hand << "\n";
  check(hand > 200, "the gloved hand is on the leg");

  // Loop on, so that the technique never ends however slow the machine; the play button pauses
  // it (it started playing), and the left arrow, three times, takes it back to the start.
  const Rect loop = map.item("loop").moved(window.min);
  const Rect slider = map.item("time slider").moved(window.min);
  person.click(map.item("loop").centre());
  person.click(map.item("play").centre());
  person.key("Left", 3);
  person.wait_frames(2, 600ms);  // at rest: the full-quality frame
  const test::Rgba at_start = person.screenshot("5-paused-at-start");
  const int ticks_before = count(chosen, loop, light_blue), ticks_after = count(at_start, loop, light_blue);
  std::cout << "tick-coloured pixels in the Loop box: " << ticks_before << " before, " << ticks_after
            << " after\n";
  check(ticks_before < 5 && ticks_after > 20, "clicking Loop ticks it");
  const double start_time = slider_position(at_start, slider);
  std::cout << "time slider at " << start_time << " of its width\n";
  check(start_time >= 0.0 && start_time < 0.03, "the left arrow goes back to the start of the technique");
  const test::Rgba paused_later = person.a_second_later("5-paused-later");
  const double still = hand_moved(at_start, paused_later, view);
  std::cout << "paused: the hand moved by " << still << " of its pixels, the time slider from " << start_time
            << " to " << slider_position(paused_later, slider) << "\n";
  check(count(at_start, view, light_blue) > 200 && still < 0.05 &&
            slider_position(paused_later, slider) == start_time,
        "pausing with the panel's button stops the hand and the time");

  // Play: the hand glides up the thigh, the first phase.
  person.click(map.item("play").centre());
  const test::Rgba playing = person.screenshot("6-playing");
  const test::Rgba playing_later = person.a_second_later("6-playing-later");
  const double moving = hand_moved(playing, playing_later, view);
  const double played_from = slider_position(playing, slider),
               played_to = slider_position(playing_later, slider);
  std::cout << "playing: the hand moved by " << moving << " of its pixels, the time slider from "
            << played_from << " to " << played_to << "\n";
  check(moving > 0.15 && played_to > played_from,
        "the play button plays again: the hand and the time moved between two screenshots a second apart");

  // Keys: space pauses, the right arrow jumps to the next phase.
  person.key("space");
  // At rest the full-quality frame comes back (a software renderer draws a cheaper one while the
  // technique plays): compare frames after that.
  person.wait_frames(2, 600ms);
  const test::Rgba space_paused = person.screenshot("7-space");
  const test::Rgba space_paused_later = person.a_second_later("7-space-later");
  const double after_space = hand_moved(space_paused, space_paused_later, view);
  const double paused_at = slider_position(space_paused, slider);
  std::cout << "after space: the hand moved by " << after_space << " of its pixels, the time slider from "
            << paused_at << " to " << slider_position(space_paused_later, slider) << "\n";
  check(after_space < 0.05 && slider_position(space_paused_later, slider) == paused_at,
        "space pauses: the hand and the time stay still");

  // The hand may start the next phase where it is, so only the time is checked.
  person.key("Right");
  const test::Rgba next_phase = person.screenshot("8-next-phase");
  const double next_phase_at = slider_position(next_phase, slider);
  std::cout << "right arrow: the time slider from " << paused_at << " to " << next_phase_at << "\n";
  check(next_phase_at > paused_at + 0.03, "the right arrow jumps to the next phase: the time moved on");

  // The view follows the hands: each phase framed where they work. Turning the view takes the
  // camera (the box unticks, and phases no longer move it); F hands it back. The map says where
  // the hands and the table lie on screen: the table moves on screen only when the camera moves.
  {
    map = person.ui_map();
    const Rect follow_box = map.item("follow hands").moved(window.min);
    const auto same = [](const Rect& a, const Rect& b) { return a.min == b.min && a.max == b.max; };
    const auto hand_in_view = [&](const UiMap& m) {
      const Rect right = m.item("right hand").moved(window.min);
      return right.area() > 0 && view.contains(Rect{right.centre(), right.centre() + 1});
    };
    const auto settled = [&] {  // a glide between phases takes 1.2 s
      person.wait_frames(3, 2000ms);
      return person.ui_map();
    };
    person.key("Left", 3);  // the first phase
    std::vector<UiMap> phases{settled()};
    for (int phase = 2; phase <= 3; ++phase) {
      person.key("Right");
      phases.push_back(settled());
    }
    const test::Rgba followed = person.screenshot("9-follows");
    int moves = 0, in_view = 0;
    for (std::size_t i = 0; i < phases.size(); ++i) {
      in_view += hand_in_view(phases[i]);
      if (i > 0) moves += !same(phases[i].item("table"), phases[i - 1].item("table"));
    }
    std::cout << "following three phases: the camera moved " << moves << " times, the hand in view "
              << in_view << " times; " << count(followed, follow_box, light_blue) << " tick pixels\n";
    check(count(followed, follow_box, light_blue) > 20,
          "while a technique plays the view follows the hands: the box is ticked");
    check(in_view == 3 && moves >= 1,
          "the view follows the hands from phase to phase: it moved and kept them in view");

    person.drag(middle + glm::ivec2(60, 40), middle + glm::ivec2(180, 0));
    const UiMap taken = settled();
    const test::Rgba taken_shot = person.screenshot("10-taken");
    person.key("Left");
    const UiMap held = settled();
    std::cout << "after the drag: " << count(taken_shot, follow_box, light_blue) << " tick pixels\n";
    check(count(taken_shot, follow_box, light_blue) < 5,
          "turning the view takes the camera: the box unticks");
    check(same(taken.item("table"), held.item("table")), "a new phase does not move a view the user took");

    person.key("f");
    const UiMap handed_back = settled();
    const test::Rgba back = person.screenshot("11-follows-again");
    check(count(back, follow_box, light_blue) > 20 && !same(handed_back.item("table"), held.item("table")) &&
              hand_in_view(handed_back),
          "F hands the camera back: the box is ticked and the view turns to the hands");
  }

  // F5: presenter mode, full screen, the panel folded into a slim overlay; Esc leaves it.
  const auto text_share = [&](const test::Rgba& image, const Rect& region) {
    return double(count(image, region, text)) / std::max(region.area(), 1);
  };
  person.key("F5");
  map = person.ui_map();
  const bool presenting = map.has("presenter overlay") && !map.has("panel");
  const Rect full = person.geometry();
  const test::Rgba presenter = person.screenshot("9-presenter");
  // The panel's place, below where the overlay now sits.
  const Rect overlay = map.item("presenter overlay").moved(full.min);
  const Rect panel_below{{panel.min.x, std::max(panel.min.y, overlay.max.y + 10)}, panel.max};
  const double before = text_share(next_phase, panel_below), during = text_share(presenter, panel_below);
  // The leg may now lie under the panel's place (the client on the table), its lit skin as light as
  // text: what must be gone is the panel's own text, pixel for pixel.
  int text_before = 0, text_kept = 0;
  for (int y = panel_below.min.y; y < panel_below.max.y; ++y)
    for (int x = panel_below.min.x; x < panel_below.max.x; ++x)
      if (text(next_phase.at(x, y))) {
        ++text_before;
        text_kept += text(presenter.at(x, y));
      }
  const double kept = double(text_kept) / std::max(text_before, 1);
  std::cout << "text share of the panel's place: " << before << " before F5, " << during << " after; " << kept
            << " of its text pixels still text-coloured\n";
  check(presenting && before > 0.02 && kept < 0.25, "F5 folds the panel into the presenter overlay");
  check(full.max - full.min == display.size(), "F5 makes the window fill the screen");

  person.key("Escape");
  const bool back = person.ui_map().has("panel");
  window = person.geometry();
  const test::Rgba left = person.screenshot("10-escape");
  const int panel_changed = changed_pixels(next_phase, left, panel_below);
  std::cout << "text share of the panel's place after Esc: " << text_share(left, panel_below) << ", "
            << panel_changed << " pixels differ from before F5\n";
  check(back && text_share(left, panel_below) > 0.02 && panel_changed < panel_below.area() / 50,
        "Esc leaves presenter mode: the panel is back as it was");
  check(window.max - window.min == windowed, "Esc gives the window its size back");

  // The lesson from the keyboard, in presenter mode: G starts it, its first step opens the safety
  // list in large type, S closes that, space pauses the lesson, G ends it.
  person.key("F5");
  person.key("g");
  map = person.ui_map();
  const bool lesson_on = map.has("presenter lesson") && map.has("safety");
  // ImGui sizes a new auto-resized window in a hidden first frame: look a frame or two later.
  const test::Rgba lesson = person.a_second_later("11-lesson");
  const Rect safety = lesson_on ? map.item("safety").moved(person.geometry().min) : Rect{};
  std::cout << "G: lesson title " << (map.has("presenter lesson") ? "shown" : "missing") << ", safety list "
            << safety.area() << " pixels, text share " << text_share(lesson, safety) << "\n";
  check(lesson_on && safety.area() > display.size().x * display.size().y / 4 &&
            text_share(lesson, safety) > 0.05,
        "G in presenter mode starts the lesson, whose first step shows the safety list over most of the "
        "screen");
  person.key("s");
  const bool safety_closed = !person.ui_map().has("safety");
  check(safety_closed, "S closes the safety list");
  // Step 13 is the first with a technique: the hand works while the lesson plays, and holds
  // still once space has paused it (the camera's turn to the step is over by the second pair).
  person.key("Right", 12);
  // Below the overlay, across the whole width: where the hands are on the leg depends on the
  // moment the step has reached (a slower build reaches another), and right of the overlay alone
  // they can lie out of view.
  const Rect lesson_view{{0, overlay.max.y + 10}, display.size()};
  const test::Rgba stepped = person.screenshot("12-lesson-technique");
  const int playing_moved =
      changed_pixels(stepped, person.a_second_later("12-lesson-technique-later"), lesson_view);
  person.key("space");
  const test::Rgba lesson_paused = person.a_second_later("13-lesson-paused");
  const test::Rgba lesson_paused_later = person.a_second_later("13-lesson-paused-later");
  const int paused_moved = changed_pixels(lesson_paused, lesson_paused_later, lesson_view);
  // The highlight outlines breathe while paused (a slow pulse): what must hold still is the hands.
  const double paused_hands = hand_moved(lesson_paused, lesson_paused_later, lesson_view);
  std::cout << "lesson step 13: " << playing_moved << " pixels changed in a second playing, " << paused_moved
            << " paused; the hands moved by " << paused_hands << " of their pixels\n";
  check(playing_moved > lesson_view.area() / 500, "the lesson plays its technique step: the view changes");
  // The view itself holds still: a second of play changed 300k pixels; what the pulse of the
  // outlines changes grows with how much of them the hands leave uncovered (1545 pixels, 1/480
  // of the view, under the address sanitizer with the hands beside each other).
  check(count(lesson_paused, lesson_view, light_blue) > 200 && paused_hands < 0.05 &&
            paused_moved < lesson_view.area() / 150,
        "space pauses the lesson: the hands hold still");
  person.key("g");
  map = person.ui_map();
  check(!map.has("presenter lesson") && map.has("presenter overlay"),
        "G again ends the lesson, presenter mode stays");
  person.key("Escape");

  // Export: a screenshot carries the pen's strokes. One picture before drawing, one after a yellow
  // stroke (P, a drag over the leg, P again): the second has the stroke's yellow, the first not.
  {
    const auto exported = [&](const std::string& name) -> test::Rgba {
      const auto file = dir / (name + ".png");
      if (!person.scroll_into_view("panel", "export")) return {};
      if (!person.ui_map().has("export file")) person.click(person.ui_map().item("export").centre());
      if (!person.scroll_into_view("panel", "screenshot")) return {};
      person.click(person.ui_map().item("export file").centre());
      person.chord({"ctrl", "a"});  // whatever is there, selected and typed over
      person.type(file.string());
      person.key("Tab");
      person.click(person.ui_map().item("screenshot").centre());
      if (!wait_until([&] { return std::filesystem::exists(file); }, 60s)) return {};
      person.wait_frames(2);
      // Kept beside the screenshots to be looked at.
      std::filesystem::copy_file(
          file, std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "renders" / ("gui-drive-" + name + ".png"),
          std::filesystem::copy_options::overwrite_existing);
      return test::load_png(file);
    };
    const auto yellow = [](glm::ivec4 c) { return c.r > 200 && c.g > 170 && c.b < 90; };
    const auto yellow_in = [&](const test::Rgba& image) {
      return image.size.x > 0 ? count(image, Rect{{0, 0}, image.size}, yellow) : -1;
    };
    const test::Rgba plain = exported("export-plain");
    const int quarter = (view.max.x - view.min.x) / 4;
    const Rect drawn_on{{view.min.x + quarter, view.centre().y}, {view.max.x - quarter, view.centre().y}};
    person.key("p");
    person.drag(drawn_on.min, drawn_on.max);
    person.key("p");
    person.screenshot("14-pen-stroke");
    const test::Rgba annotated = exported("export-annotated");
    std::cout << "exported screenshots: " << yellow_in(plain) << " yellow pixels before the pen stroke, "
              << yellow_in(annotated) << " after\n";
    check(plain.size.x > 0 && annotated.size.x > 0,
          "the Export section saves screenshots to the file typed in");
    check(yellow_in(annotated) >
              yellow_in(plain) + (drawn_on.max.x - drawn_on.min.x) * annotated.size.x / display.size().x,
          "the exported screenshot carries the pen stroke");
    person.key("c");  // the stroke cleared for what follows
  }

  // The text size, live: the View section's slider clicked at two thirds (200 %) doubles the panel.
  {
    map = person.ui_map();
    const int narrow = map.item("panel").max.x - map.item("panel").min.x;
    person.move_to(map.wheel_point("panel"));
    for (int turn = 0; turn < 16; ++turn) {
      map = person.ui_map();
      if (map.shows("panel", "ui scale")) break;
      person.wheel(3, false);
    }
    map = person.ui_map();
    const Rect size_slider = map.item("ui scale");
    check(map.shows("panel", "ui scale") && size_slider.area() > 0,
          "the text size slider can be scrolled into view");
    person.click(
        {size_slider.min.x + (size_slider.max.x - size_slider.min.x) * 2 / 3, size_slider.centre().y});
    person.rest();
    person.wait_frames(4);
    map = person.ui_map();
    const int wide = map.item("panel").max.x - map.item("panel").min.x;
    person.screenshot("14-text-size");
    std::cout << "the panel was " << narrow << " px wide, " << wide << " after the text size slider\n";
    check(wide > narrow * 17 / 10, "the text size slider enlarges the panel and its text at once");
  }

  check(kneeviz.running(), "kneeviz is still running (no crash, no GL error)");
  const std::string err = stderr_of_kneeviz();
  if (!err.empty()) std::cout << "kneeviz stderr:\n" << err;
  std::cout << "took " << seconds_since(started) << " s\n";
  return check.exit_code();
}
