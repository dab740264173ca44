// kneeviz record: a technique to MP4 through ffmpeg, checked with ffprobe, and to PNG frames.
#include <doctest/doctest.h>

#include <sstream>

#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"

using namespace kneeviz;

namespace {

// ffprobe's count of decoded frames and the container's duration, "frames=N duration=S".
std::string probe(const test::TempDir& dir, const std::filesystem::path& video) {
  const test::Run run = test::run_program(
      dir, "ffprobe",
      {"-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames",
       "-show_entries", "format=duration", "-of", "default=nw=1", video.string()},
      "");
  INFO("ffprobe: " << run.err);
  REQUIRE(run.exit_code == 0);
  return run.out;
}

}  // namespace

TEST_SUITE("gl") {

TEST_CASE("kneeviz record writes an MP4 whose frames and duration ffprobe confirms") {
  REQUIRE_MESSAGE(test::on_path("ffprobe"), "ffmpeg is not installed (tools/setup.sh installs it)");
  const test::TempDir dir;
  const auto clip = dir / "clip.mp4";
  const test::Run run = test::run_program(dir, KNEEVIZ_EXECUTABLE,
                                          {"record", "--technique", "thigh-tapping", "--out", clip.string(),
                                           "--duration", "2", "--fps", "30", "--size", "96x64", "--msaa", "1"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  const std::string figures = probe(dir, clip);
  CHECK(figures.find("nb_read_frames=60") != std::string::npos);
  CHECK(figures.find("duration=2.0") != std::string::npos);
  // Nothing else is left beside it: the temporary file was renamed into place.
  CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"clip.mp4", "stderr.txt", "stdout.txt"});
}

TEST_CASE("kneeviz record honours the speed and writes PNG frames to a folder") {
  const test::TempDir dir;
  const auto folder = dir / "frames";
  // Half a second of the technique at 2x is a quarter of a second of video: 5 frames at 20 fps.
  const test::Run run = test::run_program(
      dir, KNEEVIZ_EXECUTABLE,
      {"record", "--technique", "calf-glide", "--out", folder.string(), "--duration", "0.25", "--fps", "20",
       "--speed", "2", "--size", "64x48", "--msaa", "1"});
  INFO(run.err);
  REQUIRE(run.exit_code == 0);
  CHECK(test::list_folder(folder) == std::vector<std::string>{"frame-00000.png", "frame-00001.png", "frame-00002.png",
                                                              "frame-00003.png", "frame-00004.png"});
  CHECK(test::load_png(folder / "frame-00004.png").size == glm::ivec2(64, 48));

  // At 1x the same moment (0.4 s into the technique) is frame 8: the same picture.
  const auto slow = dir / "slow";
  REQUIRE(test::run_program(dir, KNEEVIZ_EXECUTABLE,
                            {"record", "--technique", "calf-glide", "--out", slow.string(), "--duration", "0.45",
                             "--fps", "20", "--size", "64x48", "--msaa", "1"})
              .exit_code == 0);
  const test::ImageDifference same =
      test::compare(test::load_png(slow / "frame-00008.png"), test::load_png(folder / "frame-00004.png"));
  CHECK(same.same_size);
  CHECK(same.max <= 2);
  const test::ImageDifference later =
      test::compare(test::load_png(slow / "frame-00004.png"), test::load_png(folder / "frame-00004.png"));
  CHECK(later.max > 20);  // and a different moment looks different
}

TEST_CASE("kneeviz record names a missing output folder and an unknown technique") {
  const test::TempDir dir;
  const test::Run missing = test::run_program(
      dir, KNEEVIZ_EXECUTABLE,
      {"record", "--technique", "calf-glide", "--out", (dir / "nowhere" / "clip.mp4").string(), "--size", "32x32"});
  CHECK(missing.exit_code != 0);
  CHECK(missing.err.find("nowhere") != std::string::npos);
  const test::Run unknown = test::run_program(
      dir, KNEEVIZ_EXECUTABLE, {"record", "--technique", "foot-rub", "--out", (dir / "x.mp4").string()});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("foot-rub") != std::string::npos);
}

}  // TEST_SUITE("gl")
