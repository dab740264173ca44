// Lessons from the command line: listed, and checked with every problem's file, line and field.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/processes.h"
#include "support/test_files.h"

using namespace kneeviz;

TEST_SUITE("cpu") {
  TEST_CASE("kneeviz list lessons --json lists the shipped lesson") {
    const test::TempDir dir;
    const test::Run run = test::run_program(dir, KNEEVIZ_EXECUTABLE, {"list", "lessons", "--json"});
    REQUIRE(run.exit_code == 0);
    const nlohmann::json lessons = nlohmann::json::parse(run.out);
    REQUIRE(lessons.is_array());
    bool found = false;
    for (const auto& l : lessons) found |= l["id"] == "massage-for-knee-pain" && l["steps"].get<int>() >= 20;
    CHECK(found);
  }

  TEST_CASE(
      "kneeviz check validates the shipped lessons and techniques and reports every problem of a bad "
      "lesson") {
    const test::TempDir dir;
    const test::Run good = test::run_program(dir, KNEEVIZ_EXECUTABLE,
                                             {"check", std::string(KNEEVIZ_SOURCE_DIR) + "/assets/techniques",
                                              std::string(KNEEVIZ_SOURCE_DIR) + "/assets/lessons"});
    INFO(good.err);
    CHECK(good.exit_code == 0);
    CHECK(good.out.find("11 files valid") != std::string::npos);

    const auto bad = dir / "short-tour.json";
    test::write_text(
        bad,
        "{\n  \"format_version\": 1,\n  \"id\": \"short-tour\",\n  \"title\": \"Short tour\",\n"
        "  \"summary\": \"Two steps.\",\n  \"steps\": [\n"
        "    {\"caption\": \"\", \"duration_s\": 5},\n"
        "    {\"caption\": \"The knee.\", \"duration_s\": -2, \"technique\": \"foot-rub\"}\n  ]\n}\n");
    const test::Run run = test::run_program(dir, KNEEVIZ_EXECUTABLE, {"check", bad.string()});
    CHECK(run.exit_code == 1);
    CHECK(run.err.find(bad.string() + ":7:") != std::string::npos);  // the empty caption
    CHECK(run.err.find("steps[0].caption") != std::string::npos);
    CHECK(run.err.find("steps[1].duration_s") != std::string::npos);
    CHECK(run.err.find("foot-rub") != std::string::npos);
    CHECK(run.err.find("kneeviz check: ") != std::string::npos);  // the count of problems closes the report
  }

  TEST_CASE("kneeviz check reads every kind of content file by what it holds and refuses an empty folder") {
    const test::TempDir dir;
    const std::string assets = std::string(KNEEVIZ_SOURCE_DIR) + "/assets";
    // The shipped region mapping and clinic content are valid as what they are (not techniques).
    const auto scene = dir / "knee.json";
    test::write_text(scene,
                     "{\"format_version\": 1, \"camera\": {\"target\": [0, 0.5, 0], \"distance\": 1.5, "
                     "\"yaw_deg\": 20, \"pitch_deg\": 10}}\n");
    const test::Run good =
        test::run_program(dir, KNEEVIZ_EXECUTABLE,
                          {"check", assets + "/regions.json", assets + "/clinic.json", scene.string()});
    INFO(good.err);
    CHECK(good.exit_code == 0);
    CHECK(good.out.find("3 files valid") != std::string::npos);

    // Each kind's own reader reports its own errors.
    const auto bad_scene = dir / "bad-scene.json";
    test::write_text(bad_scene, "{\"format_version\": 1,\n \"camera\": {\"distance\": -1}}\n");
    const auto bad_clinic = dir / "bad-clinic.json";
    test::write_text(bad_clinic, "{\"format_version\": 1, \"safety\": 3}\n");
    const auto bad_regions = dir / "bad-regions.json";
    test::write_text(bad_regions, "{\"format_version\": 1, \"groups\": [}\n");
    const auto stranger = dir / "package.json";
    test::write_text(stranger, "{\"name\": \"left-pad\"}\n");
    const test::Run bad = test::run_program(
        dir, KNEEVIZ_EXECUTABLE,
        {"check", bad_scene.string(), bad_clinic.string(), bad_regions.string(), stranger.string()});
    INFO(bad.err);
    CHECK(bad.exit_code == 1);
    CHECK(bad.err.find(bad_scene.string() + ":2:") != std::string::npos);
    CHECK(bad.err.find("camera.distance") != std::string::npos);
    CHECK(bad.err.find(bad_clinic.string() + ":1:") != std::string::npos);
    CHECK(bad.err.find("safety") != std::string::npos);
    CHECK(bad.err.find(bad_regions.string() + ":1:") != std::string::npos);
    CHECK(bad.err.find("malformed JSON") != std::string::npos);
    CHECK(bad.err.find(stranger.string() + ": not a kneeviz content file") != std::string::npos);
    CHECK(bad.err.find("kneeviz check: 4 problems") !=
          std::string::npos);  // one each, none read as a technique

    // A folder with nothing to check is an error, not "0 files valid".
    const auto empty = dir / "empty";
    std::filesystem::create_directories(empty);
    const test::Run none = test::run_program(dir, KNEEVIZ_EXECUTABLE, {"check", empty.string()});
    CHECK(none.exit_code == 1);
    CHECK(none.err.find(empty.string() + ": the folder holds no .json files") != std::string::npos);
    CHECK(none.out.find("valid") == std::string::npos);
  }

}  // TEST_SUITE("cpu")
