// The committed model is exactly what the generator produces now: regenerate in-process and
// compare bytes with assets/models/leg.glb.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>

#include "glb_fixture.h"

#ifdef LEGGEN_HAVE_GENERATOR
#include "leg_model.h"
#endif

TEST_CASE("leggen_reproducible") {
#ifdef LEGGEN_HAVE_GENERATOR
  std::ifstream file(LEGGEN_MODEL_PATH, std::ios::binary);
  REQUIRE(file.good());
  const std::vector<uint8_t> committed((std::istreambuf_iterator<char>(file)),
                                       std::istreambuf_iterator<char>());
  const std::vector<uint8_t> generated = leggen::encode_glb(leggen::build_leg_model());
  CHECK(generated.size() == committed.size());
  CHECK_MESSAGE(generated == committed,
                "assets/models/leg.glb is stale: run leggen --out assets/models/leg.glb");
#else
  MESSAGE("generator not built (KNEEVIZ_BUILD_LEGGEN off): skipped");
  leggen_test::request_skip();
#endif
}
