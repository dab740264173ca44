// The command line, parsed from argv arrays as main() receives them.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "app/cli.h"
#include "app/options.h"
#include "support/doctest_glm.h"

using namespace kneeviz;
using app::Command;

namespace {

app::ParsedCommandLine parse(std::initializer_list<const char*> arguments) {
  std::vector<std::string> storage{"kneeviz"};
  storage.insert(storage.end(), arguments.begin(), arguments.end());
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  return app::parse_command_line(int(storage.size()), argv.data());
}

void check_usage_error(std::initializer_list<const char*> arguments) {
  const app::ParsedCommandLine parsed = parse(arguments);
  CHECK_FALSE(parsed.options);
  CHECK(parsed.exit_code == 2);
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("no arguments: the viewer with the defaults") {
    const auto parsed = parse({});
    REQUIRE(parsed.options);
    CHECK(parsed.exit_code == 0);
    const app::Options& o = *parsed.options;
    CHECK(o.command == Command::view);
    CHECK(o.model.empty());
    CHECK(o.knee_flexion_deg == 0.f);
    CHECK(o.view == scene::kViewPresets[0].angles);
    CHECK(o.exit_after_frames == 0);
  }

  TEST_CASE("render with out size view hide knee-flexion msaa and model options") {
    const auto parsed =
        parse({"render", "--out", "leg.png", "--size", "640x480", "--view", "lateral", "--hide", "skin,fat",
               "--knee-flexion", "45", "--msaa", "4", "--model", "some/leg.glb"});
    REQUIRE(parsed.options);
    const app::Options& o = *parsed.options;
    CHECK(o.command == Command::render);
    CHECK(o.out == "leg.png");
    CHECK(o.size == glm::ivec2(640, 480));
    CHECK(o.view == *scene::parse_view("lateral"));
    CHECK(o.hidden == std::vector<std::string>{"skin", "fat"});
    CHECK(o.knee_flexion_deg == doctest::Approx(45.f));
    CHECK(o.msaa_samples == 4);
    CHECK(o.model == "some/leg.glb");
  }

  TEST_CASE("render defaults and a YAW PITCH view") {
    const auto parsed =
        parse({"render", "--out", "x.png", "--view", "30,-10", "--hide", "skin", "--hide", "patella"});
    REQUIRE(parsed.options);
    const app::Options& o = *parsed.options;
    CHECK(o.size == glm::ivec2(1600, 1200));
    CHECK(o.msaa_samples == 8);
    CHECK(o.view.yaw_deg == doctest::Approx(30.f));
    CHECK(o.view.pitch_deg == doctest::Approx(-10.f));
    CHECK(o.hidden == std::vector<std::string>{"skin", "patella"});
  }

  TEST_CASE("info --json --model") {
    const auto parsed = parse({"info", "--json", "--model", "m.gltf"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->command == Command::info);
    CHECK(parsed.options->json);
    CHECK(parsed.options->model == "m.gltf");
    const auto table = parse({"info"});
    REQUIRE(table.options);
    CHECK_FALSE(table.options->json);
  }

  TEST_CASE("viewer testing options") {
    const auto parsed = parse({"--model", "m.glb", "--exit-after-frames", "30", "--screenshot", "shot.png",
                               "--knee-flexion", "120"});
    REQUIRE(parsed.options);
    CHECK(parsed.options->command == Command::view);
    CHECK(parsed.options->exit_after_frames == 30);
    CHECK(parsed.options->screenshot == "shot.png");
    CHECK(parsed.options->knee_flexion_deg == doctest::Approx(120.f));
  }

  TEST_CASE("bad usage exits with code 2 and no options") {
    check_usage_error({"render", "--out", "x.png", "--size", "big"});
    check_usage_error({"render", "--out", "x.png", "--size", "8x8"});
    check_usage_error({"render", "--out", "x.png", "--size", "640x"});
    check_usage_error({"render", "--out", "x.png", "--view", "sideways"});
    check_usage_error({"render", "--out", "x.png", "--view", "0,95"});
    check_usage_error({"render", "--out", "x.png", "--knee-flexion", "200"});
    check_usage_error({"render", "--out", "x.png", "--knee-flexion", "-5"});
    check_usage_error({"--knee-flexion", "121"});
    check_usage_error({"render", "--out", "x.png", "--msaa", "0"});
    check_usage_error({"render"});  // --out is required
    check_usage_error({"--no-such-option"});
    check_usage_error({"paint"});
    check_usage_error({"render", "--out", "x.png", "--knee-flexion", "lots"});
  }

  TEST_CASE("--version and --help exit with code 0 and no options") {
    for (auto arguments :
         {std::initializer_list<const char*>{"--version"}, std::initializer_list<const char*>{"--help"},
          std::initializer_list<const char*>{"render", "--help"}}) {
      const auto parsed = parse(arguments);
      CHECK_FALSE(parsed.options);
      CHECK(parsed.exit_code == 0);
    }
  }

  TEST_CASE("parse_size") {
    CHECK(app::parse_size("1920x1080") == glm::ivec2(1920, 1080));
    CHECK(app::parse_size("16x16") == glm::ivec2(16, 16));
    CHECK(app::parse_size("8192x8192") == glm::ivec2(8192, 8192));
    CHECK(app::parse_size("16x8192") == glm::ivec2(16, 8192));
    for (const char* bad :
         {"",           "x",          "1920",        "1920x",    "x1080",    "15x100",          "100x15",
          "8193x100",   "100x8193",   "0x0",         "-100x100", "100x-100", "1920X1080",       "1920*1080",
          " 1920x1080", "1920x1080 ", "1920x1080x3", "19.5x100", "1e3x100",  "99999999999x100", "100xx100",
          "+100x100"}) {
      CAPTURE(bad);
      CHECK_FALSE(app::parse_size(bad));
    }
  }

}  // TEST_SUITE
