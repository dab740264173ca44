// kneeviz record: a technique to MP4 through ffmpeg, checked with ffprobe, and to PNG frames.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
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
    const test::Run run =
        test::run_program(dir, KNEEVIZ_EXECUTABLE,
                          {"record", "--technique", "thigh-tapping", "--out", clip.string(), "--duration",
                           "2", "--fps", "30", "--size", "96x64", "--msaa", "1"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    const std::string figures = probe(dir, clip);
    CHECK(figures.find("nb_read_frames=60") != std::string::npos);
    CHECK(figures.find("duration=2.0") != std::string::npos);
    // Nothing else is left beside it: the temporary file was renamed into place.
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"clip.mp4", "stderr.txt", "stdout.txt"});
  }

  TEST_CASE("a clip ffmpeg says it wrote but did not finish is refused and the old clip kept") {
    // As on a full disk: ffmpeg reports "Error writing trailer" and still exits 0. Here a stand-in
    // ffmpeg first on PATH takes the frames, writes a stump of a file and exits 0.
    REQUIRE_MESSAGE(test::on_path("ffprobe"), "ffmpeg is not installed (tools/setup.sh installs it)");
    const test::TempDir dir;
    const auto bin = dir / "bin";
    std::filesystem::create_directories(bin);
    test::write_text(bin / "ffmpeg",
                     "#!/bin/sh\nfor last; do :; done\ncat > /dev/null\n"
                     "echo 'Error writing trailer of output: No space left on device' >&2\n"
                     "printf 'not much of a video' > \"$last\"\nexit 0\n");
    std::filesystem::permissions(bin / "ffmpeg", std::filesystem::perms::owner_all);
    const auto clip = dir / "clip.mp4";
    test::write_text(clip, "the clip recorded last week");
    const char* path = std::getenv("PATH");
    const test::Run run =
        test::run_program(dir, KNEEVIZ_EXECUTABLE,
                          {"record", "--technique", "thigh-tapping", "--out", clip.string(), "--duration",
                           "0.2", "--fps", "10", "--size", "64x48", "--msaa", "1"},
                          "PATH=" + bin.string() + ":" + (path ? path : "/usr/bin:/bin"));
    INFO(run.err);
    CHECK(run.exit_code != 0);
    CHECK(run.err.find("incomplete") != std::string::npos);
    CHECK(run.err.find("nothing was written over clip.mp4") != std::string::npos);
    CHECK(run.err.find("wrote") == std::string::npos);
    CHECK(test::read_text(clip) == "the clip recorded last week");
    // No temporary file is left beside it.
    CHECK(test::list_folder(dir.path()) ==
          std::vector<std::string>{"bin", "clip.mp4", "stderr.txt", "stdout.txt"});
  }

  TEST_CASE("kneeviz record honours the speed and writes PNG frames to a folder") {
    const test::TempDir dir;
    const auto folder = dir / "frames";
    // Half a second of the technique at 2x is a quarter of a second of video: 5 frames at 20 fps.
    const test::Run run =
        test::run_program(dir, KNEEVIZ_EXECUTABLE,
                          {"record", "--technique", "calf-glide", "--out", folder.string(), "--duration",
                           "0.25", "--fps", "20", "--speed", "2", "--size", "64x48", "--msaa", "1"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(test::list_folder(folder) == std::vector<std::string>{"captions.srt", "frame-00000.png",
                                                                "frame-00001.png", "frame-00002.png",
                                                                "frame-00003.png", "frame-00004.png"});
    CHECK(test::load_png(folder / "frame-00004.png").size == glm::ivec2(64, 48));

    // At 1x the same moment (0.4 s into the technique) is frame 8: the same picture.
    const auto slow = dir / "slow";
    REQUIRE(test::run_program(dir, KNEEVIZ_EXECUTABLE,
                              {"record", "--technique", "calf-glide", "--out", slow.string(), "--duration",
                               "0.45", "--fps", "20", "--size", "64x48", "--msaa", "1"})
                .exit_code == 0);
    const test::ImageDifference same =
        test::compare(test::load_png(slow / "frame-00008.png"), test::load_png(folder / "frame-00004.png"));
    CHECK(same.same_size);
    CHECK(same.max <= 2);
    const test::ImageDifference later =
        test::compare(test::load_png(slow / "frame-00004.png"), test::load_png(folder / "frame-00004.png"));
    CHECK(later.max > 20);  // and a different moment looks different
  }

  TEST_CASE(
      "frames recorded over an older longer clip replace it whole and a folder of other files is refused") {
    const test::TempDir dir;
    const auto folder = dir / "frames";
    std::filesystem::create_directories(folder);
    for (int i = 0; i < 40; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "frame-%05d.png", i);
      test::write_text(folder / name, "an older clip's frame");
    }
    // What a killed run left beside it: a staging folder of a process that is gone.
    std::string pid_max;
    std::ifstream("/proc/sys/kernel/pid_max") >> pid_max;
    std::filesystem::create_directories(dir / (".frames.tmp" + pid_max));
    test::write_text(dir / (".frames.tmp" + pid_max) / "frame-00000.png", "half a clip");
    const std::vector<std::string> record = {
        "record", "--technique", "calf-glide", "--out", folder.string(), "--duration", "0.15",
        "--fps",  "20",          "--size",     "32x24", "--msaa",        "1"};
    const test::Run run = test::run_program(dir, KNEEVIZ_EXECUTABLE, record);
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(test::list_folder(folder) ==
          std::vector<std::string>{"captions.srt", "frame-00000.png", "frame-00001.png", "frame-00002.png"});
    CHECK(test::load_png(folder / "frame-00000.png").size == glm::ivec2(32, 24));
    for (const std::string& name : test::list_folder(dir.path()))
      CHECK_MESSAGE(!name.starts_with(".frames"),
                    "left over: " << name);  // the stale one gone, the staging one too

    // A folder that holds anything else is not the user's to lose: refused, untouched.
    test::write_text(folder / "notes.txt", "session plan");
    const test::Run refused = test::run_program(dir, KNEEVIZ_EXECUTABLE, record);
    CHECK(refused.exit_code != 0);
    CHECK(refused.err.find(folder.string() +
                           ": the folder holds files that are not kneeviz frames (notes.txt)") !=
          std::string::npos);
    CHECK(test::read_text(folder / "notes.txt") == "session plan");
    CHECK(test::list_folder(folder).size() == 5);
  }

  TEST_CASE("kneeviz record names a missing output folder and an unknown technique") {
    const test::TempDir dir;
    const test::Run missing = test::run_program(dir, KNEEVIZ_EXECUTABLE,
                                                {"record", "--technique", "calf-glide", "--out",
                                                 (dir / "nowhere" / "clip.mp4").string(), "--size", "32x32"});
    CHECK(missing.exit_code != 0);
    CHECK(missing.err.find("nowhere") != std::string::npos);
    const test::Run unknown = test::run_program(
        dir, KNEEVIZ_EXECUTABLE, {"record", "--technique", "foot-rub", "--out", (dir / "x.mp4").string()});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("foot-rub") != std::string::npos);
    const test::Run no_lesson = test::run_program(
        dir, KNEEVIZ_EXECUTABLE, {"record", "--lesson", "knee-yoga", "--out", (dir / "x.mp4").string()});
    CHECK(no_lesson.exit_code == 2);
    CHECK(no_lesson.err.find("knee-yoga") != std::string::npos);
    CHECK(no_lesson.err.find("massage-for-knee-pain") != std::string::npos);  // the lessons there are
    const test::Run neither =
        test::run_program(dir, KNEEVIZ_EXECUTABLE, {"record", "--out", (dir / "x.mp4").string()});
    CHECK(neither.exit_code != 0);
    CHECK(neither.err.find("--lesson") != std::string::npos);
  }

  TEST_CASE("kneeviz record --lesson plays the steps in order and each with its caption") {
    const test::TempDir dir;
    const auto folder = dir / "frames";
    // The shipped lesson's first step is safety (15 s), the second why knees hurt: 13 s to 17 s of
    // the lesson at 2x is 2 s of video, 4 frames at 2 fps, two in each step.
    const test::Run run = test::run_program(
        dir, KNEEVIZ_EXECUTABLE,
        {"record", "--lesson", "massage-for-knee-pain", "--out", folder.string(), "--time", "13",
         "--duration", "2", "--fps", "2", "--speed", "2", "--size", "96x64", "--msaa", "1"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.find("recording lesson massage-for-knee-pain") != std::string::npos);
    const std::string captions = test::read_text(folder / "captions.srt");
    INFO(captions);
    // Two captions, the first step's until 1 s into the video, the next one's after.
    CHECK(captions.find("1\n00:00:00,000 --> 00:00:01,000\n") == 0);
    CHECK(captions.find("2\n00:00:01,000 --> 00:00:02,000\n") != std::string::npos);
    CHECK(captions.find("\n3\n") == std::string::npos);
    // Within a step the camera holds still (the leg alone, no technique): the frames match; across
    // the change of step the view moves.
    const test::Rgba first = test::load_png(folder / "frame-00000.png"),
                     second = test::load_png(folder / "frame-00001.png"),
                     fourth = test::load_png(folder / "frame-00003.png");
    CHECK(test::compare(first, second).max <= 24);
    CHECK(test::compare(second, fourth).max > 40);
  }

  // Pixels of the hands' light blue glove (what nothing else in a technique's frame is drawn in).
  int hand_pixels(const test::Rgba& image) {
    int count = 0;
    for (int y = 0; y < image.size.y; ++y)
      for (int x = 0; x < image.size.x; ++x) {
        const glm::ivec4 p = image.at(x, y);
        if (p.b > 190 && p.g > 160 && p.b - p.r > 35 && p.g - p.r > 15) ++count;
      }
    return count;
  }

  TEST_CASE("a recorded lesson turns the client into the next technique's position instead of cutting") {
    const test::TempDir dir;
    const auto folder = dir / "frames";
    // The shipped lesson goes from cross-fibre friction (face up) to the IT band release
    // (side-lying) at 200 s: 198-202 s at 5 fps, the change at frame 10.
    const test::Run run =
        test::run_program(dir, KNEEVIZ_EXECUTABLE,
                          {"record", "--lesson", "massage-for-knee-pain", "--out", folder.string(), "--time",
                           "198", "--duration", "4", "--fps", "5", "--size", "160x120", "--msaa", "1"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    std::vector<test::Rgba> frames;
    for (int i = 0; i < 20; ++i) {
      char name[32];
      std::snprintf(name, sizeof name, "frame-%05d.png", i);
      frames.push_back(test::load_png(folder / name));
      REQUIRE(frames.back().size == glm::ivec2(160, 120));
    }
    std::string counts;
    for (const test::Rgba& frame : frames) counts += std::to_string(hand_pixels(frame)) + " ";
    INFO("hand pixels per frame: " << counts);
    // The hands work before the change and after the turn; while the client turns (a second of the
    // video) they stand back. After it, the IT band release's one fist on the side-lying thigh
    // covers about 190 of the 19,200 pixels, its forearm partly behind the thigh.
    for (int i : {0, 5, 9, 16, 19}) CHECK(hand_pixels(frames[std::size_t(i)]) > 120);
    for (int i : {10, 11, 12, 13}) CHECK(hand_pixels(frames[std::size_t(i)]) == 0);
    // Meanwhile the leg moves: the frames of the turn differ from each other and from where it lands.
    CHECK(test::compare(frames[11], frames[13]).max > 40);
    CHECK(test::compare(frames[13], frames[19]).max > 40);
  }

  TEST_CASE("kneeviz record burns the captions into the video") {
    REQUIRE_MESSAGE(test::on_path("ffmpeg"), "ffmpeg is not installed (tools/setup.sh installs it)");
    const test::TempDir dir;
    const std::vector<std::string> clip = {
        "record", "--technique", "front-thigh-glide", "--duration", "0.2", "--fps",
        "5",      "--size",      "320x180",           "--msaa",     "1"};
    std::vector<std::string> video = clip, frames = clip;
    video.insert(video.end(), {"--out", (dir / "clip.mp4").string()});
    frames.insert(frames.end(), {"--out", (dir / "frames").string()});
    REQUIRE(test::run_program(dir, KNEEVIZ_EXECUTABLE, video).exit_code == 0);
    REQUIRE(test::run_program(dir, KNEEVIZ_EXECUTABLE, frames).exit_code == 0);
    REQUIRE(test::run_program(dir, "ffmpeg",
                              {"-loglevel", "error", "-i", (dir / "clip.mp4").string(), "-frames:v", "1",
                               (dir / "decoded.png").string()},
                              "")
                .exit_code == 0);
    const test::Rgba decoded = test::load_png(dir / "decoded.png"),
                     plain = test::load_png(dir / "frames" / "frame-00000.png");
    REQUIRE(decoded.size == plain.size);
    // The same picture (within the encoder's loss) above the caption; below, the caption's dark box
    // and light type where the plain frame shows the leg and background. Compared by brightness:
    // H.264 keeps colour at half the resolution, so sharp coloured edges (the highlighted thigh, the
    // blue hands) differ in colour by however many of them the frame shows.
    const auto luma = [](const glm::vec4& c) { return 0.299 * c.r + 0.587 * c.g + 0.114 * c.b; };
    const auto mean_difference = [&](int top, int bottom) {
      double sum = 0.0;
      for (int y = top; y < bottom; ++y)
        for (int x = 0; x < plain.size.x; ++x)
          sum += std::abs(luma(glm::vec4(decoded.at(x, y))) - luma(glm::vec4(plain.at(x, y))));
      return sum / ((bottom - top) * plain.size.x);
    };
    const double above = mean_difference(0, 100), caption = mean_difference(140, 170);
    MESSAGE("mean difference above the caption " << above << ", in its band " << caption);
    // The encoder's loss on a small 320x180 frame: a few levels on average.
    CHECK(above < 6.0);
    CHECK(caption > 3.0 * above + 10.0);
  }

}  // TEST_SUITE("gl")
