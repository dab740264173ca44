// kneeviz practice from the command line, as a teacher would run it.
#include <doctest/doctest.h>

#include <algorithm>

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

TEST_CASE("kneeviz practice keeps a named learner's attempts and exports them as CSV") {
  const test::TempDir dir;
  const auto reference = dir / "ref.json";
  const std::string environment = "-u DISPLAY -u WAYLAND_DISPLAY XDG_DATA_HOME=" + (dir / "data").string();
  REQUIRE(test::run_program(dir, KNEEVIZ_EXECUTABLE,
                            {"practice", "reference", "--technique", "calf-glide", "--out", reference.string()})
              .exit_code == 0);
  for (int i = 0; i < 2; ++i) {
    const test::Run scored = test::run_program(dir, KNEEVIZ_EXECUTABLE,
                                               {"practice", "score", "--technique", "calf-glide", "--trace",
                                                reference.string(), "--learner", "Anna Berg", "--json"},
                                               environment);
    INFO(scored.err);
    REQUIRE(scored.exit_code == 0);
    const nlohmann::json score = nlohmann::json::parse(scored.out, nullptr, false);
    REQUIRE_FALSE(score.is_discarded());
    CHECK(score["history"]["attempts"] == i + 1);
  }
  const auto file = dir / "data" / "kneeviz" / "learners" / "Anna%20Berg.json";
  const nlohmann::json kept = nlohmann::json::parse(test::read_text(file), nullptr, false);
  REQUIRE_FALSE(kept.is_discarded());
  CHECK(kept["learner"] == "Anna Berg");
  REQUIRE(kept["attempts"].size() == 2);
  CHECK(kept["attempts"][0]["technique"] == "calf-glide");
  CHECK(kept["attempts"][0]["guide"] == "file");
  CHECK(kept["attempts"][0]["overall"].get<int>() >= 90);

  const test::Run table =
      test::run_program(dir, KNEEVIZ_EXECUTABLE, {"practice", "history", "--learner", "Anna Berg"}, environment);
  INFO(table.err);
  CHECK(table.exit_code == 0);
  CHECK(table.out.find("Anna Berg: 2 attempts") != std::string::npos);
  CHECK(table.out.find("calf-glide") != std::string::npos);

  const auto csv = dir / "anna.csv";
  const test::Run exported = test::run_program(
      dir, KNEEVIZ_EXECUTABLE, {"practice", "history", "--learner", "Anna Berg", "--csv", csv.string()}, environment);
  CHECK(exported.exit_code == 0);
  const std::string text = test::read_text(csv);
  CHECK(text.starts_with("learner,technique,when,guide,placement"));
  CHECK(std::count(text.begin(), text.end(), '\n') == 3);

  // A name that is not kept, and one that cannot be, are refused in words.
  const test::Run nobody =
      test::run_program(dir, KNEEVIZ_EXECUTABLE, {"practice", "history", "--learner", "Ben"}, environment);
  CHECK(nobody.exit_code == 1);
  CHECK(nobody.err.find("no practice history for Ben") != std::string::npos);
  CHECK(nobody.err.find("learners with one: Anna Berg") != std::string::npos);
  const test::Run blank = test::run_program(dir, KNEEVIZ_EXECUTABLE,
                                            {"practice", "score", "--technique", "calf-glide", "--trace",
                                             reference.string(), "--learner", " "},
                                            environment);
  CHECK(blank.exit_code == 2);
  CHECK(blank.err.find("a learner needs a name") != std::string::npos);

  // A history that cannot be read is kept aside, and the next attempt starts a new one.
  test::write_text(file, "{ not json");
  const test::Run after = test::run_program(dir, KNEEVIZ_EXECUTABLE,
                                            {"practice", "score", "--technique", "calf-glide", "--trace",
                                             reference.string(), "--learner", "Anna Berg"},
                                            environment);
  CHECK(after.exit_code == 0);
  CHECK(after.err.find("could not read Anna Berg's practice history") != std::string::npos);
  CHECK(after.out.find("(1 attempt)") != std::string::npos);
  bool kept_aside = false;
  for (const std::string& name : test::list_folder(file.parent_path()))
    kept_aside = kept_aside || (name.starts_with("Anna%20Berg.json.unreadable-") &&
                                test::read_text(file.parent_path() / name) == "{ not json");
  CHECK(kept_aside);
}

}  // TEST_SUITE
