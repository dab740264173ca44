#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan + UBSan) into build-fuzz/ and runs each
# for a bounded time on a scratch copy of its seeds, so the repository's corpora stay as they are.
# Exits non-zero when any target crashes, hangs, leaks or runs out of memory, after naming the input
# that did it and how to reproduce it.
#   tools/fuzz.sh [SECONDS_PER_TARGET [NAME...]]    (default: 20 s for every target)
# KNEEVIZ_FUZZ_SEED=N fixes libFuzzer's random seed (CI does, so that a run explores the same
# inputs every time and fails only for a change in kneeviz); unset, every run explores anew.
set -euo pipefail
cd "$(dirname "$0")/.."

seconds=${1:-20}
shift $(($# > 0 ? 1 : 0))
build=build-fuzz

cmake -S . -B "$build" -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
  -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKNEEVIZ_BUILD_FUZZERS=ON \
  -DKNEEVIZ_BUILD_TESTS=OFF -DKNEEVIZ_BUILD_LEGGEN=OFF > /dev/null
cmake --build "$build" --parallel "$(nproc)"

names=("$@")
if ((${#names[@]} == 0)); then
  for seeds in "$build"/tests/fuzz/fuzz_*.seeds; do
    name=$(basename "$seeds" .seeds)
    names+=("${name#fuzz_}")
  done
fi

scratch=$(mktemp -d "${TMPDIR:-/tmp}/kneeviz-fuzz.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
artifacts="$build/fuzz-artifacts"
mkdir -p "$artifacts"
export UBSAN_OPTIONS=print_stacktrace=1
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan.supp"

failed=()
for name in "${names[@]}"; do
  fuzzer="$build/tests/fuzz/fuzz_$name"
  corpus="$scratch/$name"
  mkdir -p "$corpus"
  while read -r seed; do
    if [[ -d "$seed" ]]; then cp "$seed"/* "$corpus"/; else cp "$seed" "$corpus"/; fi
  done < "$fuzzer.seeds"
  dictionary=()
  if [[ -f "tests/fuzz/dictionaries/$name.dict" ]]; then
    dictionary=("-dict=tests/fuzz/dictionaries/$name.dict")
  fi

  log="$artifacts/$name.log"
  seed=()
  if [[ -n "${KNEEVIZ_FUZZ_SEED:-}" ]]; then seed=("-seed=$KNEEVIZ_FUZZ_SEED"); fi
  if "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 "${seed[@]}" \
       -artifact_prefix="$artifacts/$name-" "${dictionary[@]}" "$corpus" > "$log" 2>&1; then
    echo "fuzz_$name: $(grep -o 'Done [0-9]* runs in [0-9]* second(s)' "$log"), no crash"
  else
    failed+=("$name")
    echo "fuzz_$name: FAILED; the end of its log ($log):"
    tail -n 40 "$log"
    input=$(grep -o "Test unit written to .*" "$log" | sed 's/Test unit written to //' | tail -n 1 || true)
    echo "The input that failed: ${input:-(none written)}"
    echo "Reproduce:  $fuzzer ${input:-INPUT}"
    echo "Minimise:   $fuzzer -minimize_crash=1 -runs=100000 ${input:-INPUT}"
    echo "Then fix the reader and add the minimised input to tests/fuzz/regressions/$name/."
  fi
done

if ((${#failed[@]})); then
  echo "fuzzing failed for: ${failed[*]}"
  exit 1
fi
