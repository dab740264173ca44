// How the soak judges memory (app/soak.h): growth is measured over the first round's peak, so
// the allocator handing pages back just before the round ends does not look like a baseline, and
// a real leak still shows as later samples climbing past that peak.
#include <doctest/doctest.h>

#include <vector>

#include "app/soak.h"

using kneeviz::app::memory_growth;

TEST_SUITE("cpu") {
  TEST_CASE("soak memory: a dip at the end of the first round is not taken for the baseline") {
    // The figures of a failed CI run: the first round's last sample fell 19 MB as pages were
    // released, and the next round came back to its usual level.
    const std::vector<double> resident = {194.0, 196.6, 203.2, 204.0, 185.1, 185.1,
                                          203.5, 203.5, 205.0, 204.0, 203.4, 205.0};
    const auto growth = memory_growth(resident, 6);
    CHECK(growth.judged);
    CHECK(growth.first_round_peak_mb == doctest::Approx(204.0));
    CHECK(growth.growth_mb == doctest::Approx(1.0));
  }

  TEST_CASE("soak memory: a steady leak shows as growth over the peak of the first round") {
    std::vector<double> resident;
    for (int i = 0; i < 30; ++i) resident.push_back(200.0 + 0.8 * i);  // 0.8 MB a technique
    const auto growth = memory_growth(resident, 10);
    CHECK(growth.first_round_peak_mb == doctest::Approx(207.2));
    CHECK(growth.growth_mb == doctest::Approx(16.0));
  }

  TEST_CASE("soak memory: falling memory is no growth and less than a round is not judged") {
    CHECK(memory_growth(std::vector<double>{210, 205, 200, 190}, 2).growth_mb == 0.0);
    CHECK_FALSE(memory_growth(std::vector<double>{210, 205}, 3).judged);
    CHECK_FALSE(memory_growth(std::vector<double>{}, 0).judged);
  }

}  // TEST_SUITE("cpu")
