// The window remembers: the state it closes with comes back at the next start, and a corrupt
// saved scene gives a clear message and the default view. Runs the real window under Xvfb.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>

#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "support/window_checks.h"

using namespace kneeviz;

namespace {

test::Checks check;

test::Run window(const test::TempDir& dir, std::vector<std::string> arguments) {
  return test::run_in_window(dir, KNEEVIZ_EXECUTABLE, std::move(arguments));
}

// Pixels of the quadriceps' highlight blue (#0072b2 over red muscle and translucent skin), in the
// right half of the window, clear of the panel and its blue headers.
int bluish(const test::Rgba& image) {
  int count = 0;
  for (int y = 0; y < image.size.y; ++y)
    for (int x = image.size.x / 2; x < image.size.x; ++x) {
      const glm::ivec4 p = image.at(x, y);
      count += p.b > p.r + 25 && p.b > 90;
    }
  return count;
}

}  // namespace

int main() {
  if (!test::have_programs({"xvfb-run"}, "xvfb xauth")) return test::kSkipped;
  test::TempDir dir;
  const auto scene_file = dir / "config" / "kneeviz" / "last-scene.json";

  // First start: quadriceps highlighted through a translucent skin; closing keeps it.
  const auto first = dir / "first.png";
  const test::Run run1 = window(dir, {"--highlight", "quadriceps", "--layers", "skin=0.3",
                                      "--exit-after-frames", "3", "--screenshot", first.string()});
  check(run1.exit_code == 0, "the first window closes cleanly");
  const std::string saved = test::read_text(scene_file);
  check(!saved.empty(), "closing saved the scene in the XDG config folder");
  const nlohmann::json scene = nlohmann::json::parse(saved, nullptr, false);
  check(!scene.is_discarded() && scene["highlighted_groups"] == nlohmann::json::array({"quadriceps"}),
        "the saved scene has the quadriceps highlighted");
  bool skin_saved = false;
  if (!scene.is_discarded())
    for (const auto& layer : scene["layers"]) skin_saved |= layer["id"] == "skin" && layer["opacity"] == 0.3;
  check(skin_saved, "the saved scene has the skin at 0.3");

  // Second start, no options: the same view comes back.
  const auto second = dir / "second.png";
  const test::Run run2 = window(dir, {"--exit-after-frames", "3", "--screenshot", second.string()});
  check(run2.exit_code == 0, "the second window closes cleanly");
  const int blue = bluish(test::load_png(second));
  std::cout << "blue pixels after restoring: " << blue << "\n";
  check(blue > 500, "the restored window shows the quadriceps highlighted");

  // A corrupt saved scene: a clear message naming the file, and the default view.
  test::write_text(scene_file, "{ \"format_version\": 1, \"camera\": { \"distance\": -2 } }\n");
  const auto third = dir / "third.png";
  const test::Run run3 = window(dir, {"--exit-after-frames", "3", "--screenshot", third.string()});
  check(run3.exit_code == 0, "a corrupt saved scene does not stop the window");
  check(run3.err.find(scene_file.string()) != std::string::npos, "the message names the saved scene's file");
  check(run3.err.find("default view") != std::string::npos, "the message says the default view is used");
  const int default_blue = bluish(test::load_png(third));
  std::cout << "blue pixels in the default view: " << default_blue << "\n";
  check(default_blue < blue / 10, "the default view has nothing highlighted");

  const auto config = dir / "config" / "kneeviz";
  const auto set_aside_copies = [&](const std::string& name) {
    int count = 0;
    for (const std::string& file : test::list_folder(config))
      count += file.starts_with(name + ".unreadable-");
    return count;
  };
  check(set_aside_copies("last-scene.json") == 1, "the corrupt scene was kept aside, not written over");
  check(test::read_text(scene_file) != "" && !std::filesystem::exists(config / "starting"),
        "closing saved a fresh scene and the start marker is gone");

  // A start that died before its first frame (its marker names a process that is gone): the
  // saved files are set aside before they are read again, so no file stops the window twice.
  std::string pid_max;
  std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
  test::write_text(config / "starting", pid_max + "\n");
  const test::Run after_crash = window(dir, {"--exit-after-frames", "3"});
  check(after_crash.exit_code == 0, "the window opens after a start that died");
  check(after_crash.err.find("closed unexpectedly while it was starting") != std::string::npos,
        "it says the last start died and where the saved files went");
  check(set_aside_copies("last-scene.json") == 2, "the scene of the start that died is kept aside");
  check(!std::filesystem::exists(config / "starting"), "the marker is gone once the window is up");

  // A scene saved by a newer kneeviz is left exactly as it was.
  const std::string newer = "{\"format_version\": 2, \"rooms\": [\"clinic\"]}\n";
  test::write_text(scene_file, newer);
  const test::Run on_newer = window(dir, {"--exit-after-frames", "3"});
  check(on_newer.exit_code == 0 && on_newer.err.find("newer kneeviz") != std::string::npos,
        "a scene from a newer kneeviz is named as such");
  check(test::read_text(scene_file) == newer, "closing does not write over a newer kneeviz's scene");
  std::filesystem::remove(scene_file);

  // Annotations: a magenta pen stroke across the top of the view and a note pinned to the knee
  // are drawn, and closing keeps them as they were.
  nlohmann::json annotated = scene;
  annotated["annotations"] = {
      {"notes", {{{"position", {0.0, 0.5, 0.05}}, {"text", "Tender after running"}}}},
      {"strokes", {{{"colour", "#ff3dc8"}, {"points", {{0.55, 0.1}, {0.75, 0.1}, {0.95, 0.1}}}}}}};
  test::write_text(scene_file, annotated.dump(2));
  const auto fourth = dir / "fourth.png";
  const test::Run run4 = window(dir, {"--exit-after-frames", "3", "--screenshot", fourth.string()});
  check(run4.exit_code == 0, "the annotated scene opens and closes cleanly");
  const test::Rgba shot = test::load_png(fourth);
  int magenta = 0;
  for (int y = shot.size.y / 10 - 6; y <= shot.size.y / 10 + 6; ++y)
    for (int x = shot.size.x * 6 / 10; x < shot.size.x * 9 / 10; ++x) {
      const glm::ivec4 p = shot.at(x, y);
      magenta += p.r > 200 && p.g < 110 && p.b > 150;
    }
  std::cout << "magenta pixels along the pen stroke: " << magenta << "\n";
  check(magenta > shot.size.x * 3 / 10, "the pen stroke is drawn where the scene put it");
  const nlohmann::json kept = nlohmann::json::parse(test::read_text(scene_file), nullptr, false);
  check(!kept.is_discarded() && kept["annotations"] == annotated["annotations"],
        "closing keeps the note and the stroke as they were");
  // --technique opens the window on a technique, playing; an unknown one is named.
  const auto opened_on = dir / "technique.png";
  const test::Run on_technique = window(
      dir, {"--technique", "calf-glide", "--exit-after-frames", "6", "--screenshot", opened_on.string()});
  check(on_technique.exit_code == 0, "--technique opens the window and closes cleanly");
  int glove = 0;
  const test::Rgba opened = test::load_png(opened_on);
  for (int y = 0; y < opened.size.y; ++y)
    for (int x = opened.size.x / 3; x < opened.size.x; ++x) {
      const glm::ivec4 c = opened.at(x, y);
      glove += c.b >= 200 && c.g >= 150 && c.r >= 90 && c.b > c.r + 30;
    }
  std::cout << "glove pixels with --technique calf-glide: " << glove << "\n";
  check(glove > 2000, "--technique calf-glide shows the hands at work");
  const test::Run unknown = window(dir, {"--technique", "foot-rub", "--exit-after-frames", "3"});
  check(unknown.exit_code == 2 &&
            unknown.err.find("--technique foot-rub: no such technique") != std::string::npos,
        "an unknown --technique is named, with the shipped ones");

  // The window's place and the text size: the first start filled the screen; a later start opens
  // where the preferences say, at their text size; a corrupt preferences file is kept aside.
  const auto preferences_file = dir / "config" / "kneeviz" / "preferences.json";
  const nlohmann::json first_preferences =
      nlohmann::json::parse(test::read_text(preferences_file), nullptr, false);
  check(test::load_png(first).size == glm::ivec2(1280, 800), "the first start fills the 1280x800 screen");
  check(!first_preferences.is_discarded() && first_preferences["window"]["width"] == 1280 &&
            first_preferences["window"]["height"] == 800,
        "closing kept the window's place and size in preferences.json");
  // The panel's width, from the UI map the window writes (KNEEVIZ_UI_MAP), and the picture.
  const auto placed = [&](double scale, const std::string& name) {
    test::write_text(
        preferences_file,
        nlohmann::json{
            {"format_version", 1},
            {"window", {{"x", 60}, {"y", 40}, {"width", 1000}, {"height", 700}, {"maximised", false}}},
            {"ui_scale", scale}}
            .dump());
    const auto shot_file = dir / (name + ".png");
    const auto map_file = dir / (name + "-ui-map.json");
    const test::Run run = test::run_program(
        dir, KNEEVIZ_EXECUTABLE, {"--exit-after-frames", "3", "--screenshot", shot_file.string()},
        "-u WAYLAND_DISPLAY KNEEVIZ_UI_MAP=" + map_file.string(), "xvfb-run -a -s '-screen 0 1280x800x24'");
    check(run.exit_code == 0, "the window opens and closes with saved preferences");
    const nlohmann::json map = nlohmann::json::parse(test::read_text(map_file), nullptr, false);
    const int width = map.is_discarded() || !map["items"].contains("panel")
                          ? 0
                          : map["items"]["panel"][2].get<int>() - map["items"]["panel"][0].get<int>();
    return std::make_pair(test::load_png(shot_file), width);
  };
  const auto [normal, normal_width] = placed(1.0, "placed-100");
  const auto [large, large_width] = placed(2.0, "placed-200");
  std::cout << "the panel is " << normal_width << " px wide at 100 %, " << large_width << " at 200 %\n";
  check(normal.size == glm::ivec2(1000, 700) && large.size == glm::ivec2(1000, 700),
        "a later start opens at the size the preferences keep");
  check(normal_width > 200 && large_width > normal_width * 17 / 10,
        "the text size doubles the panel at 200 %");

  test::write_text(preferences_file, "{ \"format_version\": 1, \"ui_scale\": 9 }");
  const test::Run corrupt = window(dir, {"--exit-after-frames", "3"});
  check(corrupt.exit_code == 0, "a corrupt preferences file does not stop the window");
  check(corrupt.err.find(preferences_file.string()) != std::string::npos &&
            corrupt.err.find("ui_scale") != std::string::npos,
        "the message names the preferences file and the field");
  bool kept_aside = false;
  for (const std::string& file : test::list_folder(config))
    kept_aside |= file.starts_with("preferences.json.unreadable-") &&
                  test::read_text(config / file).find("\"ui_scale\": 9") != std::string::npos;
  check(kept_aside, "the corrupt file is kept aside, not lost");
  check(!nlohmann::json::parse(test::read_text(preferences_file), nullptr, false).is_discarded(),
        "closing wrote fresh preferences");
  return check.exit_code();
}
