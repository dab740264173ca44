// Bad catalogue files: each error names the file, the real line (and column) and the field, and
// says what was expected. Every case edits one line of a small valid catalogue.

#include <doctest/doctest.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "anatomy/region_catalogue.h"
#include "json/positions.h"

using kneeviz::anatomy::CatalogueError;
using kneeviz::anatomy::RegionCatalogue;

namespace {

// Line numbers matter below: line 1 is the opening brace.
const std::string kValid = R"({
  "format_version": 1,
  "groups": [
    {"id": "quadriceps", "name": "Quadriceps", "colour": "#0072b2", "description": "Front thigh."},
    {"id": "hamstrings", "name": "Hamstrings", "colour": "#d55e00", "description": "Back thigh."}
  ],
  "structures": [
    {
      "id": "vastus-lateralis",
      "name": "Vastus lateralis",
      "group": "quadriceps",
      "colour": "#005b8e",
      "description": "Outer front thigh."
    },
    {
      "id": "biceps-femoris",
      "name": "Biceps femoris",
      "group": "hamstrings",
      "description": "Outer back thigh."
    }
  ],
  "meshes": {
    "Vastus_lateralis_R": "vastus-lateralis",
    "Biceps_femoris_R": "biceps-femoris"
  }
}
)";

// kValid with the first occurrence of `from` replaced by `to` (which must exist).
std::string edited(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const std::size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "the test's edit does not apply: " << from);
  text.replace(at, from.size(), to);
  return text;
}

