#!/usr/bin/env bash
# `kneeviz render` of the bundled leg under valgrind's memcheck: no invalid reads or writes, no
# uninitialised values, no definite leaks. Mesa and glibc reports that are not kneeviz's are
# suppressed by tools/sanitizers/valgrind.supp. Needs build/ (tools/setup.sh). Takes minutes:
# llvmpipe's JIT-compiled shaders run on valgrind's emulated CPU. For where an uninitialised
# value came from, add --track-origins=yes (slower still).
set -euo pipefail
cd "$(dirname "$0")/.."
out=$(mktemp -d "${TMPDIR:-/tmp}/kneeviz-valgrind.XXXXXX")
trap 'rm -rf "$out"' EXIT
# Mesa's on-disk shader cache stays off: a shader it has not seen before (after any change to the
# shaders, or on a fresh machine) is compressed and written by a cache thread whose zstd reads
# bytes Mesa never set, and memcheck reports thousands of those, none of them kneeviz's. With the
# cache off the run is the same whatever the machine has cached.
MESA_SHADER_CACHE_DISABLE=true valgrind --tool=memcheck --error-exitcode=3 --leak-check=full --errors-for-leak-kinds=definite \
  --num-callers=40 --suppressions=tools/sanitizers/valgrind.supp \
  build/kneeviz render --technique front-thigh-glide --time 3 --size 320x240 --msaa 4 \
  --out "$out/render.png" 2> "$out/valgrind.log" || {
  status=$?
  cat "$out/valgrind.log" >&2
  echo "valgrind-render: memcheck found errors in kneeviz render (exit $status)" >&2
  exit 1
}
grep -E "ERROR SUMMARY|definitely lost|in use at exit" "$out/valgrind.log"
test -s "$out/render.png"
echo "valgrind-render: kneeviz render ran clean under memcheck"
