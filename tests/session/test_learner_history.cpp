// A learner's practice history (session/learner_history.h): attempts added and read back, names
// as file names, a bad file kept aside with a message and nothing lost, a newer one never written
// over, the XDG data folder, and the CSV an instructor exports.

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "io/atomic_file.h"
#include "session/learner_history.h"
#include "support/test_files.h"

namespace kneeviz::session {

namespace {

Attempt attempt(const std::string& technique, int overall) {
  return Attempt{technique, "2026-12-02T10:00:00Z", "follow-me", 80, 90, 70, 100, 100, 100, overall, ""};
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("attempts are added to a learner's file and read back in order") {
    const test::TempDir dir;
    const auto file = learner_file(dir.path(), "Anna Berg");
    CHECK(file.filename() == "Anna%20Berg.json");
    std::string message = "stale";
    CHECK(read_learner(file, "Anna Berg", &message).attempts.empty());
    CHECK(message.empty());

    record_attempt(file, "Anna Berg", attempt("calf-glide", 71));
    Attempt failed = attempt("hamstring-glide", 40);
    failed.safety = 0;
    failed.safety_zone = "Popliteal fossa";
    const LearnerRecord written = record_attempt(file, "Anna Berg", failed, &message);
    CHECK(message.empty());
    REQUIRE(written.attempts.size() == 2);
    const LearnerRecord read = read_learner(file, "Anna Berg", &message);
    CHECK(message.empty());
    CHECK(read.learner == "Anna Berg");
    REQUIRE(read.attempts.size() == 2);
    CHECK(read.attempts[0] == attempt("calf-glide", 71));
    CHECK(read.attempts[1] == failed);
    // Nothing but the learner's file is left in the folder: no temporaries.
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"Anna%20Berg.json"});
  }

  TEST_CASE("learner names become file names both ways and bad ones are refused in words") {
    const test::TempDir dir;
    for (const std::string name : {"Anna Berg", "Zoë", "o'brien/../x", "100%", "a.json"}) {
      CAPTURE(name);
      record_attempt(learner_file(dir.path(), name), name, attempt("calf-glide", 50));
      // No name reaches outside the folder.
      CHECK(learner_file(dir.path(), name).parent_path() == dir.path());
    }
    test::write_text(dir / "notes.txt", "not a learner");
    test::write_text(dir / "bad%zz.json", "{}");
    // In byte order, as a listing shows them.
    CHECK(learners_in(dir.path()) ==
          std::vector<std::string>{"100%", "Anna Berg", "Zoë", "a.json", "o'brien/../x"});

    CHECK_THROWS_WITH_AS(learner_file(dir.path(), ""), doctest::Contains("needs a name"), LearnerError);
    CHECK_THROWS_WITH_AS(learner_file(dir.path(), "   "), doctest::Contains("needs a name"), LearnerError);
    CHECK_THROWS_WITH_AS(learner_file(dir.path(), std::string(81, 'a')), doctest::Contains("at most 80"),
                         LearnerError);
    CHECK_THROWS_WITH_AS(learner_file(dir.path(), "tab\there"), doctest::Contains("control character"),
                         LearnerError);
    CHECK_THROWS_WITH_AS(learner_file(dir.path(), "\xC3\x28"), doctest::Contains("UTF-8"), LearnerError);
  }

