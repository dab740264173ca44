#!/usr/bin/env bash
# kneeviz against f3d (cold still to PNG) and against the floor (frame time), in one go.
# Prints figures and ratios; never fails on a figure (see docs/performance.md for the targets).
#
#   bench/compare.sh [path/to/kneeviz]      default: $KNEEVIZ, then build/kneeviz
#
# Runs: 5 cold renders of assets/models/leg.glb to a 1920x1080 PNG by each of kneeviz and f3d
# (a new process each time, after one untimed run so both find the file in the page cache), then
# `kneeviz bench` and bench/floor.c drawing the same triangles at 1920x1080, 8x MSAA.
# f3d (Debian's package) is installed with apt-get when missing; without a display it runs on a
# private Xvfb, as Debian's f3d has no EGL/offscreen backend.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
kneeviz=${1:-${KNEEVIZ:-$root/build/kneeviz}}
model=$root/assets/models/leg.glb
runs=5
frames=${FRAMES:-120}
work=$(mktemp -d)
xvfb_pid=
cleanup() {
  [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$kneeviz" ]; then
  echo "compare.sh: no kneeviz at $kneeviz (build it, or pass its path)" >&2
  exit 2
fi

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR == 0) print "nan"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b + 0 > 0 && a != "nan") printf "%.2f", a / b; else print "n/a" }'; }

# Milliseconds of wall time of one command; nothing printed when it fails or writes no $2.
time_render() {
  local out=$1; shift
  rm -f "$out"
  local start end
  start=$(date +%s%N)
  "$@" >"$work/log" 2>&1
  end=$(date +%s%N)
  [ -s "$out" ] && echo $(((end - start) / 1000000))
}

echo "== machine: $(nproc) cores, $(uname -r); $(date -u +%Y-%m-%dT%H:%MZ)"

# --- kneeviz, cold still -------------------------------------------------------------------------
kneeviz_still() { time_render "$work/kneeviz.png" "$kneeviz" render --model "$model" --size 1920x1080 --out "$work/kneeviz.png"; }
kneeviz_still >/dev/null
kneeviz_times=$(for _ in $(seq $runs); do kneeviz_still; done)
kneeviz_median=$(echo "$kneeviz_times" | median)
echo "kneeviz render, cold, 1920x1080, --msaa 8 (the driver may clamp it): $(echo $kneeviz_times) ms; median $kneeviz_median ms"

# --- f3d, cold still -----------------------------------------------------------------------------
f3d_median=nan
if ! command -v f3d >/dev/null; then
  echo "compare.sh: f3d is missing: installing Debian's f3d with apt-get"
  if [ "$(id -u)" = 0 ]; then sudo=; else sudo=sudo; fi
  $sudo apt-get install -y --no-install-recommends f3d >"$work/apt.log" 2>&1 ||
    { $sudo apt-get update >>"$work/apt.log" 2>&1 && $sudo apt-get install -y --no-install-recommends f3d >>"$work/apt.log" 2>&1; } ||
    echo "compare.sh: f3d could not be installed (apt-get failed; see the log above this line's run)"
fi
if command -v f3d >/dev/null; then
  f3d_env=()
  if [ -z "${DISPLAY:-}" ]; then
    if command -v Xvfb >/dev/null; then
      for n in $(seq 90 120); do [ -e /tmp/.X11-unix/X$n ] || [ -e /tmp/.X$n-lock ] || break; done
      Xvfb ":$n" -screen 0 1920x1080x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
      xvfb_pid=$!
      sleep 2
      f3d_env=(env "DISPLAY=:$n")
      echo "f3d: no display here: running it on a private Xvfb :$n (started before the timing, not timed)"
    else
      echo "f3d: no display and no Xvfb: Debian's f3d cannot render headless here"
    fi
  fi
  f3d_still() { time_render "$work/f3d.png" "${f3d_env[@]}" f3d --dry-run --output="$work/f3d.png" --resolution=1920,1080 "$model"; }
  if [ -n "$(f3d_still)" ]; then
    f3d_times=$(for _ in $(seq $runs); do f3d_still; done)
    f3d_median=$(echo "$f3d_times" | median)
    echo "f3d $(f3d --version 2>/dev/null | head -1 | awk '{print $2}') --output, cold, 1920x1080: $(echo $f3d_times) ms; median $f3d_median ms"
  else
    echo "f3d: could not render here:"; sed 's/^/    /' "$work/log" | tail -5
  fi
else
  echo "f3d: not available: no kneeviz/f3d ratio"
fi

# --- frame time: kneeviz bench against the floor -------------------------------------------------
"$kneeviz" bench --model "$model" --dump-triangles "$work/leg.tri" >/dev/null 2>&1
floor_median=nan
floor_peak=nan
if cc -O2 -o "$work/floor" "$root/bench/floor.c" -lEGL -lOpenGL -lm 2>"$work/cc.log"; then
  floor_out=$("$work/floor" "$work/leg.tri" "$frames")
  echo "$floor_out" | grep -v '^FLOOR_'
  floor_median=$(echo "$floor_out" | sed -n 's/^FLOOR_MEDIAN_MS=//p')
  floor_peak=$(echo "$floor_out" | sed -n 's/^FLOOR_PEAK_MB=//p')
else
  echo "floor: does not build here:"; sed 's/^/    /' "$work/cc.log" | head -5
fi
bench_out=$("$kneeviz" bench --model "$model" --frames "$frames")
echo "$bench_out"
bench_median=$(echo "$bench_out" | sed -n 's/.*frame time *median \([0-9.]*\) ms.*/\1/p')
orbit_p95=$(echo "$bench_out" | sed -n 's/.*orbiting *median [0-9.]* ms, p95 \([0-9.]*\) ms.*/\1/p')
bench_peak=$(echo "$bench_out" | sed -n 's/.*peak resident *\([0-9.]*\) MB.*/\1/p')

echo
echo "== summary (medians)"
echo "cold still to PNG:  kneeviz $kneeviz_median ms, f3d $f3d_median ms: kneeviz/f3d = $(ratio "$kneeviz_median" "$f3d_median") (target < 0.5)"
echo "orbiting, p95:      kneeviz $orbit_p95 ms against the floor's full frame $floor_median ms: $(ratio "$orbit_p95" "$floor_median") (target <= 0.4)"
echo "still frame:        kneeviz $bench_median ms, floor $floor_median ms: kneeviz/floor = $(ratio "$bench_median" "$floor_median") (no target)"
echo "peak resident:      kneeviz $bench_peak MB, floor $floor_peak MB: kneeviz/floor = $(ratio "$bench_peak" "$floor_peak") (target: kneeviz < 200 MB)"
