#!/usr/bin/env bash
# Sets up a Debian/Ubuntu machine for kneeviz and builds it into build/.
# Installs only the Debian packages that are missing (with sudo when not root), then configures
# and builds. Safe to run again: it does nothing that is already done.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake pkg-config
  libimgui-dev libglfw3-dev libglm-dev libassimp-dev doctest-dev python3-glad
  libcli11-dev nlohmann-json3-dev libstb-dev libpng-dev libmeshoptimizer-dev libsystemd-dev fonts-dejavu-core
  libegl1 libegl-mesa0 libgl1-mesa-dri xvfb xauth xdotool dbus-daemon ffmpeg
  clang clang-format libclang-rt-dev valgrind
  librsvg2-bin dpkg-dev desktop-file-utils appstream groff-base
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "kneeviz setup: installing ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

build_type=${KNEEVIZ_BUILD_TYPE:-Release}
cmake -S . -B build -DCMAKE_BUILD_TYPE="$build_type" > /dev/null
cmake --build build -j "$(nproc)"
