#!/usr/bin/env bash
# The test suite built with AddressSanitizer and UndefinedBehaviorSanitizer, in build-asan/.
# Any report fails the test that caused it (UBSan does not recover). Leak checking: see below.
#
# Left out here, run by the Release suite only: the leg generator and its tests (minutes of
# meshing; the committed leg they check is loaded by every GL test here) and the soak (it watches
# resident memory, which ASan's shadow memory and quarantine would swamp).
set -euo pipefail
cd "$(dirname "$0")/.."
#
# Built at -O1 with line tables only (-g1): the sanitizers' reports still name file and line, and
# the build takes half the time it does at -O2 with full debug information (20 minutes of CI's 50).
# Under the sanitizers the geometry sweeps sample every fourth moment (tests/support/sweep.h).
flags="-O1 -g1 -DNDEBUG"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKNEEVIZ_SANITIZE=address,undefined \
  "-DCMAKE_C_FLAGS_RELWITHDEBINFO=$flags" "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=$flags" \
  -DKNEEVIZ_BUILD_LEGGEN=OFF > /dev/null
cmake --build build-asan -j "$(nproc)"
asan=strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# Assimp's OBJ reader leaks on some malformed lines (a regression input of fuzz/model).
export LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp
# Leaks are checked where no GL driver is loaded. Mesa unloads its driver when the display is
# terminated, so what it leaks is reported from an unknown module that no suppression can name;
# kneeviz's own leaks on the GL side are valgrind's to find (tools/valgrind-render.sh).
ASAN_OPTIONS=$asan:detect_leaks=1 ctest --test-dir build-asan --output-on-failure -j2 -L cpu
ASAN_OPTIONS=$asan:detect_leaks=0 ctest --test-dir build-asan --output-on-failure -j2 -LE "cpu|soak"
