// Bad clinic files: each error names the file, the real line and column, and the field, and says
// what was expected. Every case edits one line of a small valid file.

#include <doctest/doctest.h>

#include <string>

#include "clinic/clinic_content.h"
#include "support/test_files.h"

using kneeviz::clinic::ClinicContent;
using kneeviz::clinic::ClinicError;
using kneeviz::clinic::parse_clinic;
using kneeviz::clinic::read_clinic_file;

namespace {

// Line numbers matter below: line 1 is the opening brace.
const std::string kValid = R"({
  "format_version": 1,
  "safety": {
    "contraindications": [
      {"id": "osteoporosis", "title": "Osteoporosis", "why": "Fragile bones; ask a doctor."}
    ],
    "see_a_provider": [
      {"id": "redness", "sign": "Redness", "note": "Have it examined."}
    ],
    "complements": "Massage complements therapy and does not replace diagnosis."
  },
  "pain_map": [
    {
      "id": "lateral",
      "name": "Outside of the knee",
      "where": "outer side",
      "description": "IT band.",
      "structures": ["iliotibial-tract"],
      "techniques": ["it-band-release"]
    }
  ],
  "caution_zones": [
    {"id": "popliteal-fossa", "name": "Popliteal fossa", "why": "Vessels and a nerve.",
     "segment": "knee", "from": 0.2, "to": 0.8, "angle_from_deg": 140, "angle_to_deg": 220}
  ]
}
)";

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  text.replace(at, from.size(), to);
  return text;
}

