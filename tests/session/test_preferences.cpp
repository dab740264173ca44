// The window's preferences (session/preferences.h): a round trip, the defaults for a missing file,
// and a bad file reported by its field, kept aside and never read twice.

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "session/preferences.h"
#include "support/test_files.h"

namespace kneeviz::session {

TEST_SUITE("cpu") {
  TEST_CASE("preferences round-trip and a missing file gives the defaults") {
    const test::TempDir dir;
    const auto file = dir / "preferences.json";
    std::string message = "stale";
    CHECK(read_preferences(file, &message) == Preferences{});
    CHECK(message.empty());

    Preferences written;
    written.window = WindowPlacement{-1200, 35, 1024, 700, true};  // on a monitor left of the primary
    written.ui_scale = 1.75f;
    written.exports = ExportSettings{"knee lesson.mp4", 2, 25};
    written.practice = PracticeSettings{"Zoë Berg", false};
    write_preferences(file, written);
    CHECK(read_preferences(file, &message) == written);
    CHECK(message.empty());
    // Only what was set is written: a first start keeps following the monitor's DPI.
    write_preferences(file, Preferences{});
    CHECK(test::read_text(file).find("ui_scale") == std::string::npos);
    CHECK(read_preferences(file) == Preferences{});
  }

  TEST_CASE("a bad preferences file names its field and is kept aside so it fails once") {
    const test::TempDir dir;
    const auto file = dir / "preferences.json";
    struct Bad {
      const char* text;
      const char* said;
    };
    for (const Bad bad :
         {Bad{"{ \"format_version\": 1, \"ui_scale\": 9 }", "\"ui_scale\": expected a number from 1 to 2.5"},
          Bad{"{ \"format_version\": 1, \"window\": {\"x\": 1, \"y\": 2, \"width\": 0, \"height\": 5} }",
              "\"window\".\"width\": expected 1 to 32768, found 0"},
          Bad{"{ \"format_version\": 1, \"export\": {\"file\": \"a.png\", \"size\": 1, \"fps\": 500} }",
              "\"export\".\"fps\": expected 10 to 60, found 500"},
          Bad{"{ \"format_version\": 1, \"practice\": {\"follow_me\": \"yes\"} }",
              "\"practice\".\"follow_me\": expected true or false"},
          Bad{"{ \"format_version\": 0 }", "expected an object with \"format_version\": 1"},
          Bad{"{ \"format_version\": 1, ", "malformed JSON"},
          Bad{"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
              "[[[[[[[["
              "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
              "[[[[[[["
              "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["
              "[[[[[",
              "nested deeper than 256 levels"}}) {
      CAPTURE(bad.text);
      for (const std::string& name : test::list_folder(dir.path())) std::filesystem::remove(dir / name);
      test::write_text(file, bad.text);
      std::string message;
      CHECK(read_preferences(file, &message) == Preferences{});
      CHECK(message.find(file.string()) != std::string::npos);
      CHECK(message.find(bad.said) != std::string::npos);
      CHECK(message.find("kept as") != std::string::npos);
      // Kept for the user, out of the way: the next start reads no file and says nothing.
      const std::vector<std::string> kept = test::list_folder(dir.path());
      REQUIRE(kept.size() == 1);
      CHECK(kept[0].starts_with("preferences.json.unreadable-"));
      CHECK(message.find(kept[0]) != std::string::npos);
      CHECK(test::read_text(dir / kept[0]) == bad.text);
      CHECK_FALSE(std::filesystem::exists(file));
      CHECK(read_preferences(file, &message) == Preferences{});
      CHECK(message.empty());
    }
  }

  TEST_CASE("preferences from a newer kneeviz are left as they are and not written over") {
    const test::TempDir dir;
    const auto file = dir / "preferences.json";
    test::write_text(file, "{ \"format_version\": 2, \"ui_scale\": 1.5, \"toolbar\": \"left\" }");
    std::string message;
    bool left_in_place = false;
    CHECK(read_preferences(file, &message, &left_in_place) == Preferences{});
    CHECK(left_in_place);
    CHECK(message.find("newer kneeviz, format version 2") != std::string::npos);
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"preferences.json"});
  }

}  // TEST_SUITE

}  // namespace kneeviz::session