  TEST_CASE("a bad history file is kept aside with a message and the next attempt starts afresh") {
    const test::TempDir dir;
    const auto file = learner_file(dir.path(), "Ben");
    struct Bad {
      const char* text;
      const char* said;
    };
    for (const Bad bad :
         {Bad{"{\"format_version\": 1, \"learner\": \"Ben\", \"attempts\": [{\"technique\": \"calf-glide\", "
              "\"when\": \"x\", \"overall\": 101}]}",
              "attempts[0].overall: expected a whole number 0 to 100, found 101"},
          Bad{"{\"format_version\": 1, \"learner\": \"Ben\", \"attempts\": [{\"technique\": \"calf-glide\", "
              "\"when\": \"x\", \"overall\": 5, \"grade\": \"A\"}]}",
              "attempts[0]: unknown field \"grade\""},
          Bad{"{\"format_version\": 1, \"learner\": \"Ann\", \"attempts\": []}",
              "expected \"learner\": \"Ben\""},
          Bad{"{\"format_version\": 1, \"learner\": \"Ben\"", "malformed JSON"},
          Bad{"{\"format_version\": 1, \"learner\": \"Ben\", \"attempts\": [{\"when\": \"x\", \"overall\": "
              "5}]}",
              "attempts[0]: expected \"technique\""}}) {
      CAPTURE(bad.text);
      for (const std::string& name : test::list_folder(dir.path())) std::filesystem::remove(dir / name);
      test::write_text(file, bad.text);
      std::string message;
      const LearnerRecord after = record_attempt(file, "Ben", attempt("calf-glide", 60), &message);
      CHECK(message.find(file.string()) != std::string::npos);
      CHECK(message.find(bad.said) != std::string::npos);
      CHECK(message.find("kept as") != std::string::npos);
      CHECK(after.attempts.size() == 1);
      // The bad file is kept, word for word, beside the new one.
      const std::vector<std::string> kept = test::list_folder(dir.path());
      REQUIRE(kept.size() == 2);
      CHECK(kept[0] == "Ben.json");
      CHECK(kept[1].starts_with("Ben.json.unreadable-"));
      CHECK(test::read_text(dir / kept[1]) == bad.text);
      CHECK(read_learner(file, "Ben", &message).attempts.size() == 1);
      CHECK(message.empty());
    }
  }

  TEST_CASE("a history from a newer kneeviz is left alone and the attempt is refused in words") {
    const test::TempDir dir;
    const auto file = learner_file(dir.path(), "Ben");
    const std::string newer =
        "{\"format_version\": 2, \"learner\": \"Ben\", \"attempts\": [], \"badges\": []}";
    test::write_text(file, newer);
    std::string message;
    bool left_in_place = false;
    CHECK(read_learner(file, "Ben", &message, &left_in_place).attempts.empty());
    CHECK(left_in_place);
    CHECK(message.find("format_version 2") != std::string::npos);
    CHECK_THROWS_WITH_AS(record_attempt(file, "Ben", attempt("calf-glide", 60)),
                         doctest::Contains("newer kneeviz"), io::FileError);
    CHECK(test::read_text(file) == newer);
  }

  TEST_CASE("the CSV has a header and a row an attempt and keeps text from turning into formulas") {
    LearnerRecord record{"=Eve, \"the tester\"", {attempt("calf-glide", 71), attempt("knee-friction", 55)}};
    record.attempts[1].safety = 0;
    record.attempts[1].safety_zone = "Popliteal fossa";
    const std::string csv = attempts_csv(record);
    CHECK(csv.starts_with(
        "learner,technique,when,guide,placement,direction,tempo,pressure,order,safety,overall,"
        "safety_zone\r\n"));
    CHECK(csv.find("\"'=Eve, \"\"the "
                   "tester\"\"\",calf-glide,2026-12-02T10:00:00Z,follow-me,80,90,70,100,100,100,71,\r\n") !=
          std::string::npos);
    CHECK(
        csv.find(",knee-friction,2026-12-02T10:00:00Z,follow-me,80,90,70,100,100,0,55,Popliteal fossa\r\n") !=
        std::string::npos);
    std::size_t lines = 0;
    for (const char c : csv) lines += c == '\n';
    CHECK(lines == 3);
  }

  TEST_CASE("the data folder follows XDG_DATA_HOME or else HOME") {
    const test::TempDir dir;
    const char* xdg = std::getenv("XDG_DATA_HOME");
    const std::string was = xdg ? xdg : "";
    ::setenv("XDG_DATA_HOME", dir.path().c_str(), 1);
    CHECK(learners_dir() == dir.path() / "kneeviz" / "learners");
    CHECK(std::filesystem::is_directory(dir.path() / "kneeviz" / "learners"));
    ::setenv("XDG_DATA_HOME", "relative/path", 1);  // ignored, as the specification says
    const char* home = std::getenv("HOME");
    const std::string home_was = home ? home : "";
    ::setenv("HOME", dir.path().c_str(), 1);
    CHECK(data_dir() == dir.path() / ".local" / "share" / "kneeviz");
    ::setenv("HOME", home_was.c_str(), 1);
    if (was.empty())
      ::unsetenv("XDG_DATA_HOME");
    else
      ::setenv("XDG_DATA_HOME", was.c_str(), 1);
    CHECK(utc_now().size() == 20);
    CHECK(utc_now().ends_with("Z"));
  }

}  // TEST_SUITE

}  // namespace kneeviz::session
