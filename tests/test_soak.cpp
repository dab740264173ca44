// The soak: `kneeviz soak` plays every technique in turn for a long simulated session headless,
// drawing the whole scene and the panel with GL checks on, and reports resident memory. Here it
// must play every technique at least twice, meet no GL error, and keep memory flat after the
// first round. Slow (minutes on llvmpipe): labelled "soak".
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "support/processes.h"
#include "support/test_files.h"

using namespace kneeviz;

TEST_SUITE("soak") {
  TEST_CASE("a long session of every technique in turn keeps memory flat and meets no GL error") {
    const test::TempDir dir;
    const test::Run run = test::run_program(dir, KNEEVIZ_EXECUTABLE, {"soak", "--frames", "1600", "--json"});
    INFO(run.err);
    REQUIRE(run.exit_code == 0);  // a GL error stops the soak with exit code 1
    const nlohmann::json figures = nlohmann::json::parse(run.out);
    MESSAGE(figures.dump(2));
    const test::Run list = test::run_program(dir, KNEEVIZ_EXECUTABLE, {"list", "techniques", "--json"});
    const std::size_t shipped = nlohmann::json::parse(list.out).size();
    CHECK(figures["techniques_played"].get<std::size_t>() >= 2 * shipped);
    CHECK(figures["flat"] == true);
    CHECK(figures["growth_mb"].get<double>() <= 16.0);
    // Memory was sampled as each technique ended, so there are figures to judge by.
    CHECK(figures["samples"].size() >= 2 * shipped);
  }

}  // TEST_SUITE("soak")
