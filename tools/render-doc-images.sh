#!/usr/bin/env bash
# Renders the pictures in docs/images/ with `kneeviz render`, headless. Run after tools/setup.sh,
# and again whenever the leg or the renderer changes what they show.
set -euo pipefail
cd "$(dirname "$0")/.."
kneeviz=./build/kneeviz
out=docs/images
mkdir -p "$out"
size=640x1100  # the standing leg is tall and narrow: a portrait frame wastes no space

for view in anterior posterior lateral medial; do
  "$kneeviz" render --view "$view" --size "$size" --out "$out/leg-$view.png"
  "$kneeviz" render --view "$view" --size "$size" --hide skin --out "$out/leg-$view-no-skin.png"
done
"$kneeviz" render --view -60,10 --size 800x900 --knee-flexion 90 --out "$out/leg-flexed-90.png"
"$kneeviz" render --view -60,10 --size 800x900 --knee-flexion 90 --hide skin \
  --out "$out/leg-flexed-90-no-skin.png"

# The knee's bones from the side as it bends (0, 45, 90 and 120 degrees): the tibia turning on the
# femoral condyles, the patella riding down the trochlea (docs/leg-model.md).
bent=()
for degrees in 0 45 90 120; do
  frame=$(mktemp --suffix=.png)
  "$kneeviz" render --view lateral --frame patella --knee-flexion "$degrees" --size 420x420 \
    --layers skin=0,muscles=0,it-band=0,lymphatic=0,vessels=0 --out "$frame" > /dev/null
  bent+=(-i "$frame")
done
ffmpeg -loglevel error -y "${bent[@]}" -filter_complex "hstack=inputs=4" -frames:v 1 "$out/knee-articulation.png"
for ((i = 1; i < ${#bent[@]}; i += 2)); do rm -f "${bent[$i]}"; done
# The muscles' fibres in a close-up of the front of the knee, skin off.
"$kneeviz" render --view 30,0 --frame patella --layers skin=0 --size 900x700 --out "$out/knee-fibres-closeup.png"

# Each region group from the side that shows it best, with the skin on as the window opens.
while read -r group view; do
  "$kneeviz" render --highlight "$group" --view "$view" --size "$size" \
    --out "$out/regions-$group-$view.png"
done <<'GROUPS'
quadriceps anterior
hamstrings posterior
it-band lateral
lymphatic anterior
lymphatic posterior
adductors medial
calf posterior
GROUPS
# A close-up of the lymph flowing up from the back of the knee to the popliteal nodes.
"$kneeviz" render --highlight lymphatic --layers skin=0.35 --view 160,10 --frame popliteal-nodes \
  --time 0.6 --size 900x900 --out "$out/regions-lymphatic-flow-closeup.png"

# The client on the table in each position (docs/client.md), joined side by side.
positions=()
for position in supine prone side-lying; do
  frame=$(mktemp --suffix=.png)
  "$kneeviz" render --position "$position" --size 640x420 --out "$frame" > /dev/null
  positions+=(-i "$frame")
done
ffmpeg -loglevel error -y "${positions[@]}" -filter_complex "hstack=inputs=3" -frames:v 1 "$out/client-positions.png"
for ((i = 1; i < ${#positions[@]}; i += 2)); do rm -f "${positions[$i]}"; done

# Each technique at five moments spread over the whole of it (its phases differ in what the hands
# do), side by side, joined with ffmpeg (which kneeviz records with).
"$kneeviz" list techniques --json | python3 -c '
import json, sys
for technique in json.load(sys.stdin):
    duration = technique["duration_s"]
    print(technique["id"], " ".join("%.1f" % (duration * f) for f in (0.05, 0.25, 0.45, 0.65, 0.85)))
' | while read -r id technique_times; do
  frames=()
  for t in $technique_times; do
    frame=$(mktemp --suffix=.png)
    "$kneeviz" render --technique "$id" --time "$t" --size 560x380 --out "$frame" > /dev/null < /dev/null
    frames+=("$frame")
  done
  inputs=()
  for frame in "${frames[@]}"; do inputs+=(-i "$frame"); done
  ffmpeg -nostdin -loglevel error -y "${inputs[@]}" -filter_complex "hstack=inputs=${#frames[@]}" -frames:v 1 \
    "$out/technique-$id.png"
  rm -f "${frames[@]}"
done

# The window on a 1920x1080 screen with a technique playing, as a projector shows it from the back
# of a room (downscaled to 960x540). Needs xvfb-run; skipped without it.
if command -v xvfb-run > /dev/null; then
  config=$(mktemp -d)
  shot=$(mktemp --suffix=.png)
  XDG_CONFIG_HOME="$config" xvfb-run -a -s "-screen 0 1920x1080x24" "$kneeviz" --technique front-thigh-glide \
    --exit-after-frames 40 --screenshot "$shot" > /dev/null
  ffmpeg -loglevel error -y -i "$shot" -vf scale=960:540 "$out/window-technique-projector.png"
  rm -rf "$config" "$shot"
fi
