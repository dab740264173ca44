// Bad lesson files: each kind of error names the file, the real line and column, the field and
// what was expected, and a file with several errors reports all of them. Every case edits a small
// valid lesson (kValid) in one or a few places.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "lesson/lesson.h"
#include "support/test_files.h"

using kneeviz::anatomy::RegionCatalogue;
using namespace kneeviz::lesson;

namespace {

// Line numbers matter below: line 1 is the opening brace.
const std::string kValid = R"({
  "format_version": 1,
  "id": "test-lesson",
  "title": "Test lesson",
  "summary": "A lesson for the tests.",
  "steps": [
    {
      "caption": "Safety first.",
      "duration_s": 8,
      "show_safety": true
    },
    {
      "caption": "The front thigh.",
      "duration_s": 10,
      "view": {"yaw_deg": -30, "pitch_deg": 10},
      "frame": "quadriceps",
      "layers": {"skin": 0.3, "muscles": 1},
      "highlight": ["quadriceps"],
      "technique": "front-thigh-glide",
      "technique_from_s": 12,
      "technique_to_s": 24
    }
  ]
}
)";

const std::vector<std::string> kTechniqueIds = {"front-thigh-glide", "thigh-tapping"};

// kValid with the first occurrence of each `from` replaced by its `to` (which must exist).
std::string edited(const std::vector<std::pair<std::string, std::string>>& edits) {
  std::string text = kValid;
  for (const auto& [from, to] : edits) {
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, from);
    text.replace(at, from.size(), to);
  }
  return text;
}

