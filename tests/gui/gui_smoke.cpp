// The real window, under a virtual X server: kneeviz opens, draws 30 frames of the panel and the
// model, saves what it showed, and closes by itself.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" kneeviz --model M --exit-after-frames 30 --screenshot S
//
// Exits 0 when every check passes, 1 when one fails, and 77 (ctest's SKIP_RETURN_CODE) only when
// xvfb-run is not installed.
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "support/test_models.h"
#include "support/window_checks.h"

using namespace kneeviz;

namespace {

test::Checks check;

}  // namespace

int main() {
  if (!test::have_programs({"xvfb-run"}, "xvfb xauth")) return test::kSkipped;
  test::TempDir dir;
  const auto model = dir / "ellipsoid.gltf";
  test::write_gltf(
      model,
      test::scene_of(
          {{"ellipsoid", test::ellipsoid({0.f, 0.f, 0.f}, {0.35f, 1.f, 0.35f}), {0.85f, 0.12f, 0.1f, 1.f}}}));
  const auto screenshot = dir / "screenshot.png";
  const test::Run run = test::run_in_window(
      dir, KNEEVIZ_EXECUTABLE,
      {"--model", model.string(), "--exit-after-frames", "30", "--screenshot", screenshot.string()});
  const int exit_code = run.exit_code;
  const std::string& out = run.out;

  check(exit_code == 0, "kneeviz exits with 0");
  check(out.find("closed after 30 frames") != std::string::npos, "stdout says 'closed after 30 frames'");
  const test::Rgba image = test::load_png(screenshot);
  check(image.size.x >= 320 && image.size.y >= 240, "the screenshot is a readable PNG of the window");
  if (image.size.x < 320 || image.size.y < 240) return check.exit_code();
  std::cout << "screenshot: " << image.size.x << "x" << image.size.y << "\n";

  // The panel: ImGui's window colour, near-black slate (0.09, 0.10, 0.12 at 92 % over the
  // background), fills much of the top-left region, where the background would be lighter.
  int panel = 0, region = 0;
  for (int y = 0; y < image.size.y * 2 / 5; ++y)
    for (int x = 0; x < image.size.x / 4; ++x) {
      const glm::ivec4 c = image.at(x, y);
      ++region;
      panel += c.r >= 14 && c.r <= 40 && c.g >= 16 && c.g <= 42 && c.b >= 20 && c.b <= 48 && c.b >= c.r;
    }
  std::cout << "panel-coloured pixels in the top-left region: " << panel << " of " << region << "\n";
  check(panel > region / 10, "the panel's window colour fills part of the top-left region");

  // The model: red, in the middle rows, centred in the space the panel leaves (somewhere between
  // the window's centre and the middle of the part right of the panel).
  int model_pixels = 0;
  glm::dvec2 sum{0.0};
  for (int y = 0; y < image.size.y; ++y)
    for (int x = 0; x < image.size.x; ++x) {
      const glm::ivec4 c = image.at(x, y);
      if (c.r > 60 && c.r > 2 * c.g && c.r > 2 * c.b) {
        ++model_pixels;
        sum += glm::dvec2(x, y);
      }
    }
  const glm::dvec2 centroid = model_pixels ? sum / double(model_pixels) : glm::dvec2(-1.0);
  std::cout << "red model pixels: " << model_pixels << ", centred at (" << centroid.x << ", " << centroid.y
            << ")\n";
  check(model_pixels > image.size.x * image.size.y / 50, "the model is drawn, large enough to see");
  check(centroid.x > image.size.x * 0.4 && centroid.x < image.size.x * 0.75,
        "the model is centred horizontally in the free part of the window");
  check(std::abs(centroid.y - image.size.y * 0.5) < image.size.y * 0.08, "the model is centred vertically");

  // Kept for a person to look at.
  const auto kept = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "renders" / "gui-screenshot.png";
  std::filesystem::create_directories(kept.parent_path());
  std::filesystem::copy_file(screenshot, kept, std::filesystem::copy_options::overwrite_existing);
  std::cout << "screenshot kept at " << kept.string() << "\n";
  return check.exit_code();
}
