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

TEST_CASE("kneeviz check validates the shipped lessons and techniques and reports every problem of a bad lesson") {
  const test::TempDir dir;
  const test::Run good = test::run_program(
      dir, KNEEVIZ_EXECUTABLE,
      {"check", std::string(KNEEVIZ_SOURCE_DIR) + "/assets/techniques", std::string(KNEEVIZ_SOURCE_DIR) + "/assets/lessons"});
  INFO(good.err);
  CHECK(good.exit_code == 0);
  CHECK(good.out.find("11 files valid") != std::string::npos);

  const auto bad = dir / "short-tour.json";
  test::write_text(bad,
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

}  // TEST_SUITE("cpu")
