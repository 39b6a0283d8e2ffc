#!/bin/bash
# gst-securertc — install the Debian packages, build, and run the demo: an
# encrypted RTP round trip on loopback that prints what it verified.
# Works as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh _build/release -Dbuildtype=release -Dtests=disabled \
    -Dbenchmarks=disabled > _build.release.log 2>&1 || { tail -n 30 _build.release.log; exit 1; }
export GST_PLUGIN_PATH="$PWD/_build/release/ext/srtp${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
exec timeout 120 /usr/bin/python3 scripts/srtp-demo.py
