#!/usr/bin/env bash
# Renders the pictures in docs/images/ with `kneeviz render`, headless. Run after tools/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
kneeviz=./build/kneeviz
out=docs/images
mkdir -p "$out"
size=1200x1500
for view in anterior posterior lateral medial; do
  "$kneeviz" render --view "$view" --size "$size" --out "$out/leg-$view.png"
  "$kneeviz" render --view "$view" --size "$size" --hide skin --out "$out/leg-$view-no-skin.png"
done
"$kneeviz" render --view -60,10 --size "$size" --knee-flexion 90 --out "$out/leg-flexed-90.png"
"$kneeviz" render --view -60,10 --size "$size" --knee-flexion 90 --hide skin \
  --out "$out/leg-flexed-90-no-skin.png"
