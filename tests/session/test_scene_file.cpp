// Saved scenes: the round trip, the errors of corrupt files (file, line, column, field, what was
// expected), the fall back to defaults, and saves that leave the old file whole when they fail.

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>

#include "anatomy/region_view.h"
#include "io/atomic_file.h"
#include "session/scene_file.h"
#include "session/settings.h"
#include "support/test_files.h"

namespace kneeviz::session {

namespace {

SceneState a_full_scene() {
  SceneState state;
  state.model = "/clinic/models/leg-left.glb";
  state.regions = "/clinic/models/leg-left-regions.json";
  state.camera = {{0.01f, 0.45f, -0.02f}, 0.85f, -90.f, 12.5f};
  state.layers = {{"skin", true, 0.3f},
                  {"muscles", true, 1.f},
                  {"it-band", false, 0.75f},
                  {"bones", true, 1.f},
                  {"lymphatic", false, 0.f}};
  state.highlighted_groups = {"quadriceps", "it-band"};
  state.hidden_structures = {"patella"};
  state.selected_structure = "vastus-lateralis";
  state.technique = "it-band-release";
  state.time_s = 12.25f;
  state.playing = true;
  state.speed = 0.5f;
  state.knee_flexion_deg = 35.f;
  state.annotations.notes = {{{0.05f, 0.42f, 0.06f}, "Tender here \"after running\""}};
  state.annotations.strokes = {{"#ff8800", {{0.1f, 0.2f}, {0.15f, 0.25f}, {1.f, 0.f}}}};
  return state;
}

// A valid scene with one line to replace, so each error is on a known line.
std::string scene_text(const std::string& line_6 = "    \"pitch_deg\": 8") {
  return "{\n"                             // 1
         "  \"format_version\": 1,\n"      // 2
         "  \"camera\": {\n"               // 3
         "    \"target\": [0, 0.4, 0],\n"  // 4
         "    \"distance\": 1.2,\n"        // 5
         + line_6 +
         "\n"                                                             // 6
         "  },\n"                                                         // 7
         "  \"layers\": [\n"                                              // 8
         "    {\"id\": \"skin\", \"visible\": true, \"opacity\": 0.4}\n"  // 9
         "  ],\n"                                                         // 10
         "  \"speed\": 1\n"                                               // 11
         "}\n";
}

// doctest::String, which doctest::Contains compares with.
doctest::String error_of(const std::string& text) {
  try {
    parse_scene(text, "scene.json");
  } catch (const SceneError& error) {
    return error.what();
  }
  return "(no error)";
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("a scene round-trips through a file") {
    test::TempDir dir;
    const SceneState state = a_full_scene();
    write_scene_file(dir / "scene.json", state);
    const SceneState read = read_scene_file(dir / "scene.json");
    CHECK(read == state);
    CHECK(to_json(read) == to_json(state));  // stable byte for byte
    CHECK(test::read_text(dir / "scene.json") == to_json(state));
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"scene.json"});  // no temp file
  }

  TEST_CASE("the default scene round-trips and numbers are written short") {
    const std::string text = to_json(SceneState{});
    CHECK(parse_scene(text, "default.json") == SceneState{});
    const std::string full = to_json(a_full_scene());
    CHECK(full.find("\"opacity\": 0.3\n") != std::string::npos);  // not 0.30000001192092896
    CHECK(full.find("0.30000001") == std::string::npos);
    CHECK(full.find("\"technique\": \"it-band-release\"") != std::string::npos);
    // Stable key order: the documented order, not alphabetical.
    CHECK(full.find("\"format_version\"") < full.find("\"model\""));
    CHECK(full.find("\"camera\"") < full.find("\"layers\""));
    CHECK(full.find("\"knee_flexion_deg\"") < full.find("\"annotations\""));
  }

  TEST_CASE("a minimal scene takes the defaults for what it leaves out") {
    const SceneState state = parse_scene("{\"format_version\": 1, \"technique\": null}", "min.json");
    CHECK(state == SceneState{});
    CHECK(state.layers.size() == anatomy::RegionCatalogue::builtin().layers().size());
  }

  TEST_CASE("the test scene text is valid") {
    const SceneState state = parse_scene(scene_text(), "scene.json");
    CHECK(state.camera.distance == doctest::Approx(1.2));
    REQUIRE(state.layers.size() == 1);
    CHECK(state.layers[0].opacity == doctest::Approx(0.4));
  }

  TEST_CASE("malformed JSON names the file line and column") {
    CHECK(error_of(scene_text("    \"pitch_deg\": 8,")) ==
          doctest::Contains("scene.json:7:3: malformed JSON"));
  }

