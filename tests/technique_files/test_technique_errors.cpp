// Bad technique files: each kind of error names the file, the real line and column, the field and
// what was expected, and a file with several errors reports all of them. Every case edits a small
// valid technique (kValid) in one or a few places.

#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include "anatomy/region_catalogue.h"
#include "support/test_files.h"
#include "technique/technique.h"
#include "technique/technique_file.h"

using kneeviz::anatomy::RegionCatalogue;
using namespace kneeviz::technique;

namespace {

// Line numbers matter below: line 1 is the opening brace.
const std::string kValid = R"({
  "format_version": 1,
  "id": "test-glide",
  "name": "Test glide",
  "summary": "A glide for the tests.",
  "source": "tests",
  "client_position": "supine",
  "targets": ["quadriceps", "vastus-lateralis"],
  "contact": "palm",
  "pressure": "moderate",
  "tempo": "slow",
  "phases": [
    {
      "caption": "Up the outer thigh.",
      "strokes": [
        {"segment": "thigh", "motion": "glide", "from": 0.8, "to": 0.2, "angle_deg": 90,
         "duration_s": 5, "pressure": 0.5},
        {"segment": "thigh", "motion": "circles_on_glide", "from": 0.8, "to": 0.2, "angle_deg": 90,
         "duration_s": 8, "amplitude_m": 0.025, "frequency_hz": 1, "pressure": 0.5}
      ]
    },
    {
      "caption": "Across the patellar tendon.",
      "knee_flexion_deg": 0,
      "strokes": [
        {"segment": "knee", "motion": "cross_fibre", "from": 0.6, "to": 0.7, "angle_deg": 0,
         "duration_s": 6, "amplitude_m": 0.01, "frequency_hz": 2, "pressure": 0.7,
         "fibre_of": "patellar-tendon"}
      ]
    }
  ],
  "cautions": ["Not with osteoporosis."]
}
)";

// kValid with the first occurrence of each `from` replaced by its `to` (which must exist).
std::string edited(std::vector<std::pair<std::string, std::string>> edits) {
  std::string text = kValid;
  for (const auto& [from, to] : edits) {
    const std::size_t at = text.find(from);
    REQUIRE_MESSAGE(at != std::string::npos, "the test's edit does not apply: " << from);
    text.replace(at, from.size(), to);
  }
  return text;
}
std::string edited(const std::string& from, const std::string& to) {
  return edited({{from, to}});
}

