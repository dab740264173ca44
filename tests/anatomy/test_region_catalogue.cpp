// The shipped catalogue (assets/regions.json and its built-in copy), queries, search and the
// check of a mapping against a model's meshes.

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "anatomy/region_catalogue.h"

using kneeviz::anatomy::MappingProblem;
using kneeviz::anatomy::RegionCatalogue;
using kneeviz::anatomy::Structure;

namespace {

const std::string kAssets = KNEEVIZ_ASSETS_DIR;

// shared/CONTENT.md's table: every group in order, with its structure ids, and the groups the
// leg model added after it.
const std::vector<std::pair<std::string, std::vector<std::string>>> kContentGroups = {
    {"quadriceps",
     {"rectus-femoris", "vastus-lateralis", "vastus-medialis", "vastus-intermedius", "quadriceps-tendon",
      "patellar-tendon"}},
    {"hamstrings", {"biceps-femoris", "semitendinosus", "semimembranosus"}},
    {"it-band", {"iliotibial-tract", "tensor-fasciae-latae", "gluteus-maximus"}},
    {"lymphatic", {"inguinal-nodes", "popliteal-nodes", "lymph-vessels"}},
    {"adductors", {"adductors", "sartorius", "gracilis"}},
    {"calf",
     {"gastrocnemius", "soleus", "tibialis-anterior", "achilles-tendon", "fibularis-longus",
      "fibularis-brevis", "extensor-digitorum-longus", "deep-posterior-compartment"}},
    {"bones", {"hip-bone", "femur", "patella", "tibia", "fibula", "foot"}},
    {"skin", {"skin"}},
    // Then the leg's second edition: the vessels and nerves of the caution zones.
    {"vessels-nerves",
     {"femoral-artery", "femoral-vein", "femoral-nerve", "popliteal-artery", "popliteal-vein", "tibial-nerve",
      "common-fibular-nerve", "great-saphenous-vein", "small-saphenous-vein"}},
};

std::vector<std::string> ids_of(const std::vector<const Structure*>& structures) {
  std::vector<std::string> ids;
  for (const Structure* structure : structures) ids.push_back(structure->id);
  return ids;
}

// Names of the nodes that carry a mesh in a .glb: what the loader calls Mesh::name. Read straight
// from the GLB's JSON chunk, so this test needs no model loader.
std::vector<std::string> glb_mesh_node_names(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  REQUIRE_MESSAGE(file, "cannot open " << path);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  REQUIRE(bytes.size() > 20);
  REQUIRE(std::memcmp(bytes.data(), "glTF", 4) == 0);
  std::uint32_t json_length = 0;
  std::memcpy(&json_length, bytes.data() + 12, 4);
  REQUIRE(std::memcmp(bytes.data() + 16, "JSON", 4) == 0);
  REQUIRE(20 + json_length <= bytes.size());
  const auto gltf = nlohmann::json::parse(bytes.begin() + 20, bytes.begin() + 20 + json_length);
  std::vector<std::string> names;
  for (const auto& node : gltf.at("nodes"))
    if (node.contains("mesh")) names.push_back(node.value("name", ""));
  return names;
}

}  // namespace