  TEST_CASE("a scene nested 100000 deep is refused where it goes too deep") {
    std::string text = scene_text();
    text.replace(text.find("\"pitch_deg\": 8"), 14,
                 "\"pitch_deg\": " + std::string(100000, '[') + std::string(100000, ']'));
    CHECK(error_of(text) == doctest::Contains("nested deeper than 256 levels"));
  }

  TEST_CASE("a value of the wrong type names the field and what was expected") {
    CHECK(error_of(scene_text("    \"pitch_deg\": \"high\"")) ==
          "scene.json:6:5: camera.pitch_deg: found \"high\"; expected an angle in degrees from -89 to 89");
  }

  TEST_CASE("an out-of-range value names the field and the range") {
    CHECK(error_of(scene_text("    \"pitch_deg\": 95")) ==
          "scene.json:6:5: camera.pitch_deg: out of range, found 95; expected an angle in degrees from -89 "
          "to 89");
    CHECK(error_of(scene_text("    \"pitch_deg\": 8, \"yaw_deg\": 1e300")) ==
          doctest::Contains("scene.json:6:21: camera.yaw_deg: found 1e+300, which is too large"));
    std::string text = scene_text();
    text.replace(text.find("\"distance\": 1.2"), 15, "\"distance\": 0.0");
    CHECK(error_of(text) ==
          "scene.json:5:5: camera.distance: out of range, found 0; expected a distance greater than 0");
    text = scene_text();
    text.replace(text.find("\"opacity\": 0.4"), 14, "\"opacity\": 1.5");
    CHECK(error_of(text) == doctest::Contains("scene.json:9:37: layers[0].opacity: out of range, found 1.5; "
                                              "expected an opacity from 0"));
    text = scene_text();
    text.replace(text.find("\"speed\": 1"), 10, "\"speed\": 3");
    CHECK(error_of(text) == "scene.json:11:3: speed: out of range, found 3; expected a speed from 0.25 to 2");
    CHECK(error_of("{\"format_version\": 1, \"knee_flexion_deg\": 130}") ==
          doctest::Contains("knee_flexion_deg: out of range, found 130; expected a knee flexion in degrees "
                            "from 0 to 120"));
  }

  TEST_CASE("an unknown layer names the layers there are") {
    std::string text = scene_text();
    text.replace(text.find("\"id\": \"skin\""), 12, "\"id\": \"fat\"");
    CHECK(error_of(text) ==
          "scene.json:9:6: layers[0].id: unknown layer \"fat\"; expected one of: skin, "
          "muscles, it-band, bones, lymphatic, vessels");
  }

  // A catalogue of its own declares its own layers (docs/regions.md), which the viewer reads after
  // the scene: the scene keeps them, and the viewer leaves out any that catalogue lacks.
  TEST_CASE("a scene with its own region catalogue keeps the layers it names") {
    SceneState state;
    state.regions = "/clinic/models/arm-regions.json";
    state.layers = {{"skin", true, 0.5f}, {"fascia", false, 1.f}};
    const SceneState read = parse_scene(to_json(state), "arm.json");
    CHECK(read == state);
    state.layers[1].id = "Fascia";  // still an id: kebab-case
    CHECK_THROWS_WITH_AS(parse_scene(to_json(state), "arm.json"), doctest::Contains("a kebab-case id"),
                         SceneError);
  }

  TEST_CASE("other schema errors") {
    CHECK(error_of("{\"format_version\": 2}") ==
          "scene.json:1:2: format_version: found 2; expected format version 1 (the one this kneeviz reads)");
    CHECK(error_of("{\"camera\": {}}") == doctest::Contains("scene.json:1:1: format_version: missing"));
    CHECK(
        error_of("{\"format_version\": 1, \"colour\": 1}") ==
        doctest::Contains("scene.json:1:23: colour: unknown field; expected one of: format_version, model"));
    CHECK(error_of("{\"format_version\": 1, \"technique\": \"IT Band\"}") ==
          doctest::Contains("technique: found \"IT Band\"; expected a kebab-case id"));
    CHECK(error_of("{\"format_version\": 1, \"highlighted_groups\": [\"quadriceps\", \"quadriceps\"]}") ==
          doctest::Contains("highlighted_groups[1]: \"quadriceps\" is listed twice"));
    CHECK(
        error_of("{\"format_version\": 1, \"annotations\": {\"strokes\": [{\"colour\": \"red\", \"points\": "
                 "[]}]}}") ==
        doctest::Contains("annotations.strokes[0].colour: found \"red\"; expected a colour as \"#rrggbb\""));
    CHECK(error_of("{\"format_version\": 1, \"annotations\": {\"strokes\": [{\"colour\": \"#ff0000\", "
                   "\"points\": [[0.5, 1.5]]}]}}") ==
          doctest::Contains("annotations.strokes[0].points[0][1]: out of range, found 1.5"));
    CHECK(error_of("[]") == "scene.json:1:1: found an array; expected an object at the top level");
  }

