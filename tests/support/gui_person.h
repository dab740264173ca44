#pragma once
// A person in front of kneeviz's window under a virtual X server, for the window tests: xdotool's
// hands (click, drag, wheel, keys, a traced path), ffmpeg's eyes (screenshots from outside the
// program) and the panel's KNEEVIZ_UI_MAP hook (src/ui/ui_map.h) to find widgets and wait for
// frames. Header only: the screenshots go under the test's KNEEVIZ_TEST_BINARY_DIR.

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>
#include <glm/glm.hpp>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "support/virtual_display.h"

namespace kneeviz::test {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// A rectangle in screen or window coordinates, max exclusive.
struct Rect {
  glm::ivec2 min{0}, max{0};

  glm::ivec2 centre() const { return (min + max) / 2; }
  int area() const { return std::max(max.x - min.x, 0) * std::max(max.y - min.y, 0); }
  bool contains(const Rect& other) const {
    return glm::all(glm::lessThanEqual(min, other.min)) && glm::all(glm::lessThanEqual(other.max, max));
  }
  Rect moved(glm::ivec2 offset) const { return {min + offset, max + offset}; }
};

// What the panel's KNEEVIZ_UI_MAP file says about the last frame it drew (window coordinates).
struct UiMap {
  int frame = -1;  // -1: not written yet
  glm::ivec2 window{0};
  std::map<std::string, Rect> items;
  std::set<std::string> hidden;  // wholly scrolled out of their part of the panel

  bool has(const std::string& name) const { return items.count(name) != 0; }
  Rect item(const std::string& name) const { return has(name) ? items.at(name) : Rect{}; }
  // Whether `name` shows whole inside `container`, where a click reaches it.
  bool shows(const std::string& container, const std::string& name) const {
    return has(name) && !hidden.count(name) && item(container).contains(item(name));
  }
  // Where the wheel scrolls `container`: its scrolling part where it has one ("panel scroll").
  glm::ivec2 wheel_point(const std::string& container) const {
    return item(has(container + " scroll") ? container + " scroll" : container).centre();
  }
};

inline UiMap read_ui_map(const std::filesystem::path& file) {
  UiMap map;
  std::error_code error;
  if (!std::filesystem::exists(file, error)) return map;
  const nlohmann::json json = nlohmann::json::parse(test::read_text(file), nullptr, false);
  if (json.is_discarded()) return map;
  map.frame = json.at("frame").get<int>();
  map.window = {json.at("window")[0].get<int>(), json.at("window")[1].get<int>()};
  for (const auto& [name, r] : json.at("items").items())
    map.items[name] = {{r[0].get<int>(), r[1].get<int>()}, {r[2].get<int>(), r[3].get<int>()}};
  if (json.contains("hidden"))
    for (const auto& name : json.at("hidden")) map.hidden.insert(name.get<std::string>());
  return map;
}

inline long seconds_since(Clock::time_point start) {
  return long(std::chrono::duration_cast<std::chrono::seconds>(Clock::now() - start).count());
}

// Polls `done` every 100 ms for up to `timeout`.
inline bool wait_until(const std::function<bool()>& done, std::chrono::seconds timeout) {
  const auto give_up = Clock::now() + timeout;
  while (!done()) {
    if (Clock::now() > give_up) return false;
    std::this_thread::sleep_for(100ms);
  }
  return true;
}

// kneeviz's window on the virtual display, and the hands and eyes of the person in front of it.
// Points are in the window's coordinates, as the UI map gives them.
class Person {
 public:
  // Screenshots are kept as <build>/tests/renders/<screenshot_prefix><name>.png.
  Person(const test::TempDir& dir, const test::VirtualDisplay& display, test::BackgroundProcess& kneeviz,
         std::filesystem::path ui_map_file, std::string screenshot_prefix = "gui-drive-")
      : dir_(dir),
        display_(display),
        kneeviz_(kneeviz),
        ui_map_file_(std::move(ui_map_file)),
        prefix_(std::move(screenshot_prefix)) {}

  // Waits for kneeviz's window to be shown and its panel drawn; false at once if it exits.
  bool find_window(std::chrono::seconds timeout) {
    const bool shown = wait_until(
        [&] {
          std::istringstream ids(xdotool({"search", "--onlyvisible", "--name", "^kneeviz"}));
          return bool(ids >> window_) || !kneeviz_.running();
        },
        timeout);
    return shown && wait_until([&] { return ui_map().has("panel") || !kneeviz_.running(); }, timeout) &&
           kneeviz_.running();
  }

  UiMap ui_map() const { return read_ui_map(ui_map_file_); }

  // Waits until the window has begun `frames` more frames, and `at_least` has passed. Input sent
  // before this call has been seen after 2 frames, and what it changed is on screen after 3 (the
  // map is written mid-frame). Gives up at once when kneeviz has exited.
  void wait_frames(int frames = 3, std::chrono::milliseconds at_least = 0ms) {
    const int from = ui_map().frame;
    const auto until = Clock::now() + at_least;
    const bool drawn = wait_until(
        [&] { return (ui_map().frame >= from + frames && Clock::now() >= until) || !kneeviz_.running(); },
        60s);
    if (!drawn) std::cout << "(the window drew no frame for 60 s)\n";
  }

  // Where the window is on the screen, and its size.
  Rect geometry() const {
    std::map<std::string, int> values;
    std::istringstream lines(xdotool({"getwindowgeometry", "--shell", std::to_string(window_)}));
    for (std::string line; std::getline(lines, line);)
      if (const auto equals = line.find('='); equals != std::string::npos)
        values[line.substr(0, equals)] = std::atoi(line.c_str() + equals + 1);
    const glm::ivec2 origin{values["X"], values["Y"]};
    return {origin, origin + glm::ivec2(values["WIDTH"], values["HEIGHT"])};
  }