ClinicError error_of(const std::string& text) {
  try {
    parse_clinic(text, "bad.json");
  } catch (const ClinicError& error) {
    return error;
  }
  FAIL("expected a ClinicError");
  return ClinicError("", 0, 0, "", "");
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("a small valid clinic file reads") {
    const ClinicContent content = parse_clinic(kValid, "ok.json");
    CHECK(content.spot("lateral") != nullptr);
    CHECK(content.spot("lateral")->structure_positions.at(0).line == 18);
    CHECK(content.caution_zone("popliteal-fossa")->to == doctest::Approx(0.8));
  }

  TEST_CASE("malformed JSON names the file line and column") {
    const ClinicError error =
        error_of(replaced(kValid, R"("where": "outer side",)", R"("where": "outer side")"));
    CHECK(error.file() == "bad.json");
    CHECK(error.line() == 17);
    CHECK(error.field().empty());
    CHECK(std::string(error.what()).find("bad.json:17:") == 0);
    CHECK(std::string(error.what()).find("malformed JSON") != std::string::npos);
  }

  TEST_CASE("a missing field names its object and what was expected") {
    const ClinicError error = error_of(replaced(kValid, R"("name": "Outside of the knee",)", ""));
    CHECK(error.line() == 13);
    CHECK(error.field() == "pain_map[0].name");
    CHECK(std::string(error.what()).find("bad.json:13:") == 0);
    CHECK(std::string(error.what()).find("pain_map[0].name: missing; expected") != std::string::npos);
  }

  TEST_CASE("a wrong type names the field and the line") {
    const ClinicError error = error_of(replaced(kValid, R"(["it-band-release"])", R"("it-band-release")"));
    CHECK(error.line() == 19);
    CHECK(error.field() == "pain_map[0].techniques");
    CHECK(std::string(error.what()).find("expected a non-empty array of technique ids, found a string") !=
          std::string::npos);
  }

  TEST_CASE("an unknown field is reported with the known ones") {
    const ClinicError error = error_of(replaced(kValid, R"("redness", "sign")", R"("redness", "sing")"));
    CHECK(error.line() == 8);
    CHECK(error.field() == "safety.see_a_provider[0].sing");
    CHECK(std::string(error.what()).find("expected one of: id, sign, note") != std::string::npos);
  }

  TEST_CASE("a position outside 0 to 1 and a bad segment are refused") {
    ClinicError error = error_of(replaced(kValid, R"("to": 0.8)", R"("to": 1.8)"));
    CHECK(error.line() == 24);
    CHECK(error.field() == "caution_zones[0].to");
    CHECK(std::string(error.what()).find("expected a position along the segment from 0 to 1, found 1.8") !=
          std::string::npos);
    error = error_of(replaced(kValid, R"("segment": "knee")", R"("segment": "hip")"));
    CHECK(error.field() == "caution_zones[0].segment");
    CHECK(std::string(error.what()).find("expected \"thigh\", \"knee\" or \"shank\"") != std::string::npos);
    error = error_of(replaced(kValid, R"("segment": "knee")", R"("segment": "knee", "shape": "circle")"));
    CHECK(error.field() == "caution_zones[0].shape");
    CHECK(
        std::string(error.what()).find("expected \"band\", \"triangle\" or \"diamond\", found \"circle\"") !=
        std::string::npos);
  }

  TEST_CASE("a zone's structures are optional kebab-case ids each given once") {
    CHECK(parse_clinic(kValid, "ok.json").caution_zone("popliteal-fossa")->structures.empty());
    const std::string with =
        replaced(kValid, R"("segment": "knee")",
                 R"("segment": "knee", "structures": ["popliteal-artery", "tibial-nerve"])");
    const ClinicContent content = parse_clinic(with, "ok.json");
    const auto* zone = content.caution_zone("popliteal-fossa");
    CHECK(zone->structures == std::vector<std::string>{"popliteal-artery", "tibial-nerve"});
    CHECK(zone->structure_positions.at(1).line == 24);
    ClinicError error = error_of(replaced(with, R"("tibial-nerve"])", R"("Tibial nerve"])"));
    CHECK(error.field() == "caution_zones[0].structures[1]");
    CHECK(std::string(error.what()).find("expected a structure id (a kebab-case string)") !=
          std::string::npos);
    error = error_of(replaced(with, R"("tibial-nerve"])", R"("popliteal-artery"])"));
    CHECK(error.field() == "caution_zones[0].structures[1]");
    CHECK(std::string(error.what()).find("listed twice") != std::string::npos);
    // Known to the catalogue or reported with its line, as the pain map's ids are.
    const ClinicContent unknown =
        parse_clinic(replaced(with, R"("tibial-nerve"])", R"("sciatic-nerve"])"), "z.json");
    const auto problems =
        unknown.validate_against(kneeviz::anatomy::RegionCatalogue::builtin(), {"it-band-release"});
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].field == "caution_zones[0].structures[1]");
    CHECK(problems[0].message.find("z.json:24:") == 0);
    CHECK(problems[0].message.find("unknown structure \"sciatic-nerve\"") != std::string::npos);
  }

  TEST_CASE("wrong version duplicate keys and ids that are not kebab case are refused") {
    CHECK(error_of(replaced(kValid, R"("format_version": 1)", R"("format_version": 2)")).field() ==
          "format_version");
    const ClinicError duplicate =
        error_of(replaced(kValid, R"("where": "outer side",)", R"("where": "outer side", "where": "x",)"));
    CHECK(duplicate.line() == 16);
    CHECK(duplicate.field() == "pain_map[0].where");
    const ClinicError id = error_of(replaced(kValid, R"("id": "lateral")", R"("id": "Lateral")"));
    CHECK(id.line() == 14);
    CHECK(id.field() == "pain_map[0].id");
  }

  TEST_CASE("a file that cannot be opened is named") {
    kneeviz::test::TempDir folder;
    try {
      read_clinic_file(folder / "missing.json");
      FAIL("expected a ClinicError");
    } catch (const ClinicError& error) {
      CHECK(error.line() == 0);
      CHECK(std::string(error.what()).find("missing.json: cannot open the file") != std::string::npos);
    }
    kneeviz::test::write_text(folder / "bad.json", replaced(kValid, R"("id": "osteoporosis", )", ""));
    try {
      read_clinic_file(folder / "bad.json");
      FAIL("expected a ClinicError");
    } catch (const ClinicError& error) {
      CHECK(error.line() == 5);
      CHECK(error.field() == "safety.contraindications[0].id");
      CHECK(std::string(error.what()).find((folder / "bad.json").string() + ":5:") == 0);
    }
  }
}
