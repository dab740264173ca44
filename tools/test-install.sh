#!/usr/bin/env bash
# kneeviz installed as a user would have it, checked after tools/setup.sh has built build/:
#   1. `cmake --install` into a temporary prefix: every file where desktops look for it, the
#      program run from another folder renders headless, and it reads the installed assets (a
#      technique taken out of them is gone from its list);
#   2. the desktop entry, the AppStream metainfo and the manual page validate;
#   3. `cpack -G DEB` makes the Debian package: its control fields name the libraries and Mesa,
#      it holds the same files under /usr, and the program unpacked from it renders too.
# (`apt install ./kneeviz_*.deb` itself changes the machine, so CI does not run it; docs/install.md.)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() {
  echo "test-install: $*" >&2
  exit 1
}

app_id=io.github.kneeviz.kneeviz
expected=(bin/kneeviz share/kneeviz/assets/models/leg.glb share/kneeviz/assets/regions.json
          share/kneeviz/assets/clinic.json share/kneeviz/assets/lessons/massage-for-knee-pain.json
          share/applications/$app_id.desktop share/metainfo/$app_id.metainfo.xml
          share/icons/hicolor/scalable/apps/kneeviz.svg share/man/man1/kneeviz.1.gz)
for size in 16 24 32 48 64 128 256 512; do expected+=("share/icons/hicolor/${size}x${size}/apps/kneeviz.png"); done

# Renders with the program under `prefix`, from a folder of its own, with no display.
renders() {
  local prefix=$1 name=$2
  mkdir -p "$work/elsewhere-$name"
  (cd "$work/elsewhere-$name" && env -u DISPLAY -u WAYLAND_DISPLAY XDG_CONFIG_HOME="$work/config" \
    "$prefix/bin/kneeviz" render --technique front-thigh-glide --time 2 --size 240x160 --msaa 1 \
    --out picture.png > render.log 2>&1) || { cat "$work/elsewhere-$name/render.log"; fail "$name: render failed"; }
  local bytes
  bytes=$(stat -c %s "$work/elsewhere-$name/picture.png")
  ((bytes > 5000)) || fail "$name: the picture is only $bytes bytes"
  echo "test-install: $name renders from another folder ($bytes bytes of PNG)"
}
techniques() { "$1/bin/kneeviz" list techniques --json | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }

# 1. Into a prefix.
prefix=$work/prefix
cmake --install build --prefix "$prefix" > "$work/install.log"
for file in "${expected[@]}"; do [[ -s "$prefix/$file" ]] || fail "cmake --install left out $file"; done
renders "$prefix" "the installed program"
before=$(techniques "$prefix")
rm "$prefix/share/kneeviz/assets/techniques/thigh-tapping.json"
after=$(techniques "$prefix")
((after == before - 1)) || fail "the installed program does not read its installed assets ($before, then $after techniques)"
echo "test-install: the installed program reads share/kneeviz/assets ($before techniques, $after without one)"

# 2. What desktops and software centres read.
desktop-file-validate "$prefix/share/applications/$app_id.desktop"
appstreamcli validate --no-net --pedantic "$prefix/share/metainfo/$app_id.metainfo.xml"
gzip -dc "$prefix/share/man/man1/kneeviz.1.gz" > "$work/kneeviz.1"
warnings=$(groff -man -ww -z "$work/kneeviz.1" 2>&1)
[[ -z "$warnings" ]] || fail "the manual page has groff warnings: $warnings"
echo "test-install: the desktop entry, the metainfo and the manual page validate"

# 3. The Debian package.
(cd build && cpack -G DEB -B "$work/deb" > "$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; fail "cpack failed"; }
deb=$(ls "$work"/deb/kneeviz_*_*.deb)
[[ $(dpkg-deb -f "$deb" Package) == kneeviz ]] || fail "the package is not named kneeviz"
depends=$(dpkg-deb -f "$deb" Depends)
for needed in libglfw3 libassimp5 libegl1 libegl-mesa0 libgl1-mesa-dri; do
  [[ "$depends" == *"$needed"* ]] || fail "the package does not depend on $needed: $depends"
done
dpkg-deb -x "$deb" "$work/unpacked"
for file in "${expected[@]}"; do [[ -s "$work/unpacked/usr/$file" ]] || fail "the package lacks /usr/$file"; done
renders "$work/unpacked/usr" "the program from the package"
echo "test-install: $(basename "$deb"): $(dpkg-deb -f "$deb" Installed-Size) KiB installed, depends on $depends"
