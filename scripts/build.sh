#!/bin/bash
# gst-securertc — configure and build one build directory.
#   scripts/build.sh DIR [meson options...]
# Reconfigures an existing directory instead of failing.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$1; shift
if [ -f "$dir/build.ninja" ]; then
  meson setup --reconfigure "$dir" "$@" > "$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
else
  mkdir -p "$(dirname "$dir")"
  meson setup "$dir" "$@" > "$dir.setup.log" 2>&1 || { cat "$dir.setup.log"; exit 1; }
fi
ninja -C "$dir"
