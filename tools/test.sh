#!/usr/bin/env bash
# Every check CI runs, in one go, on a fresh Debian/Ubuntu machine (about 40 minutes on 2 cores):
#   1. tools/setup.sh: the Debian packages and the Release build in build/;
#   2. the test suite in build/ (ctest labels cpu, gl, gui and soak; see tests/CMakeLists.txt);
#   3. kneeviz installed into a temporary prefix and packaged as a .deb, each run from elsewhere
#      (tools/test-install.sh);
#   4. the suite again built with AddressSanitizer and UndefinedBehaviorSanitizer (build-asan/);
#   5. kneeviz render under valgrind's memcheck;
#   6. a bounded run of the libFuzzer targets, one per reader of outside input (build-fuzz/), with
#      a fixed seed: the inputs it tries are the same every run (tools/fuzz.sh explores anew).
# Stops at the first stage that fails, with a non-zero exit.
set -euo pipefail
cd "$(dirname "$0")/.."

stage() {
  local name=$1
  shift
  local start=$SECONDS
  echo "== kneeviz test: $name"
  "$@"
  echo "== kneeviz test: $name passed in $((SECONDS - start)) s"
}

stage "setup and build" bash tools/setup.sh
stage "test suite" ctest --test-dir build --output-on-failure -j2
stage "install and package" bash tools/test-install.sh
stage "sanitizers" bash tools/test-sanitized.sh
stage "valgrind" bash tools/valgrind-render.sh
stage "fuzzing" env KNEEVIZ_FUZZ_SEED=1 bash tools/fuzz.sh 15
echo "== kneeviz test: everything passed in $SECONDS s"