  TEST_CASE("SceneError carries the file line column and field") {
    try {
      parse_scene(scene_text("    \"pitch_deg\": 95"), "/clinic/scene.json");
      FAIL("no error");
    } catch (const SceneError& error) {
      CHECK(error.file() == "/clinic/scene.json");
      CHECK(error.line() == 6);
      CHECK(error.column() == 5);
      CHECK(error.field() == "camera.pitch_deg");
    }
  }

  TEST_CASE("a corrupt scene falls back to the defaults with the documented message and is set aside") {
    test::TempDir dir;
    const auto file = dir / "last-scene.json";
    const std::string bad = scene_text("    \"pitch_deg\": 95");
    test::write_text(file, bad);
    std::string message;
    bool left_in_place = true;
    CHECK(load_scene_or_default(file, &message, &left_in_place) == SceneState{});
    CHECK_FALSE(left_in_place);
    std::vector<std::string> kept = test::list_folder(dir.path());
    REQUIRE(kept.size() == 1);
    CHECK(kept[0].starts_with("last-scene.json.unreadable-"));
    CHECK(test::read_text(dir / kept[0]) == bad);
    CHECK(message == "kneeviz could not restore the saved scene: " + file.string() +
                         ":6:5: camera.pitch_deg: out of range, found 95; expected an angle in degrees "
                         "from -89 to 89; starting with the default view (the file is kept as " +
                         (dir / kept[0]).string() + ")");
    // The next start finds no file and says nothing: the same file never fails twice.
    CHECK(load_scene_or_default(file, &message) == SceneState{});
    CHECK(message.empty());
    test::write_text(file, "{\"format_version\": 1,");
    CHECK(load_scene_or_default(file, &message) == SceneState{});
    const std::string expected_start = "kneeviz could not restore the saved scene: " + file.string() + ":1:";
    CHECK(doctest::String(message.c_str()) == doctest::Contains(expected_start.c_str()));
    CHECK(doctest::String(message.c_str()) == doctest::Contains("malformed JSON"));
    CHECK(test::list_folder(dir.path()).size() == 2);  // a second copy, under a name of its own
    // An unreadable file (here a folder) falls back too, and is left where it is.
    CHECK(load_scene_or_default(dir.path(), &message, &left_in_place) == SceneState{});
    CHECK(doctest::String(message.c_str()) == doctest::Contains("cannot read"));
    CHECK(left_in_place);
    CHECK(std::filesystem::is_directory(dir.path()));
  }