  // The pointer goes to `point` and rests there until the window has seen it.
  void move_to(glm::ivec2 point) {
    xdotool(
        {"mousemove", "--window", std::to_string(window_), std::to_string(point.x), std::to_string(point.y)});
    wait_frames(2);
  }
  // Out of the way, over the background in the window's top-right corner: no hover, no tooltip.
  glm::ivec2 resting_point() const {
    const Rect window = geometry();
    return {window.max.x - window.min.x - 8, 8};
  }
  void rest() {
    move_to(resting_point());
    wait_frames(1);
  }

  // The pointer rests on `point` first: the window decides whether the panel or the 3D view
  // gets a press from where the pointer was in the frame before.
  void click(glm::ivec2 point) {
    move_to(point);
    xdotool({"click", "1"});
    wait_frames(3);
  }

  // Press, then move in steps and release in one go. The press is seen alone first: the view
  // starts its drag from the pointer's position when it sees the press, wherever it is by then.
  void drag(glm::ivec2 from, glm::ivec2 to) {
    move_to(from);
    xdotool({"mousedown", "1"});
    wait_frames(2);
    std::vector<std::string> moves;
    for (int step = 1; step <= 4; ++step) {
      const glm::ivec2 p = from + (to - from) * step / 4;
      for (const std::string& word : {std::string("mousemove"), std::string("--window"),
                                      std::to_string(window_), std::to_string(p.x), std::to_string(p.y)})
        moves.push_back(word);
    }
    moves.insert(moves.end(), {"mouseup", "1"});
    xdotool(moves);
    wait_frames(3);
  }

  // The left button pressed and let go where the pointer is, and the pointer moved at once, for
  // a hand that traces a path in its own time.
  void press() { xdotool({"mousedown", "1"}); }
  void release() { xdotool({"mouseup", "1"}); }
  void move_now(glm::ivec2 point) {
    xdotool(
        {"mousemove", "--window", std::to_string(window_), std::to_string(point.x), std::to_string(point.y)});
  }

  // Scrolls the window the UI map names `container` with the wheel until `item` lies wholly in it;
  // false when it never does.
  bool scroll_into_view(const std::string& container, const std::string& item) {
    for (int scroll = 0; scroll < 10; ++scroll) {
      const UiMap map = ui_map();
      if (map.shows(container, item)) return true;
      move_to(map.wheel_point(container));
      wheel(3, false);
    }
    return ui_map().shows(container, item);
  }

  // Keys held down together over a couple of frames, then let go: ImGui 1.86 reads which keys are
  // down once a frame, and a press and release between two frames is lost to its text fields.
  void chord(const std::vector<std::string>& keys) {
    for (const std::string& key : keys) xdotool({"keydown", key});
    wait_frames(2);
    for (auto key = keys.rbegin(); key != keys.rend(); ++key) xdotool({"keyup", *key});
    wait_frames(2);
  }

  // Types `text` into whatever has the keyboard.
  void type(const std::string& text) {
    xdotool({"type", "--delay", "40", text});
    wait_frames(3);
  }

  // Mouse wheel notches where the pointer is: up (4) zooms in, down (5) scrolls a panel down.
  void wheel(int notches, bool up) {
    xdotool({"click", "--repeat", std::to_string(notches), "--delay", "50", up ? "4" : "5"});
    wait_frames(3);
  }

  void key(const std::string& name, int presses = 1) {
    std::vector<std::string> arguments{"key"};
    arguments.insert(arguments.end(), std::size_t(presses), name);
    xdotool(arguments);
    wait_frames(3);
  }

  // The whole screen as a person sees it, kept as renders/gui-drive-<name>.png.
  test::Rgba screenshot(const std::string& name) {
    const auto file = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "renders" / (prefix_ + name + ".png");
    std::filesystem::create_directories(file.parent_path());
    const glm::ivec2 size = display_.size();
    const test::Run grab =
        test::run_program(dir_, "ffmpeg",
                          {"-loglevel", "error", "-y", "-f", "x11grab", "-draw_mouse", "0", "-video_size",
                           std::to_string(size.x) + "x" + std::to_string(size.y), "-i", display_.name(),
                           "-frames:v", "1", file.string()},
                          "DISPLAY=" + display_.name());
    if (grab.exit_code != 0) std::cout << "ffmpeg failed: " << grab.command << "\n" << grab.err;
    std::cout << "screenshot at " << seconds_since(started_) << " s: " << file.string() << "\n";
    return test::load_png(file);
  }

  // A screenshot at least a second and two frames from now: the window has drawn in between.
  test::Rgba a_second_later(const std::string& name) {
    wait_frames(2, 1000ms);
    return screenshot(name);
  }

 private:
  std::string xdotool(const std::vector<std::string>& arguments) const {
    const test::Run run = test::run_program(dir_, "xdotool", arguments, "DISPLAY=" + display_.name());
    return run.out;
  }

  const test::TempDir& dir_;
  const test::VirtualDisplay& display_;
  test::BackgroundProcess& kneeviz_;
  std::filesystem::path ui_map_file_;
  long window_ = 0;
  std::string prefix_;
  Clock::time_point started_ = Clock::now();
};

// Pixels of `region` (screen coordinates) for which `is` holds.
inline int count(const Rgba& image, const Rect& region, const std::function<bool(glm::ivec4)>& is) {
  int n = 0;
  for (int y = region.min.y; y < region.max.y; ++y)
    for (int x = region.min.x; x < region.max.x; ++x) n += is(image.at(x, y));
  return n;
}

}  // namespace kneeviz::test
