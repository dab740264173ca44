// kneeviz practice from the command line, as a teacher would run it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

#include "client/client_scene.h"
#include "support/processes.h"
#include "support/test_files.h"
#include "technique/skin_surface.h"
#include "technique_paths/leg_fixture.h"

using namespace kneeviz;

TEST_SUITE("cpu") {
  TEST_CASE(
      "kneeviz practice writes a reference that scores full marks and names a trace of another technique") {
    const test::TempDir dir;
    const auto reference = dir / "ref.json";
    const test::Run wrote = test::run_program(
        dir, KNEEVIZ_EXECUTABLE,
        {"practice", "reference", "--technique", "calf-glide", "--out", reference.string()});
    INFO(wrote.err);
    REQUIRE(wrote.exit_code == 0);
    const nlohmann::json trace = nlohmann::json::parse(test::read_text(reference), nullptr, false);
    REQUIRE_FALSE(trace.is_discarded());
    CHECK(trace["format_version"] == 1);
    CHECK(trace["technique"] == "calf-glide");
    CHECK(trace["samples"].size() > 100);
    CHECK(trace["samples"][0].contains("pressure"));

    const test::Run scored = test::run_program(
        dir, KNEEVIZ_EXECUTABLE,
        {"practice", "score", "--technique", "calf-glide", "--trace", reference.string(), "--json"});
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
        dir, KNEEVIZ_EXECUTABLE,
        {"practice", "score", "--technique", "knee-friction", "--trace", reference.string()});
    CHECK(other.exit_code == 1);
    CHECK(other.err.find(reference.string() +
                         ": technique: this is a trace of 'calf-glide', not of 'knee-friction'") !=
          std::string::npos);
    const test::Run unknown =
        test::run_program(dir, KNEEVIZ_EXECUTABLE,
                          {"practice", "reference", "--technique", "foot-rub", "--out", reference.string()});
    CHECK(unknown.exit_code == 2);
    CHECK(unknown.err.find("foot-rub") != std::string::npos);
  }

  TEST_CASE("kneeviz practice keeps a named learner's attempts and exports them as CSV") {
    const test::TempDir dir;
    const auto reference = dir / "ref.json";
    const std::string environment = "-u DISPLAY -u WAYLAND_DISPLAY XDG_DATA_HOME=" + (dir / "data").string();
    REQUIRE(
        test::run_program(dir, KNEEVIZ_EXECUTABLE,
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

    const test::Run table = test::run_program(dir, KNEEVIZ_EXECUTABLE,
                                              {"practice", "history", "--learner", "Anna Berg"}, environment);
    INFO(table.err);
    CHECK(table.exit_code == 0);
    CHECK(table.out.find("Anna Berg: 2 attempts") != std::string::npos);
    CHECK(table.out.find("calf-glide") != std::string::npos);

    const auto csv = dir / "anna.csv";
    const test::Run exported = test::run_program(
        dir, KNEEVIZ_EXECUTABLE, {"practice", "history", "--learner", "Anna Berg", "--csv", csv.string()},
        environment);
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
    const test::Run blank = test::run_program(
        dir, KNEEVIZ_EXECUTABLE,
        {"practice", "score", "--technique", "calf-glide", "--trace", reference.string(), "--learner", " "},
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

  // A learner practising in the window traces the leg as the technique's client position lays it;
  // the reference a teacher writes from the command line must lie on that same leg. Side-lying flexes
  // the hip 35 degrees, which moves the skin over the greater trochanter where the IT band release
  // works: a reference laid out on the standing leg's hip sat up to 9 mm off it.
  TEST_CASE("kneeviz practice's reference lies on the leg as the technique's client position draws it") {
    const test::TempDir dir;
    const auto reference = dir / "ref.json";
    const test::Run wrote = test::run_program(
        dir, KNEEVIZ_EXECUTABLE,
        {"practice", "reference", "--technique", "it-band-release", "--out", reference.string()});
    INFO(wrote.err);
    REQUIRE(wrote.exit_code == 0);
    const nlohmann::json trace = nlohmann::json::parse(test::read_text(reference), nullptr, false);
    REQUIRE_FALSE(trace.is_discarded());
    REQUIRE(trace["samples"].size() > 100);

    const scene::Model& model = technique::testing::leg();
    client::Supports pillow;
    pillow.pillow = true;
    // The IT band release keeps the knee at one angle throughout; the skin is drawn at it.
    const auto found = std::find_if(technique::testing::shipped_techniques().begin(),
                                    technique::testing::shipped_techniques().end(),
                                    [](const technique::Technique& t) { return t.id == "it-band-release"; });
    REQUIRE(found != technique::testing::shipped_techniques().end());
    const float knee = found->phases.front().knee_flexion_deg;
    for (const technique::Phase& phase : found->phases) REQUIRE(phase.knee_flexion_deg == knee);
    const client::ClientScene stage = client::lay_client(model, {knee}, client::Position::side_lying, pillow);
    REQUIRE(stage.pose.hip_flexion_deg > 20.f);
    const technique::SkinSurface skin = technique::SkinSurface::from_model(model, stage.pose);

    float worst = 0.f;
    std::size_t in_contact = 0;
    for (const nlohmann::json& sample : trace["samples"]) {
      if (!sample["contact"].get<bool>()) continue;
      ++in_contact;
      const glm::vec3 p(sample["p"][0].get<float>(), sample["p"][1].get<float>(),
                        sample["p"][2].get<float>());
      const auto on = skin.closest_point(p);
      REQUIRE(on);
      worst = std::max(worst, glm::length(p - on->point));
    }
    MESSAGE("the reference's contact points lie up to " << worst * 1000.f
                                                        << " mm off the side-lying leg's skin");
    REQUIRE(in_contact > 100);
    CHECK(worst < 0.001f);
  }

}  // TEST_SUITE