  TEST_CASE("a scene from a newer kneeviz is left where it is and not written over") {
    test::TempDir dir;
    const auto file = dir / "last-scene.json";
    test::write_text(file, "{\"format_version\": 3, \"rooms\": []}\n");
    std::string message;
    bool left_in_place = false;
    CHECK(load_scene_or_default(file, &message, &left_in_place) == SceneState{});
    CHECK(left_in_place);
    CHECK(doctest::String(message.c_str()) ==
          doctest::Contains("written by a newer kneeviz, format version 3"));
    CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"last-scene.json"});
  }

  TEST_CASE("pen strokes and points and notes beyond what a scene keeps are refused by name") {
    test::TempDir dir;
    const auto file = dir / "big.json";
    const auto refused = [&](const nlohmann::json& annotations, const std::string& said) {
      nlohmann::json scene = nlohmann::json::parse(to_json(SceneState{}));
      scene["annotations"] = annotations;
      test::write_text(file, scene.dump());
      try {
        (void)read_scene_file(file);
        FAIL("accepted: " << said);
      } catch (const SceneError& error) {
        CHECK(doctest::String(error.what()) == doctest::Contains(said.c_str()));
      }
    };
    nlohmann::json points = nlohmann::json::array();
    for (std::size_t i = 0; i <= kMaxPenPoints; ++i) points.push_back({0.5, 0.5});
    refused({{"strokes", {{{"colour", "#ffd400"}, {"points", points}}}}},
            "annotations.strokes[0].points: found 10001 points; expected a stroke of at most 10000 points");
    nlohmann::json strokes = nlohmann::json::array();
    for (std::size_t i = 0; i <= kMaxPenStrokes; ++i)
      strokes.push_back({{"colour", "#ffd400"}, {"points", {{0.1, 0.1}}}});
    refused({{"strokes", strokes}},
            "annotations.strokes: found 1001 pen strokes; expected at most 1000 strokes");
    nlohmann::json notes = nlohmann::json::array();
    for (std::size_t i = 0; i <= kMaxNotes; ++i) notes.push_back({{"position", {0, 0, 0}}, {"text", ""}});
    refused({{"notes", notes}}, "annotations.notes: found 201 notes; expected at most 200 notes");
    refused({{"notes", {{{"position", {0, 0, 0}}, {"text", std::string(kMaxNoteLength + 1, 'a')}}}}},
            "annotations.notes[0].text: found 2001 characters; expected a note of at most 2000 characters");
    // At the limits, a scene reads, and writes back.
    points.erase(points.begin());
    nlohmann::json scene = nlohmann::json::parse(to_json(SceneState{}));
    scene["annotations"] = {{"strokes", {{{"colour", "#ffd400"}, {"points", points}}}}};
    test::write_text(file, scene.dump());
    const SceneState full = read_scene_file(file);
    CHECK(full.annotations.strokes.at(0).points.size() == kMaxPenPoints);
    CHECK_NOTHROW(write_scene_file(file, full));
  }

  TEST_CASE("a missing scene falls back to the defaults silently") {
    test::TempDir dir;
    std::string message = "not cleared";
    CHECK(load_scene_or_default(dir / "last-scene.json", &message) == SceneState{});
    CHECK(message.empty());
    CHECK(load_scene_or_default(dir / "last-scene.json", nullptr) == SceneState{});
    CHECK_THROWS_AS(read_scene_file(dir / "last-scene.json"), SceneError);
  }

  TEST_CASE("a valid scene restores without a message") {
    test::TempDir dir;
    write_scene_file(dir / "last-scene.json", a_full_scene());
    std::string message = "not cleared";
    CHECK(load_scene_or_default(dir / "last-scene.json", &message) == a_full_scene());
    CHECK(message.empty());
  }

  TEST_CASE("an interrupted save leaves the old file intact") {
    test::TempDir dir;
    const auto file = dir / "scene.json";
    write_scene_file(file, a_full_scene());
    const std::string old_text = test::read_text(file);
    SceneState changed = a_full_scene();
    changed.knee_flexion_deg = 90.f;

    SUBCASE("the temporary file cannot be created") {
      // write_file_atomically writes ".scene.json.tmp<pid>" beside the target: a folder in its place
      // makes the save fail before the rename.
      const auto blocker = dir / (".scene.json.tmp" + std::to_string(::getpid()));
      std::filesystem::create_directory(blocker);
      CHECK_THROWS_AS(write_scene_file(file, changed), io::FileError);
      CHECK(test::read_text(file) == old_text);
      CHECK(std::filesystem::is_empty(blocker));
      std::filesystem::remove(blocker);
      CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"scene.json"});
    }
    SUBCASE("the folder has gone") {
      const auto gone = dir / "gone";
      CHECK_THROWS_AS(write_scene_file(gone / "scene.json", changed), io::FileError);
      CHECK_FALSE(std::filesystem::exists(gone));
      CHECK(test::read_text(file) == old_text);
      CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"scene.json"});
    }
    SUBCASE("the state would not read back") {
      changed.camera.distance = std::numeric_limits<float>::quiet_NaN();
      CHECK_THROWS_AS(write_scene_file(file, changed), SceneError);
      CHECK(test::read_text(file) == old_text);
      changed.camera.distance = 1.f;
      changed.layers.push_back({"Fat", true, 1.f});
      CHECK_THROWS_WITH_AS(write_scene_file(file, changed), doctest::Contains("found \"Fat\""), SceneError);
      CHECK(test::read_text(file) == old_text);
      CHECK(test::list_folder(dir.path()) == std::vector<std::string>{"scene.json"});
    }
    CHECK(read_scene_file(file) == a_full_scene());
  }

  TEST_CASE("a named pipe given as a scene file or a recent-files list is refused at once") {
    const test::TempDir dir;
    const auto pipe = dir / "scene.json";
    REQUIRE(::mkfifo(pipe.c_str(), 0600) == 0);
    try {
      read_scene_file(pipe);
      FAIL("a pipe read as a scene");
    } catch (const SceneError& error) {
      CHECK(std::string(error.what()).find("not a regular file") != std::string::npos);
      CHECK(std::string(error.what()).find(pipe.string()) != std::string::npos);
    }
    std::string message;
    CHECK(read_recent(pipe, &message).empty());
    CHECK(message.find("not a regular file") != std::string::npos);
  }

}  // TEST_SUITE

}  // namespace kneeviz::session