LessonError error_of(const std::string& text) {
  static const RegionCatalogue catalogue = RegionCatalogue::builtin();
  try {
    parse_lesson(text, "test.json", &catalogue, &kTechniqueIds);
  } catch (const LessonError& error) {
    return error;
  }
  FAIL("the lesson was accepted");
  return LessonError(std::vector<LessonProblem>{});
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the valid test lesson parses with every field") {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    const Lesson lesson = parse_lesson(kValid, "test.json", &catalogue, &kTechniqueIds);
    CHECK(lesson.id == "test-lesson");
    REQUIRE(lesson.steps.size() == 2);
    CHECK(lesson.steps[0].show_safety);
    CHECK(!lesson.steps[0].view);
    const LessonStep& step = lesson.steps[1];
    REQUIRE(step.view);
    CHECK(step.view->yaw_deg == doctest::Approx(-30));
    CHECK(step.view->pitch_deg == doctest::Approx(10));
    CHECK(step.frame == "quadriceps");
    CHECK(step.layers.size() == 2);
    CHECK(step.layers.at("skin") == doctest::Approx(0.3));
    CHECK(step.highlight == std::vector<std::string>{"quadriceps"});
    CHECK(step.technique == "front-thigh-glide");
    CHECK(step.technique_from_s == doctest::Approx(12));
    CHECK(step.technique_to_s == doctest::Approx(24));
    CHECK(total_duration(lesson) == doctest::Approx(18));
  }

  TEST_CASE("a view preset name stands for its angles") {
    const Lesson lesson =
        parse_lesson(edited({{R"({"yaw_deg": -30, "pitch_deg": 10})", R"("posterior")"}}), "t");
    REQUIRE(lesson.steps[1].view);
    CHECK(lesson.steps[1].view->yaw_deg == doctest::Approx(180));
  }

  TEST_CASE("a lesson of more steps than any class takes is refused at its steps") {
    std::string steps;
    for (int i = 0; i < 501; ++i)
      steps += std::string(i ? ", " : "") + R"({"caption": "Again.", "duration_s": 1})";
    const LessonError error = error_of(edited({{R"("steps": [)", R"("steps": [)" + steps + ","}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.field() == "steps");
    CHECK(std::string(error.what())
              .find("steps: found 503 items; expected a non-empty array of steps of at most 500") !=
          std::string::npos);
  }

  TEST_CASE("a missing caption names the file line and field") {
    const LessonError error = error_of(edited({{R"("caption": "The front thigh.",)", ""}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.file() == "test.json");
    CHECK(error.line() == 12);  // a missing member points at its object
    CHECK(error.field() == "steps[1].caption");
    CHECK(error.problems().front().message == "missing");
    CHECK(std::string(error.what()).find("test.json:12:") == 0);
  }

  TEST_CASE("a key given twice names the second one as people read fields") {
    const LessonError error =
        error_of(edited({{R"("duration_s": 10,)", R"("duration_s": 10, "duration_s": 12,)"}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.line() == 14);
    CHECK(error.field() == "steps[1].duration_s");  // not the JSON Pointer "/steps/1/duration_s"
    CHECK(error.problems().front().message == "this key appears twice in the same object");
  }

  TEST_CASE("a negative duration names the file line and field") {
    const LessonError error = error_of(edited({{R"("duration_s": 10)", R"("duration_s": -10)"}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.line() == 14);
    CHECK(error.column() == 7);
    CHECK(error.field() == "steps[1].duration_s");
    CHECK(error.problems().front().message == "found -10");
    CHECK(error.problems().front().expected.find("more than 0") != std::string::npos);
  }

  TEST_CASE("an unknown layer names the file line and field") {
    const LessonError error = error_of(edited({{R"("muscles": 1)", R"("muscle": 1)"}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.line() == 17);
    CHECK(error.field() == "steps[1].layers.muscle");
    CHECK(error.problems().front().message == "unknown layer");
    CHECK(error.problems().front().expected.find("it-band") != std::string::npos);
  }

  // A lesson for another leg names the layers of that leg's catalogue (docs/regions.md).
  TEST_CASE("a lesson's layers are those of the catalogue it is checked against") {
    const RegionCatalogue own = RegionCatalogue::from_string(R"({
      "format_version": 1,
      "layers": [{"id": "skin", "name": "Skin", "envelope": true}, {"id": "deep", "name": "Deep"}],
      "groups": [{"id": "quadriceps", "name": "Quadriceps", "colour": "#0072b2", "description": "Front.",
                  "layer": "deep"}],
      "structures": [{"id": "rectus-femoris", "name": "Rectus femoris", "group": "quadriceps",
                      "description": "Front."}],
      "meshes": {"rectus-femoris": "rectus-femoris"}
    })",
                                                             "own.json");
    const Lesson lesson =
        parse_lesson(edited({{R"("muscles": 1)", R"("deep": 1)"}}), "test.json", &own, &kTechniqueIds);
    CHECK(lesson.steps[1].layers.at("deep") == doctest::Approx(1.0));
    try {
      parse_lesson(kValid, "test.json", &own, &kTechniqueIds);
      FAIL("the built-in layer \"muscles\" was accepted");
    } catch (const LessonError& error) {
      REQUIRE(error.problems().size() == 1);
      CHECK(error.field() == "steps[1].layers.muscles");
      CHECK(error.problems().front().expected == "one of: skin, deep");
    }
  }

  TEST_CASE("an opacity above 1 is refused") {
    const LessonError error = error_of(edited({{R"("skin": 0.3)", R"("skin": 30)"}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.field() == "steps[1].layers.skin");
    CHECK(error.line() == 17);
  }

  TEST_CASE("an unknown technique names the file line and field") {
    const LessonError error =
        error_of(edited({{R"("technique": "front-thigh-glide")", R"("technique": "back-rub")"}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.line() == 19);
    CHECK(error.field() == "steps[1].technique");
    CHECK(error.problems().front().message.find("back-rub") != std::string::npos);
    // Without the list of ids the technique is not checked.
    CHECK_NOTHROW(parse_lesson(edited({{R"("front-thigh-glide")", R"("back-rub")"}}), "t"));
  }

  TEST_CASE("unknown groups and structures are reported against the catalogue") {
    const LessonError error = error_of(edited({{R"("frame": "quadriceps")", R"("frame": "quads")"},
                                               {R"(["quadriceps"])", R"(["vastus-lateralis"])"}}));
    REQUIRE(error.problems().size() == 2);
    CHECK(error.problems()[0].field == "steps[1].frame");
    CHECK(error.problems()[0].line == 16);
    CHECK(error.problems()[1].field == "steps[1].highlight[0]");
    CHECK(error.problems()[1].line == 18);
    CHECK(error.problems()[1].message.find("a structure") != std::string::npos);
  }

  TEST_CASE("a technique time range must run forward") {
    const LessonError error = error_of(edited({{R"("technique_to_s": 24)", R"("technique_to_s": 5)"}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.field() == "steps[1].technique_to_s");
    CHECK(error.line() == 21);
    CHECK(error.problems().front().expected.find("technique_from_s") != std::string::npos);
  }

  TEST_CASE("a lesson without steps is refused") {
    std::string text = kValid;
    text = text.substr(0, text.find("\"steps\"")) + "\"steps\": []\n}\n";
    const LessonError error = error_of(text);
    REQUIRE(error.problems().size() == 1);
    CHECK(error.field() == "steps");
    CHECK(error.line() == 6);
  }

  TEST_CASE("malformed JSON names the line and column") {
    const LessonError error = error_of(edited({{R"("duration_s": 8,)", R"("duration_s": 8,,)"}}));
    REQUIRE(error.problems().size() == 1);
    CHECK(error.line() == 9);
    CHECK(error.column() == 23);
    CHECK(error.field().empty());
    CHECK(error.problems().front().message.find("malformed JSON") == 0);
  }

  TEST_CASE("a file with several errors reports them all in line order") {
    const LessonError error = error_of(edited({{R"("caption": "Safety first.",)", ""},
                                               {R"("show_safety": true)", R"("show_safety": "yes")"},
                                               {R"("duration_s": 10)", R"("duration_s": 0)"},
                                               {R"("muscles": 1)", R"("tendons": 1)"},
                                               {R"("front-thigh-glide")", R"("back-rub")"}}));
    REQUIRE(error.problems().size() == 5);
    std::vector<std::string> fields;
    int last_line = 0;
    for (const LessonProblem& problem : error.problems()) {
      fields.push_back(problem.field);
      CHECK(problem.line >= last_line);
      last_line = problem.line;
      CHECK(problem.file == "test.json");
    }
    CHECK(fields == std::vector<std::string>{"steps[0].caption", "steps[0].show_safety",
                                             "steps[1].duration_s", "steps[1].layers.tendons",
                                             "steps[1].technique"});
    // what() has one line per problem.
    const std::string what = error.what();
    CHECK(std::count(what.begin(), what.end(), '\n') == 4);
  }

  TEST_CASE("a file whose id differs from its name is refused and a folder reports every file") {
    kneeviz::test::TempDir folder;
    kneeviz::test::write_text(folder / "test-lesson.json", kValid);
    kneeviz::test::write_text(folder / "other.json", kValid);
    kneeviz::test::write_text(folder / "broken.json", "{");
    try {
      load_lesson_folder(folder.path());
      FAIL("the folder was accepted");
    } catch (const LessonError& error) {
      REQUIRE(error.problems().size() == 2);
      CHECK(error.problems()[0].file.find("broken.json") != std::string::npos);
      CHECK(error.problems()[1].file.find("other.json") != std::string::npos);
      CHECK(error.problems()[1].field == "id");
    }
    std::filesystem::remove(folder / "other.json");
    std::filesystem::remove(folder / "broken.json");
    const std::vector<Lesson> lessons = load_lesson_folder(folder.path());
    REQUIRE(lessons.size() == 1);
    CHECK(lessons[0].id == "test-lesson");
    CHECK_THROWS_AS(read_lesson_file(folder / "missing.json"), LessonError);
  }
}