// The error that parsing `text` as "bad.json" raises; fails the test if none is.
TechniqueError error_of(const std::string& text, const RegionCatalogue* catalogue = nullptr) {
  try {
    parse_technique(text, "bad.json", catalogue);
  } catch (const TechniqueError& error) {
    MESSAGE(std::string(error.what()));
    return error;
  }
  FAIL("no TechniqueError for:\n" << text);
  return TechniqueError(std::vector<TechniqueProblem>{});
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the small valid technique parses (each error case below breaks it)") {
    const Technique t = parse_technique(kValid, "good.json");
    CHECK(t.id == "test-glide");
    CHECK(t.file == "good.json");
    REQUIRE(t.phases.size() == 2);
    REQUIRE(t.phases[0].strokes.size() == 2);
    CHECK(t.phases[0].strokes[0].motion == Motion::glide);
    CHECK(t.phases[0].strokes[0].amplitude_m == 0.0f);
    CHECK(t.phases[0].strokes[1].amplitude_m == doctest::Approx(0.025));
    CHECK(t.phases[1].strokes[0].fibre_of == "patellar-tendon");
    CHECK(t.positions.at("targets[1]").line == 8);
    CHECK(t.positions.at("phases[1].strokes[0].fibre_of").line == 28);
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    CHECK(validate_targets(t, catalogue).empty());
    CHECK_NOTHROW(parse_technique(kValid, "good.json", &catalogue));
  }

  TEST_CASE("the enum words read back what to_string writes") {
    for (Contact c :
         {Contact::palm, Contact::fingertips, Contact::knuckles, Contact::thumb, Contact::forearm})
      CHECK(contact_from_string(to_string(c)) == c);
    for (Segment s : {Segment::thigh, Segment::knee, Segment::shank})
      CHECK(segment_from_string(to_string(s)) == s);
    for (Motion m : {Motion::glide, Motion::circles_on_glide, Motion::side_to_side, Motion::up_and_down,
                     Motion::taps, Motion::stationary_circles, Motion::cross_fibre})
      CHECK(motion_from_string(to_string(m)) == m);
    CHECK_FALSE(motion_from_string("spiral").has_value());
  }

  TEST_CASE("malformed JSON gives the file and the line and column of the fault") {
    SUBCASE("a missing comma is reported where the next member starts") {
      const TechniqueError error = error_of(edited("\"tempo\": \"slow\",", "\"tempo\": \"slow\""));
      CHECK(error.line() == 12);
      CHECK(error.column() == 3);
      CHECK(error.field().empty());
      CHECK(contains(error.what(), "bad.json:12:3: malformed JSON"));
      CHECK(error.problems().size() == 1);
    }
    SUBCASE("an empty file") {
      const TechniqueError error = error_of("");
      CHECK(contains(error.what(), "bad.json:1:1: malformed JSON"));
    }
  }

  TEST_CASE("a technique that would play more strokes than any massage is refused at its phases") {
    // 2 phases, 3 strokes a round: at 50 repetitions of each phase and 50 of the whole, 7500
    // strokes pass; a third phase of two strokes, 50 times, makes 12500.
    const std::string many = edited({{"\"phases\": [", "\"repetitions\": 50,\n  \"phases\": ["},
                                     {"\"caption\": \"Up the outer thigh.\",",
                                      "\"caption\": \"Up the outer thigh.\", \"repetitions\": 50,"},
                                     {"\"caption\": \"Across the patellar tendon.\",",
                                      "\"caption\": \"Across the patellar tendon.\", \"repetitions\": 50,"}});
    CHECK_NOTHROW(parse_technique(many, "many.json"));
    const std::string stroke =
        "{\"segment\": \"thigh\", \"motion\": \"glide\", \"from\": 0.8, \"to\": 0.2, "
        "\"angle_deg\": 90, \"duration_s\": 5, \"pressure\": 0.5}";
    std::string more = many;
    const std::string phases_end = "\n  ],\n  \"cautions\"";
    const std::size_t at = more.find(phases_end);
    REQUIRE(at != std::string::npos);
    more.insert(at, ",\n    {\"caption\": \"Again.\", \"repetitions\": 50, \"strokes\": [" + stroke + ", " +
                        stroke + "]}");
    const TechniqueError error = error_of(more);
    CHECK(contains(error.what(), "phases: the technique plays 12500 strokes in all; expected at most 10000"));
  }

  TEST_CASE("a missing field names the line of the object that lacks it and the field") {
    const TechniqueError error = error_of(edited("\"duration_s\": 5, ", ""));
    CHECK(error.problems().size() == 1);
    CHECK(error.line() == 16);
    CHECK(error.column() == 9);
    CHECK(error.field() == "phases[0].strokes[0].duration_s");
    CHECK(contains(error.what(),
                   "bad.json:16:9: phases[0].strokes[0].duration_s: missing; expected the duration"));
  }

  TEST_CASE("an unknown field is reported with the fields there are") {
    const TechniqueError error =
        error_of(edited("\"pressure\": 0.5}", "\"pressure\": 0.5, \"colour\": \"red\"}"));
    CHECK(error.line() == 17);
    CHECK(error.field() == "phases[0].strokes[0].colour");
    CHECK(contains(error.what(), "unknown field; expected one of: segment, motion, from, to"));
  }

  TEST_CASE("a value of the wrong type is reported with what was found") {
    const TechniqueError error = error_of(edited("\"pressure\": 0.7", "\"pressure\": \"firm\""));
    CHECK(error.line() == 27);
    CHECK(error.column() == 67);
    CHECK(error.field() == "phases[1].strokes[0].pressure");
    CHECK(contains(error.what(), "found \"firm\"; expected a pressure in [0, 1]"));
  }

  TEST_CASE("the hands are the technique's unless a phase says otherwise") {
    const Technique t = parse_technique(
        edited("\"contact\": \"palm\",", "\"contact\": \"palm\", \"hands\": \"side_by_side\","), "good.json");
    CHECK(t.hands == HandUse::side_by_side);
    CHECK(hands_in_phase(t, 0) == HandUse::side_by_side);
    CHECK(hands_in_phase(t, -1) == HandUse::side_by_side);
    const Technique plain = parse_technique(kValid, "good.json");
    CHECK(plain.hands == HandUse::one);
  }

  TEST_CASE("unknown enum words list the words there are") {
    SUBCASE("contact") {
      const TechniqueError error = error_of(edited("\"contact\": \"palm\"", "\"contact\": \"elbow\""));
      CHECK(error.line() == 9);
      CHECK(error.field() == "contact");
      CHECK(contains(error.what(),
                     "bad.json:9:3: contact: unknown contact \"elbow\"; expected one of: palm, fingertips, "
                     "knuckles, thumb, forearm"));
    }
    SUBCASE("hands") {
      const TechniqueError error =
          error_of(edited("\"contact\": \"palm\",", "\"contact\": \"palm\", \"hands\": \"three\","));
      CHECK(error.line() == 9);
      CHECK(error.field() == "hands");
      CHECK(contains(error.what(),
                     "unknown hands \"three\"; expected one of: one, side_by_side, reinforced, alternating"));
    }
    SUBCASE("segment") {
      const TechniqueError error = error_of(edited("\"segment\": \"knee\"", "\"segment\": \"foot\""));
      CHECK(error.line() == 26);
      CHECK(error.field() == "phases[1].strokes[0].segment");
      CHECK(contains(error.what(), "unknown segment \"foot\"; expected one of: thigh, knee, shank"));
    }
    SUBCASE("motion") {
      const TechniqueError error = error_of(edited("\"motion\": \"glide\"", "\"motion\": \"spiral\""));
      CHECK(error.line() == 16);
      CHECK(error.field() == "phases[0].strokes[0].motion");
      CHECK(contains(error.what(), "unknown motion \"spiral\"; expected one of: glide, circles_on_glide"));
    }
  }

  TEST_CASE("numbers out of range name the field and the range") {
    SUBCASE("a position outside 0 to 1") {
      const TechniqueError error = error_of(edited("\"from\": 0.8", "\"from\": 1.2"));
      CHECK(error.line() == 16);
      CHECK(error.field() == "phases[0].strokes[0].from");
      CHECK(
          contains(error.what(), "found 1.2, out of range; expected a position along the segment in [0, 1]"));
    }
    SUBCASE("a pressure above 1") {
      const TechniqueError error = error_of(edited("\"pressure\": 0.5}", "\"pressure\": 1.5}"));
      CHECK(error.field() == "phases[0].strokes[0].pressure");
      CHECK(contains(error.what(), "expected a pressure in [0, 1]"));
    }
    SUBCASE("a duration of zero") {
      const TechniqueError error = error_of(edited("\"duration_s\": 8", "\"duration_s\": 0"));
      CHECK(error.line() == 19);
      CHECK(error.field() == "phases[0].strokes[1].duration_s");
      CHECK(contains(error.what(), "more than 0"));
    }
    SUBCASE("a negative duration") {
      const TechniqueError error = error_of(edited("\"duration_s\": 6", "\"duration_s\": -6"));
      CHECK(error.field() == "phases[1].strokes[0].duration_s");
    }
    SUBCASE("an amplitude in centimetres instead of metres") {
      const TechniqueError error = error_of(edited("\"amplitude_m\": 0.025", "\"amplitude_m\": 2.5"));
      CHECK(error.field() == "phases[0].strokes[1].amplitude_m");
      CHECK(contains(error.what(), "in metres"));
    }
  }

  TEST_CASE("what a motion needs is required: frequency amplitude fibre_of and an end") {
    SUBCASE("taps without a frequency") {
      const TechniqueError error =
          error_of(edited({{"\"circles_on_glide\"", "\"taps\""}, {"\"frequency_hz\": 1, ", ""}}));
      CHECK(error.problems().size() == 1);
      CHECK(error.line() == 18);
      CHECK(error.field() == "phases[0].strokes[1].frequency_hz");
      CHECK(contains(error.what(), "missing; expected taps per second for taps"));
    }
    SUBCASE("circles without an amplitude") {
      const TechniqueError error = error_of(edited("\"amplitude_m\": 0.025, ", ""));
      CHECK(error.line() == 18);
      CHECK(error.field() == "phases[0].strokes[1].amplitude_m");
      CHECK(contains(error.what(), "missing; expected the circle radius for circles_on_glide"));
    }
    SUBCASE("a cross-fibre stroke without fibre_of") {
      const TechniqueError error = error_of(edited(",\n         \"fibre_of\": \"patellar-tendon\"", ""));
      CHECK(error.line() == 26);
      CHECK(error.field() == "phases[1].strokes[0].fibre_of");
      CHECK(contains(error.what(),
                     "missing; expected the id of the structure whose fibres the stroke crosses"));
    }
    SUBCASE("a glide without an end") {
      const TechniqueError error = error_of(edited("\"to\": 0.2, ", ""));
      CHECK(error.field() == "phases[0].strokes[0].to");
    }
    SUBCASE("an amplitude on a plain glide") {
      const TechniqueError error =
          error_of(edited("\"duration_s\": 5,", "\"duration_s\": 5, \"amplitude_m\": 0.02,"));
      CHECK(error.field() == "phases[0].strokes[0].amplitude_m");
      CHECK(contains(error.what(), "no amplitude"));
    }
  }

  TEST_CASE("empty phases and empty strokes are errors") {
    SUBCASE("no phases") {
      const std::string text = kValid.substr(0, kValid.find("\"phases\": [") + 11) + "],\n" +
                               kValid.substr(kValid.find("  \"cautions\""));
      const TechniqueError error = error_of(text);
      CHECK(error.line() == 12);
      CHECK(error.field() == "phases");
      CHECK(contains(error.what(), "found an empty array; expected a non-empty array of phases"));
    }
    SUBCASE("a phase without strokes") {
      const std::size_t start = kValid.find("\"strokes\": [", kValid.find("Across"));
      const std::string text = kValid.substr(0, start) + "\"strokes\": []\n    }\n  ],\n" +
                               kValid.substr(kValid.find("  \"cautions\""));
      const TechniqueError error = error_of(text);
      CHECK(error.line() == 25);
      CHECK(error.field() == "phases[1].strokes");
    }
  }

  TEST_CASE("the id must be the file name") {
    kneeviz::test::TempDir folder;
    kneeviz::test::write_text(folder / "outer-glide.json", kValid);
    try {
      read_technique_file(folder / "outer-glide.json");
      FAIL("no error for an id that differs from the file name");
    } catch (const TechniqueError& error) {
      MESSAGE(std::string(error.what()));
      CHECK(error.file() == (folder / "outer-glide.json").string());
      CHECK(error.line() == 3);
      CHECK(error.field() == "id");
      CHECK(contains(error.what(), "\"test-glide\" differs from the file name \"outer-glide.json\""));
    }
    kneeviz::test::write_text(folder / "test-glide.json", kValid);
    CHECK(read_technique_file(folder / "test-glide.json").id == "test-glide");
  }

  TEST_CASE("targets and fibre_of are checked against the region catalogue with their lines") {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    const std::string text =
        edited({{"\"vastus-lateralis\"]", "\"vastus-lateral\"]"}, {"\"patellar-tendon\"}", "\"calf\"}"}});
    // Without a catalogue the ids are well formed; with one, both are reported.
    const Technique t = parse_technique(text, "bad.json");
    const std::vector<TechniqueProblem> problems = validate_targets(t, catalogue);
    REQUIRE(problems.size() == 2);
    CHECK(problems[0].line == 8);
    CHECK(problems[0].field == "targets[1]");
    CHECK(contains(problems[0].text(), "bad.json:8:"));
    CHECK(contains(problems[0].text(), "unknown target \"vastus-lateral\""));
    CHECK(problems[1].line == 28);
    CHECK(problems[1].field == "phases[1].strokes[0].fibre_of");
    CHECK(contains(problems[1].text(), "a group: fibres belong to one structure"));
    CHECK(error_of(text, &catalogue).problems().size() == 2);
  }

  TEST_CASE("firm pressure over the popliteal fossa or the femoral triangle is refused") {
    SUBCASE("the back of the knee") {
      const TechniqueError error = error_of(edited("\"angle_deg\": 0,", "\"angle_deg\": 180,"));
      CHECK(error.field() == "phases[1].strokes[0].pressure");
      CHECK(contains(error.what(), "popliteal fossa"));
    }
    SUBCASE("the top of the inner thigh") {
      const TechniqueError error = error_of(edited({{"\"from\": 0.8, \"to\": 0.2, \"angle_deg\": 90",
                                                     "\"from\": 0.8, \"to\": 0.1, \"angle_deg\": 300"}}));
      CHECK(error.field() == "phases[0].strokes[0].pressure");
      CHECK(contains(error.what(), "femoral triangle"));
    }
  }

  TEST_CASE("a file with three errors reports all three in file order") {
    const TechniqueError error = error_of(edited({{"\"contact\": \"palm\"", "\"contact\": \"elbow\""},
                                                  {"\"pressure\": 0.5}", "\"pressure\": 2}"},
                                                  {"\"amplitude_m\": 0.01, ", ""}}));
    REQUIRE(error.problems().size() == 3);
    CHECK(error.problems()[0].line == 9);
    CHECK(error.problems()[0].field == "contact");
    CHECK(error.problems()[1].line == 17);
    CHECK(error.problems()[1].field == "phases[0].strokes[0].pressure");
    CHECK(error.problems()[2].line == 26);
    CHECK(error.problems()[2].field == "phases[1].strokes[0].amplitude_m");
    // what() lists them one per line, each as FILE:LINE:COL: FIELD: message; expected ...
    const std::string what = error.what();
    CHECK(std::count(what.begin(), what.end(), '\n') == 2);
    CHECK(contains(what, "bad.json:9:3: contact: "));
    CHECK(contains(what, "\nbad.json:17:"));
    CHECK(contains(what, "\nbad.json:26:9: phases[1].strokes[0].amplitude_m: missing; expected"));
  }

  TEST_CASE("a key given twice is reported") {
    const TechniqueError error =
        error_of(edited("\"tempo\": \"slow\",", "\"tempo\": \"slow\", \"tempo\": \"fast\","));
    CHECK(error.field() == "tempo");
    CHECK(contains(error.what(), "appears twice"));
  }

  TEST_CASE("a folder and check_files report the problems of every file") {
    kneeviz::test::TempDir folder;
    kneeviz::test::write_text(folder / "test-glide.json", kValid);
    CHECK(load_technique_folder(folder.path()).size() == 1);
    kneeviz::test::write_text(folder / "a-bad.json",
                              edited({{"\"id\": \"test-glide\"", "\"id\": \"a-bad\""},
                                      {"\"pressure\": \"moderate\"", "\"pressure\": 3"}}));
    kneeviz::test::write_text(folder / "broken.json", "{\n  \"id\": \"broken\",\n");
    kneeviz::test::write_text(folder / "notes.txt", "not a technique");
    try {
      load_technique_folder(folder.path());
      FAIL("no error for a folder with bad files");
    } catch (const TechniqueError& error) {
      MESSAGE(std::string(error.what()));
      REQUIRE(error.problems().size() == 2);
      CHECK(contains(error.problems()[0].file, "a-bad.json"));
      CHECK(error.problems()[0].field == "pressure");
      CHECK(contains(error.problems()[1].file, "broken.json"));
    }
    const std::vector<std::string> lines =
        check_files({folder / "test-glide.json", folder / "broken.json", folder / "missing.json"});
    REQUIRE(lines.size() == 2);
    CHECK(contains(lines[0], "broken.json:3:1: malformed JSON"));
    CHECK(contains(lines[1], "missing.json: cannot open or read the file"));
    CHECK(check_files({folder / "test-glide.json"}).empty());
  }
}
