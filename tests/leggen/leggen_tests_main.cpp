#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "glb_fixture.h"

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (result == 0 && leggen_test::skip_requested()) return 77;
  return result;
}
