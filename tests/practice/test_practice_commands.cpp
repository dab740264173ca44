// kneeviz practice from the command line, as a teacher would run it.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/processes.h"
#include "support/test_files.h"

using namespace kneeviz;

TEST_SUITE("cpu") {

TEST_CASE("kneeviz practice writes a reference that scores full marks and names a trace of another technique") {
  const test::TempDir dir;
  const auto reference = dir / "ref.json";
  const test::Run wrote = test::run_program(
      dir, KNEEVIZ_EXECUTABLE, {"practice", "reference", "--technique", "calf-glide", "--out", reference.string()});
  INFO(wrote.err);
  REQUIRE(wrote.exit_code == 0);
  const nlohmann::json trace = nlohmann::json::parse(test::read_text(reference), nullptr, false);
  REQUIRE_FALSE(trace.is_discarded());
  CHECK(trace["format_version"] == 1);
  CHECK(trace["technique"] == "calf-glide");
  CHECK(trace["samples"].size() > 100);
  CHECK(trace["samples"][0].contains("pressure"));

  const test::Run scored = test::run_program(
      dir, KNEEVIZ_EXECUTABLE, {"practice", "score", "--technique", "calf-glide", "--trace", reference.string(), "--json"});
  INFO(scored.err);
  REQUIRE(scored.exit_code == 0);
  const nlohmann::json score = nlohmann::json::parse(scored.out, nullptr, false);
  REQUIRE_FALSE(score.is_discarded());
  for (const char* figure : {"placement", "direction", "tempo", "pressure", "order", "safety", "overall"}) {
    CAPTURE(figure);
    CHECK(score[figure].get<int>() >= 90);
  }
  CHECK(score["feedback"].is_array());

  const test::Run other = test::run_program(
      dir, KNEEVIZ_EXECUTABLE, {"practice", "score", "--technique", "knee-friction", "--trace", reference.string()});
  CHECK(other.exit_code == 1);
  CHECK(other.err.find(reference.string() + ": technique: this is a trace of 'calf-glide', not of 'knee-friction'") !=
        std::string::npos);
  const test::Run unknown = test::run_program(
      dir, KNEEVIZ_EXECUTABLE, {"practice", "reference", "--technique", "foot-rub", "--out", reference.string()});
  CHECK(unknown.exit_code == 2);
  CHECK(unknown.err.find("foot-rub") != std::string::npos);
}

}  // TEST_SUITE