// The error that reading `text` as "bad-regions.json" raises; fails the test if none is.
CatalogueError error_of(const std::string& text) {
  try {
    RegionCatalogue::from_string(text, "bad-regions.json");
  } catch (const CatalogueError& error) {
    MESSAGE(std::string(error.what()));
    return error;
  }
  FAIL("no CatalogueError for:\n" << text);
  return CatalogueError("", 0, 0, "", "");
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the small valid catalogue parses (the error cases below each break one line)") {
    const RegionCatalogue catalogue = RegionCatalogue::from_string(kValid, "good.json");
    CHECK(catalogue.structures().size() == 2);
    // Without a colour of its own, a structure takes its group's.
    CHECK(catalogue.find_structure("biceps-femoris")->colour.hex() == "#d55e00");
    CHECK(catalogue.meshes()[1].line == 24);
  }

  TEST_CASE("malformed JSON: the file name and the line and column of the fault") {
    SUBCASE("a missing comma is reported where the next member starts") {
      const CatalogueError error = error_of(edited("\"#005b8e\",", "\"#005b8e\""));
      CHECK(error.file() == "bad-regions.json");
      CHECK(error.line() == 13);
      CHECK(error.column() == 7);
      CHECK(contains(error.what(), "bad-regions.json:13:7: malformed JSON"));
      CHECK(error.field().empty());
    }
    SUBCASE("a trailing comma is reported at the closing brace") {
      const CatalogueError error = error_of(edited("\"biceps-femoris\"\n  }", "\"biceps-femoris\",\n  }"));
      CHECK(error.line() == 25);
      CHECK(contains(error.what(), "bad-regions.json:25:"));
    }
    SUBCASE("text cut short is reported at the end") {
      const CatalogueError error = error_of(kValid.substr(0, kValid.find("\"meshes\"")));
      CHECK(error.line() == 22);
      CHECK(contains(error.what(), "malformed JSON"));
    }
    SUBCASE("an empty file") {
      const CatalogueError error = error_of("");
      CHECK(error.line() == 1);
      CHECK(contains(error.what(), "bad-regions.json:1:1: malformed JSON"));
    }
  }

  TEST_CASE("JSON nested beyond 256 levels is refused where it goes too deep without crashing") {
    // 100,000 levels once overflowed the stack of the position scanner every reader uses.
    const std::string deep = "{\"groups\":\n" + std::string(100000, '[') + std::string(100000, ']') + "}";
    const CatalogueError error = error_of(deep);
    CHECK(error.line() == 2);
    CHECK(error.column() == 256);  // the 256th bracket of line 2 is the 257th level
    CHECK(contains(error.what(), "nested deeper than 256 levels"));
    // Brackets inside strings do not count; 256 levels are fine for the check.
    CHECK_FALSE(kneeviz::json::first_too_deep("{\"a\": \"[[[[[[[[\\\"[[[[\"}", 3).has_value());
    CHECK_FALSE(kneeviz::json::first_too_deep(std::string(256, '[') + std::string(256, ']')).has_value());
    CHECK(kneeviz::json::first_too_deep(std::string(257, '[')).has_value());
  }

  TEST_CASE("a missing field names the object's line and the field") {
    const CatalogueError error = error_of(edited("      \"name\": \"Biceps femoris\",\n", ""));
    CHECK(error.line() == 15);  // the object that lacks it begins here
    CHECK(error.field() == "structures[1].name");
    CHECK(contains(error.what(), "bad-regions.json:15:5: structures[1].name: missing; expected"));
  }

  TEST_CASE("an unknown group names the line, the field and the groups there are") {
    const CatalogueError error = error_of(edited("\"group\": \"quadriceps\"", "\"group\": \"quads\""));
    CHECK(error.line() == 11);
    CHECK(error.column() == 7);
    CHECK(error.field() == "structures[0].group");
    CHECK(contains(error.what(), "unknown group \"quads\"; expected one of: quadriceps, hamstrings"));
  }

  // The layer that shows and hides a group is the file's to say. A group left without one is
  // placed as before the field existed: by its id for skin, bones, it-band, lymphatic and
  // vessels-nerves, else on muscles (the built-in layers, which a file without "layers" takes).
  TEST_CASE("a group's layer comes from the file and an unknown one names the line and the layers") {
    const RegionCatalogue catalogue = RegionCatalogue::from_string(
        edited("\"description\": \"Back thigh.\"", "\"description\": \"Back thigh.\", \"layer\": \"bones\""),
        "good.json");
    CHECK(catalogue.find_group("hamstrings")->layer == "bones");
    CHECK(catalogue.find_group("quadriceps")->layer == "muscles");
    // A file written before the field: its group "skin" (the hamstrings renamed) stays on the skin
    // layer, so peeling the skin still peels it.
    std::string before_layers = kValid;
    for (std::size_t at = before_layers.find("\"hamstrings\""); at != std::string::npos;
         at = before_layers.find("\"hamstrings\"", at))
      before_layers.replace(at, 12, "\"skin\"");
    const RegionCatalogue older = RegionCatalogue::from_string(before_layers, "older.json");
    CHECK(older.find_group("skin")->layer == "skin");

    const CatalogueError error = error_of(edited("\"description\": \"Front thigh.\"",
                                                 "\"description\": \"Front thigh.\", \"layer\": \"muscle\""));
    CHECK(error.line() == 4);
    CHECK(error.field() == "groups[0].layer");
    CHECK(contains(
        error.what(),
        "unknown layer \"muscle\"; expected one of skin, muscles, it-band, bones, lymphatic, vessels"));
  }

  TEST_CASE("a duplicate id names the second one's line and the first one's") {
    SUBCASE("structures") {
      const CatalogueError error =
          error_of(edited("\"id\": \"biceps-femoris\"", "\"id\": \"vastus-lateralis\""));
      CHECK(error.line() == 16);
      CHECK(error.field() == "structures[1].id");
      CHECK(contains(error.what(),
                     "duplicate structure id \"vastus-lateralis\", already used by structures[0] at line 8"));
    }
    SUBCASE("groups") {
      const CatalogueError error = error_of(edited("{\"id\": \"hamstrings\"", "{\"id\": \"quadriceps\""));
      CHECK(error.line() == 5);
      CHECK(error.field() == "groups[1].id");
      CHECK(contains(error.what(), "duplicate group id \"quadriceps\""));
    }
    SUBCASE("a mesh named twice in the mapping") {
      const CatalogueError error = error_of(edited("\"Biceps_femoris_R\"", "\"Vastus_lateralis_R\""));
      CHECK(error.line() == 24);
      CHECK(error.field() == "meshes.Vastus_lateralis_R");
      CHECK(contains(error.what(), "appears twice"));
    }
  }

  TEST_CASE("a bad colour names the line, the field and the expected form") {
    SUBCASE("five digits") {
      const CatalogueError error = error_of(edited("\"#005b8e\"", "\"#05b8e\""));
      CHECK(error.line() == 12);
      CHECK(error.column() == 7);
      CHECK(error.field() == "structures[0].colour");
      CHECK(contains(error.what(), "expected a colour as \"#rrggbb\" (six hex digits), found \"#05b8e\""));
    }
    SUBCASE("a colour name in a group") {
      const CatalogueError error = error_of(edited("\"#d55e00\"", "\"orange\""));
      CHECK(error.line() == 5);
      CHECK(error.field() == "groups[1].colour");
    }
    SUBCASE("a number") {
      const CatalogueError error = error_of(edited("\"#0072b2\"", "255"));
      CHECK(error.line() == 4);
      CHECK(contains(error.what(), "found 255"));  // numbers are shown as written
    }
  }

  TEST_CASE("other schema errors: wrong type, unknown field, bad id, unknown structure, version") {
    SUBCASE("wrong type") {
      const CatalogueError error = error_of(edited("\"Outer back thigh.\"", "42"));
      CHECK(error.line() == 19);
      CHECK(error.field() == "structures[1].description");
      CHECK(contains(error.what(), "found 42"));
    }
    SUBCASE("a misspelt field is not silently ignored") {
      const CatalogueError error = error_of(edited("\"colour\": \"#005b8e\"", "\"color\": \"#005b8e\""));
      CHECK(error.line() == 12);
      CHECK(error.field() == "structures[0].color");
      CHECK(contains(error.what(), "unknown field; expected one of: id, name, group, colour, description"));
    }
    SUBCASE("an id that is not kebab-case") {
      const CatalogueError error =
          error_of(edited("\"id\": \"biceps-femoris\"", "\"id\": \"Biceps Femoris\""));
      CHECK(error.line() == 16);
      CHECK(contains(error.what(), "kebab-case"));
    }
    SUBCASE("a mesh mapped to an unknown structure") {
      const CatalogueError error =
          error_of(edited("\"Biceps_femoris_R\": \"biceps-femoris\"", "\"Biceps_femoris_R\": \"biceps\""));
      CHECK(error.line() == 24);
      CHECK(error.field() == "meshes.Biceps_femoris_R");
      CHECK(contains(error.what(), "unknown structure \"biceps\""));
    }
    SUBCASE("an unsupported format version") {
      const CatalogueError error = error_of(edited("\"format_version\": 1", "\"format_version\": 2"));
      CHECK(error.line() == 2);
      CHECK(contains(error.what(), "expected format version 1"));
    }
    SUBCASE("no mapping") {
      const std::string text = kValid.substr(0, kValid.find(",\n  \"meshes\"")) + "\n}\n";
      const CatalogueError error = error_of(text);
      CHECK(error.line() == 1);
      CHECK(contains(error.what(), "missing \"meshes\""));
    }
  }

  TEST_CASE("from_file names the file in every error") {
    const std::filesystem::path folder = std::filesystem::path(KNEEVIZ_TEST_BINARY_DIR) / "catalogue-errors";
    std::filesystem::create_directories(folder);
    const std::filesystem::path path = folder / "X-regions.json";
    {
      std::ofstream file(path, std::ios::binary);
      file << edited("\"#005b8e\",", "\"#005b8e\"");
    }
    try {
      RegionCatalogue::from_file(path);
      FAIL("expected a CatalogueError");
    } catch (const CatalogueError& error) {
      CHECK(error.file() == path.string());
      CHECK(std::string(error.what()).starts_with(path.string() + ":13:7: malformed JSON"));
    }

    const std::filesystem::path absent = folder / "absent.json";
    try {
      RegionCatalogue::from_file(absent);
      FAIL("expected a CatalogueError");
    } catch (const CatalogueError& error) {
      CHECK(error.line() == 0);
      CHECK(std::string(error.what()) == absent.string() + ": cannot open the file");
    }
  }

}  // TEST_SUITE

