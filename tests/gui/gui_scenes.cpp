// The window remembers: the state it closes with comes back at the next start, and a corrupt
// saved scene gives a clear message and the default view. Runs the real window under Xvfb.
#include <iostream>
#include <string>

#include <nlohmann/json.hpp>

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
  const test::Run run1 = window(dir, {"--highlight", "quadriceps", "--layers", "skin=0.3", "--exit-after-frames",
                                      "3", "--screenshot", first.string()});
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
  return check.exit_code();
}
