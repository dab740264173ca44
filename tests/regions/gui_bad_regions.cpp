// The window with a malformed --regions file, under a virtual X server: kneeviz reports the error
// (naming the file) and stays up with the built-in mapping instead of quitting.
//
//   xvfb-run -a -s "-screen 0 1280x800x24" kneeviz --regions bad.json --exit-after-frames 5 --screenshot S
//
// Exits 0 when every check passes, 1 when one fails, 77 (ctest's SKIP_RETURN_CODE) only when
// xvfb-run is not installed.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>

#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "support/window_checks.h"

using namespace kneeviz;

namespace {

test::Checks check;

}  // namespace

int main() {
  if (!test::have_programs({"xvfb-run"}, "xvfb xauth")) return test::kSkipped;
  test::TempDir dir;
  const auto bad = dir / "bad.json";
  test::write_text(bad, "{\n  \"format_version\": 1,\n  \"meshes\": {\n    \"femur\" \"femur\"\n  }\n}\n");
  const auto screenshot = dir / "screenshot.png";
  const test::Run run = test::run_in_window(
      dir, KNEEVIZ_EXECUTABLE,
      {"--regions", bad.string(), "--exit-after-frames", "5", "--screenshot", screenshot.string()});
  const int exit_code = run.exit_code;
  const std::string& out = run.out;
  const std::string& err = run.err;

  check(exit_code == 0, "kneeviz exits with 0: the window stayed up");
  check(err.find(bad.string() + ":4:") != std::string::npos, "stderr names the file and the line (4)");
  check(out.find("closed after 5 frames") != std::string::npos, "stdout says 'closed after 5 frames'");
  const test::Rgba image = test::load_png(screenshot);
  check(image.size.x >= 320 && image.size.y >= 240, "the screenshot is a readable PNG of the window");
  if (image.size.x >= 320) {
    // The leg was drawn with the built-in mapping: skin-toned pixels in the middle of the window.
    int skin = 0;
    for (int y = 0; y < image.size.y; ++y)
      for (int x = image.size.x / 3; x < image.size.x; ++x) {
        const glm::ivec4 p = image.at(x, y);
        skin += p.r > 120 && p.g > 80 && p.r > p.b + 30 && p.r < p.g * 1.6;
      }
    std::cout << "skin-toned pixels: " << skin << "\n";
    check(skin > 2000, "the leg is in the window");
    const auto copy = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR).parent_path() / "renders" /
                      "regions-window-bad-regions.png";
    std::filesystem::create_directories(copy.parent_path());
    std::filesystem::copy_file(screenshot, copy, std::filesystem::copy_options::overwrite_existing);
    std::cout << "screenshot copied to " << copy.string() << "\n";
  }
  return check.exit_code();
}