TEST_SUITE("cpu") {
  TEST_CASE("damaged copies of the shipped file either parse or give a located CatalogueError") {
    // A cheap deterministic fuzz: delete, duplicate or overwrite one byte of the real file, many
    // times. Nothing may crash or throw anything else, and every error must carry a line.
    std::ifstream file(std::string(KNEEVIZ_ASSETS_DIR) + "/regions.json", std::ios::binary);
    const std::string original((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
    REQUIRE(!original.empty());
    const char replacements[] = {'"', '{', '}', '[', ']', ',', ':', '\\', '#', 'x', '0', ' ', '\n'};
    std::uint32_t state = 12345;
    const auto next = [&state] { return state = state * 1664525u + 1013904223u; };
    int errors = 0;
    for (int round = 0; round < 3000; ++round) {
      std::string text = original;
      const std::size_t at = next() % text.size();
      switch (next() % 3) {
        case 0:
          text.erase(at, 1);
          break;
        case 1:
          text.insert(at, 1, text[at]);
          break;
        default:
          text[at] = replacements[next() % sizeof(replacements)];
      }
      try {
        RegionCatalogue::from_string(text, "fuzz.json");
      } catch (const CatalogueError& error) {
        ++errors;
        CAPTURE(std::string(error.what()));
        CHECK(error.line() >= 1);
        CHECK(std::string(error.what()).starts_with("fuzz.json:"));
      }
    }
    MESSAGE("damaged copies rejected: " << errors << " of 3000");
    CHECK(errors > 500);  // most damage lands inside descriptions and is still valid
  }

  // A file may declare its own layers (docs/regions.md): their ids, names, and how what lies on
  // them is drawn. Its groups then lie on those, and every mistake names its line.
  TEST_CASE("a file's own layers, and what is wrong with them") {
    const auto with_layers = [](const std::string& layers, const std::string& text = kValid) {
      std::string out = text;
      const std::size_t at = out.find("  \"groups\": [");
      REQUIRE(at != std::string::npos);
      out.insert(at, "  \"layers\": [" + layers + "],\n");
      return out;
    };
    const std::string deep =
        R"({"id": "muscles", "name": "Muscles"}, {"id": "deep", "name": "Deep muscles"})";
    const std::string hamstrings_deep =
        edited("\"description\": \"Back thigh.\"", "\"description\": \"Back thigh.\", \"layer\": \"deep\"");
    const RegionCatalogue own = RegionCatalogue::from_string(with_layers(deep, hamstrings_deep), "own.json");
    REQUIRE(own.layers().size() == 2);
    CHECK(own.layers()[1].name == "Deep muscles");
    CHECK_FALSE(own.layers()[1].envelope);
    CHECK(own.layers()[1].occludes);
    CHECK(own.layer_ids() == std::vector<std::string>{"muscles", "deep"});
    CHECK(own.find_group("hamstrings")->layer == "deep");
    CHECK(own.find_group("quadriceps")->layer == "muscles");  // by default, and it is declared
    // Without "layers" a file takes the built-in ones.
    CHECK(RegionCatalogue::from_string(kValid, "older.json").layers() == RegionCatalogue::builtin().layers());

    SUBCASE("a group on a layer the file does not declare") {
      const CatalogueError error =
          error_of(with_layers(R"({"id": "deep", "name": "Deep"})", hamstrings_deep));
      CHECK(error.field() == "groups[0]");
      CHECK(contains(error.what(), "missing \"layer\" (no layer \"muscles\" to put it on by default)"));
      CHECK(contains(error.what(), "expected the layer that shows and hides the group: one of deep"));
      const CatalogueError unknown =
          error_of(with_layers(deep, edited("\"description\": \"Back thigh.\"",
                                            "\"description\": \"Back thigh.\", \"layer\": \"skin\"")));
      CHECK(unknown.field() == "groups[1].layer");
      CHECK(contains(unknown.what(), "unknown layer \"skin\"; expected one of muscles, deep"));
    }
    SUBCASE("a duplicate id") {
      const CatalogueError error =
          error_of(with_layers(R"({"id": "muscles", "name": "A"}, {"id": "muscles", "name": "B"})"));
      CHECK(error.field() == "layers[1].id");
      CHECK(contains(error.what(), "duplicate layer id \"muscles\""));
    }
    SUBCASE("two envelopes, or an envelope that hides highlights") {
      const CatalogueError two = error_of(with_layers(
          R"({"id": "muscles", "name": "M", "envelope": true}, {"id": "skin", "name": "S", "envelope": true})"));
      CHECK(two.field() == "layers[1].envelope");
      CHECK(contains(two.what(),
                     "layer \"muscles\" already wraps the rest; expected at most one envelope layer"));
      const CatalogueError hides =
          error_of(with_layers(R"({"id": "muscles", "name": "M", "envelope": true, "occludes": true})"));
      CHECK(hides.field() == "layers[0].occludes");
    }
    SUBCASE("a flag that is not true or false, an unknown field, an empty list") {
      CHECK(error_of(with_layers(R"({"id": "muscles", "name": "M", "envelope": "yes"})")).field() ==
            "layers[0].envelope");
      CHECK(contains(error_of(with_layers(R"({"id": "muscles", "name": "M", "envelope": "yes"})")).what(),
                     "expected true or false, found \"yes\""));
      CHECK(error_of(with_layers(R"({"id": "muscles", "name": "M", "colour": "#ffffff"})")).field() ==
            "layers[0].colour");
      CHECK(error_of(with_layers("")).field() == "layers");
      CHECK(error_of(with_layers(R"({"id": "Muscles", "name": "M"})")).field() == "layers[0].id");
    }
    SUBCASE("layers in a file that maps meshes only") {
      const CatalogueError error = error_of(
          R"({"format_version": 1, "layers": [{"id": "muscles", "name": "M"}], "meshes": {"a": "femur"}})");
      CHECK(error.field() == "layers");
      CHECK(contains(error.what(), "a mapping-only file uses the built-in layers and groups"));
    }
  }

}  // TEST_SUITE