TEST_SUITE("cpu") {
  TEST_CASE("the shipped assets/regions.json parses and equals the built-in catalogue") {
    const RegionCatalogue from_file = RegionCatalogue::from_file(kAssets + "/regions.json");
    const RegionCatalogue builtin = RegionCatalogue::builtin();
    CHECK(from_file == builtin);
    CHECK(from_file.source() == kAssets + "/regions.json");
    CHECK(builtin.format_version() == 1);
    CHECK(builtin.groups().size() == kContentGroups.size());
    CHECK(builtin.structures().size() == 42);
  }

  TEST_CASE("every structure of CONTENT.md is in the catalogue, in its group, with a description") {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    std::size_t expected_structures = 0;
    for (std::size_t index = 0; index < kContentGroups.size(); ++index) {
      const auto& [group_id, structure_ids] = kContentGroups[index];
      CAPTURE(group_id);
      // The groups come in CONTENT.md's order: the panel lists them that way.
      REQUIRE(catalogue.groups()[index].id == group_id);
      CHECK(catalogue.structure_ids_in(group_id) == structure_ids);
      for (const std::string& id : structure_ids) {
        CAPTURE(id);
        const Structure* structure = catalogue.find_structure(id);
        REQUIRE(structure != nullptr);
        CHECK(structure->group == group_id);
        REQUIRE(catalogue.group_of(id) != nullptr);
        CHECK(catalogue.group_of(id)->id == group_id);
        CHECK(!structure->name.empty());
        // One to three short sentences.
        CHECK(structure->description.size() >= 40);
        CHECK(structure->description.size() <= 400);
        // For the bundled leg, mesh name == structure id, and a muscle whose tendon is drawn as
        // tendon has that mesh too, "<id>-tendon".
        std::vector<std::string> meshes = catalogue.meshes_of(id);
        std::sort(meshes.begin(), meshes.end());
        if (meshes.size() == 2) CHECK(meshes[1] == id + "-tendon");
        REQUIRE(!meshes.empty());
        CHECK(meshes[0] == id);
        CHECK(meshes.size() <= 2);
        for (const std::string& mesh : meshes) {
          REQUIRE(catalogue.structure_for_mesh(mesh) != nullptr);
          CHECK(catalogue.structure_for_mesh(mesh)->id == id);
        }
      }
      expected_structures += structure_ids.size();
    }
    CHECK(catalogue.structures().size() == expected_structures);
    CHECK(catalogue.find_structure("not-a-structure") == nullptr);
    CHECK(catalogue.find_group("not-a-group") == nullptr);
    CHECK(catalogue.structure_for_mesh("Vastus_lateralis_R") == nullptr);
    CHECK(catalogue.structure_ids_in("not-a-group").empty());
  }

  TEST_CASE("the built-in mapping fits the bundled leg model exactly") {
    const std::vector<std::string> meshes = glb_mesh_node_names(kAssets + "/models/leg.glb");
    CHECK(meshes.size() == 52);
    const auto problems = RegionCatalogue::builtin().check_against(meshes);
    for (const MappingProblem& problem : problems) MESSAGE(problem.message);
    CHECK(problems.empty());
  }

  TEST_CASE("search: case-insensitive substring over id and name, best matches first") {
    const RegionCatalogue catalogue = RegionCatalogue::builtin();
    CHECK(ids_of(catalogue.search("vast")) ==
          std::vector<std::string>{"vastus-lateralis", "vastus-medialis", "vastus-intermedius"});
    CHECK(ids_of(catalogue.search("VAST")) == ids_of(catalogue.search("vast")));
    CHECK(ids_of(catalogue.search("Vastus M")) == std::vector<std::string>{"vastus-medialis"});

    // An exact id beats a structure that merely starts with it.
    const auto adductors = ids_of(catalogue.search("adductors"));
    REQUIRE(!adductors.empty());
    CHECK(adductors.front() == "adductors");

    // Matches at the start of the name come before matches inside a word.
    const auto ten = ids_of(catalogue.search("ten"));
    REQUIRE(ten.size() >= 3);
    CHECK(ten.front() == "tensor-fasciae-latae");  // starts with "ten"
    CHECK(std::find(ten.begin(), ten.end(), "semitendinosus") != ten.end());
    CHECK(std::find(ten.begin(), ten.end(), "patellar-tendon") != ten.end());
    const auto tendon_word = std::find(ten.begin(), ten.end(), "patellar-tendon");
    const auto inside_word = std::find(ten.begin(), ten.end(), "semitendinosus");
    CHECK(tendon_word < inside_word);

    // Display names count, not only ids: "kneecap" is in the patella's name.
    CHECK(ids_of(catalogue.search("kneecap")) == std::vector<std::string>{"patella"});

    // A group's name lists its members after direct matches.
    CHECK(ids_of(catalogue.search("hamstrings")) ==
          std::vector<std::string>{"biceps-femoris", "semitendinosus", "semimembranosus"});

    CHECK(catalogue.search("").empty());
    CHECK(catalogue.search("   ").empty());
    CHECK(catalogue.search("xyzzy").empty());
  }

  TEST_CASE("check_against names the meshes the model lacks, with their lines") {
    // A mapping for another model, as exported from an atlas.
    const std::string text = R"({
  "format_version": 1,
  "model": "atlas-leg.glb",
  "meshes": {
    "Vastus_lateralis_R": "vastus-lateralis",
    "Vastus_medialis_R": "vastus-medialis",
    "Femur_R": "femur",
    "Femur_R_lowres": "femur"
  }
})";
    const RegionCatalogue catalogue = RegionCatalogue::from_string(text, "atlas-regions.json");
    // A mapping-only file takes the built-in groups and structures.
    CHECK(catalogue.groups() == RegionCatalogue::builtin().groups());
    CHECK(catalogue.structures() == RegionCatalogue::builtin().structures());
    CHECK(catalogue.model() == "atlas-leg.glb");
    CHECK(catalogue.structure_for_mesh("Vastus_lateralis_R")->id == "vastus-lateralis");
    CHECK(catalogue.meshes_of("femur") == std::vector<std::string>{"Femur_R", "Femur_R_lowres"});

    const std::vector<std::string> model = {"Vastus_lateralis_R", "Femur_R", "Patella_R"};
    const auto problems = catalogue.check_against(model);
    REQUIRE(problems.size() == 3);

    const MappingProblem& missing = problems[0];
    CHECK(missing.kind == MappingProblem::Kind::MeshMissingFromModel);
    CHECK(missing.is_error());
    CHECK(missing.names == std::vector<std::string>{"Vastus_medialis_R", "Femur_R_lowres"});
    CHECK(missing.message.starts_with("atlas-regions.json:6:"));
    CHECK(missing.message.find("\"Vastus_medialis_R\" (line 6") != std::string::npos);
    CHECK(missing.message.find("\"Femur_R_lowres\" (line 8") != std::string::npos);

    const MappingProblem& unmapped = problems[1];
    CHECK(unmapped.kind == MappingProblem::Kind::MeshNotMapped);
    CHECK(!unmapped.is_error());
    CHECK(unmapped.names == std::vector<std::string>{"Patella_R"});
    CHECK(unmapped.message.find("\"Patella_R\"") != std::string::npos);

    const MappingProblem& unshown = problems[2];
    CHECK(unshown.kind == MappingProblem::Kind::StructureWithoutMesh);
    CHECK(unshown.names.size() == 40);  // all but vastus-lateralis and femur
    CHECK(std::find(unshown.names.begin(), unshown.names.end(), "vastus-medialis") != unshown.names.end());
    CHECK(std::find(unshown.names.begin(), unshown.names.end(), "femur") == unshown.names.end());
  }

  TEST_CASE("colours convert to hex, sRGB and linear") {
    kneeviz::anatomy::Colour colour;
    REQUIRE(kneeviz::anatomy::Colour::parse("#0072B2", colour));
    CHECK(colour.hex() == "#0072b2");
    CHECK(colour.srgb().b == doctest::Approx(178.f / 255.f));
    CHECK(colour.linear().b == doctest::Approx(0.4452f).epsilon(0.001));
    CHECK(colour.linear().r == 0.f);
    CHECK_FALSE(kneeviz::anatomy::Colour::parse("0072B2", colour));
    CHECK_FALSE(kneeviz::anatomy::Colour::parse("#0072B", colour));
    CHECK_FALSE(kneeviz::anatomy::Colour::parse("#0072BG", colour));
    CHECK_FALSE(kneeviz::anatomy::Colour::parse("blue", colour));
  }

}  // TEST_SUITE
