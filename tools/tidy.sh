#!/usr/bin/env bash
# clang-tidy over every C++ file of src/ and of the leg generator (tools/leggen and its tests)
# with the project's .clang-tidy (bugprone, performance, modernize and naming, less what it
# explains): exits non-zero on any finding. Needs a configured build folder
# for its compile commands: tools/tidy.sh [BUILD_DIR, default build]. About 8 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build}"
if [[ ! -f "$build/compile_commands.json" ]]; then
  echo "tidy.sh: no $build/compile_commands.json; configure the build first (tools/setup.sh)" >&2
  exit 2
fi
# GCC's own warning options in the compile commands mean nothing to clang.
run-clang-tidy -p "$build" -j "$(nproc)" -quiet -extra-arg=-Wno-unknown-warning-option \
  "$(pwd)/(src|tools/leggen|tests/leggen)/.*\.cpp$"
