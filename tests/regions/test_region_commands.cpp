// Region catalogues from the command line, run through the kneeviz executable as a user would:
// `kneeviz list regions [--json]`, and the errors of a malformed mapping file or one naming meshes
// the model lacks.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "support/images.h"
#include "support/processes.h"
#include "support/test_files.h"

using namespace kneeviz;

namespace {

const std::filesystem::path kRegionsJson = std::filesystem::path(KNEEVIZ_SOURCE_DIR) / "assets/regions.json";

using test::Run;

Run run_kneeviz(const test::TempDir& dir, const std::vector<std::string>& arguments) {
  const Run run = test::run_program(dir, KNEEVIZ_EXECUTABLE, arguments);
  MESSAGE("command: " << run.command << "\nexit " << run.exit_code << "\nstderr:\n" << run.err);
  return run;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("kneeviz list regions --regions with malformed JSON names the file and the line") {
    test::TempDir dir;
    const auto bad = dir / "bad.json";
    // A missing comma after line 4's value: the parser stops on line 5.
    test::write_text(bad,
                     "{\n  \"format_version\": 1,\n  \"meshes\": {\n    \"femur\": \"femur\"\n    \"tibia\": "
                     "\"tibia\"\n  }\n}\n");
    const Run run = run_kneeviz(dir, {"list", "regions", "--regions", bad.string()});
    CHECK(run.exit_code != 0);
    CHECK(contains(run.err, bad.string() + ":5:"));
    CHECK(run.out.empty());

    // Cut off in the middle: the error is on the last line, and a missing file is named too.
    test::write_text(bad, "{\n  \"format_version\": 1,\n  \"groups\": [\n");
    const Run truncated = run_kneeviz(dir, {"list", "regions", "--regions", bad.string()});
    CHECK(truncated.exit_code != 0);
    CHECK((contains(truncated.err, bad.string() + ":3:") || contains(truncated.err, bad.string() + ":4:")));
    const Run missing = run_kneeviz(dir, {"list", "regions", "--regions", (dir / "absent.json").string()});
    CHECK(missing.exit_code != 0);
    CHECK(contains(missing.err, (dir / "absent.json").string()));
  }

  TEST_CASE("kneeviz render --regions naming meshes the leg lacks exits 2 and names them") {
    test::TempDir dir;
    // The built-in catalogue, valid, plus two meshes of another model (an atlas export).
    nlohmann::ordered_json catalogue = nlohmann::ordered_json::parse(test::read_text(kRegionsJson));
    catalogue["meshes"]["Vastus_lateralis_R"] = "vastus-lateralis";
    catalogue["meshes"]["Femur_R"] = "femur";
    const auto map = dir / "map.json";
    test::write_text(map, catalogue.dump(2));
    const auto out = dir / "x.png";
    const Run run =
        run_kneeviz(dir, {"render", "--regions", map.string(), "--out", out.string(), "--size", "64x64"});
    CHECK(run.exit_code == 2);
    CHECK(contains(run.err, map.string()));
    CHECK(contains(run.err, "Vastus_lateralis_R"));
    CHECK(contains(run.err, "Femur_R"));
    CHECK_FALSE(std::filesystem::exists(out));
    // The file itself is fine: list regions reads it.
    CHECK(run_kneeviz(dir, {"list", "regions", "--regions", map.string()}).exit_code == 0);
  }

  TEST_CASE("kneeviz render rejects an unknown --highlight group and a bad --layers value") {
    test::TempDir dir;
    const auto out = dir / "x.png";
    const Run group = run_kneeviz(
        dir, {"render", "--highlight", "quadriceps,glutes", "--out", out.string(), "--size", "64x64"});
    CHECK(group.exit_code == 2);
    CHECK(contains(group.err, "glutes"));
    CHECK(contains(group.err, "it-band"));  // ...and lists the groups there are
    const Run layers =
        run_kneeviz(dir, {"render", "--layers", "skin=2", "--out", out.string(), "--size", "64x64"});
    CHECK(layers.exit_code == 2);
    CHECK(contains(layers.err, "skin=2"));
    CHECK_FALSE(std::filesystem::exists(out));
  }

  TEST_CASE("kneeviz list regions --json prints the 9 groups with their structures") {
    test::TempDir dir;
    const Run run = run_kneeviz(dir, {"list", "regions", "--json"});
    REQUIRE(run.exit_code == 0);
    const nlohmann::json listed = nlohmann::json::parse(run.out);
    // The oracle: the data file itself, grouped here independently of kneeviz's code.
    const nlohmann::json file = nlohmann::json::parse(test::read_text(kRegionsJson));
    REQUIRE(listed["groups"].size() == 9);
    REQUIRE(file["groups"].size() == 9);
    // The layers as the file declares them, a flag the file leaves out at its default.
    REQUIRE(listed["layers"].size() == file["layers"].size());
    for (std::size_t l = 0; l < file["layers"].size(); ++l) {
      const nlohmann::json& declared = file["layers"][l];
      CAPTURE(declared.dump());
      CHECK(listed["layers"][l]["id"] == declared["id"]);
      CHECK(listed["layers"][l]["name"] == declared["name"]);
      const bool envelope = declared.value("envelope", false);
      CHECK(listed["layers"][l]["envelope"] == envelope);
      CHECK(listed["layers"][l]["occludes"] == declared.value("occludes", !envelope));
    }
    CHECK(listed["layers"][0]["id"] == "skin");
    CHECK(listed["layers"][0]["envelope"] == true);
    std::vector<std::string> ids;
    for (std::size_t g = 0; g < 9; ++g) {
      const nlohmann::json& group = listed["groups"][g];
      const std::string id = group["id"];
      CAPTURE(id);
      ids.push_back(id);
      CHECK(id == file["groups"][g]["id"]);
      CHECK(group["name"] == file["groups"][g]["name"]);
      CHECK(group["colour"] == file["groups"][g]["colour"]);
      CHECK_FALSE(group["description"].get<std::string>().empty());
      std::vector<std::string> expected, got;
      for (const nlohmann::json& s : file["structures"])
        if (s["group"] == id) expected.push_back(s["id"]);
      for (const nlohmann::json& s : group["structures"]) {
        got.push_back(s["id"]);
        CHECK_FALSE(s["name"].get<std::string>().empty());
        CHECK_FALSE(s["description"].get<std::string>().empty());
      }
      CHECK(got == expected);
      CHECK_FALSE(got.empty());
    }
    CHECK(ids == std::vector<std::string>{"quadriceps", "hamstrings", "it-band", "lymphatic", "adductors",
                                          "calf", "bones", "skin", "vessels-nerves"});
    // The text listing names the same groups.
    const Run text = run_kneeviz(dir, {"list", "regions"});
    CHECK(text.exit_code == 0);
    for (const std::string& id : ids) CHECK(contains(text.out, id));
    CHECK(contains(text.out, "vastus-lateralis"));
  }

}  // TEST_SUITE("cpu")

TEST_SUITE("gl") {
  TEST_CASE("kneeviz render --frame makes a close-up of a structure and rejects an unknown one") {
    const test::TempDir dir;
    const auto whole = dir / "whole.png", close = dir / "close.png";
    REQUIRE(
        run_kneeviz(dir, {"render", "--out", whole.string(), "--size", "96x96", "--msaa", "1"}).exit_code ==
        0);
    REQUIRE(run_kneeviz(dir, {"render", "--frame", "patella", "--out", close.string(), "--size", "96x96",
                              "--msaa", "1"})
                .exit_code == 0);
    // The whole leg is a thin figure in a square frame; the patella's close-up fills it.
    const auto lit = [](const test::Rgba& image) {
      int count = 0;
      for (int y = 0; y < image.size.y; ++y)
        for (int x = 0; x < image.size.x; ++x) count += image.at(x, y).r > 110;
      return count;
    };
    CHECK(lit(test::load_png(close)) > 2 * lit(test::load_png(whole)));
    const Run unknown = run_kneeviz(dir, {"render", "--frame", "kneecap", "--out", close.string()});
    CHECK(unknown.exit_code == 2);
    CHECK(contains(unknown.err, "--frame kneecap"));
  }

}  // TEST_SUITE("gl")
