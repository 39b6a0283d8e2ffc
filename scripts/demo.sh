#!/bin/bash
# gst-securertc — install the Debian packages, build, and run the demos:
#  1. an encrypted RTP round trip on loopback (scripts/srtp-demo.py);
#  2. a secure call (tools/demo/gst-securertc-demo): a consent-gated camera
#     and a microphone sent by one securepeerbin to another through
#     gst-securertc-signalling-server over TLS, with DTLS-SRTP.
# Each prints what it verified. Works as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
scripts/build.sh _build/release -Dbuildtype=release -Dtests=disabled \
    -Dbenchmarks=disabled > _build.release.log 2>&1 || { tail -n 30 _build.release.log; exit 1; }
b="$PWD/_build/release"
export GST_PLUGIN_PATH="$b/ext/srtp:$b/ext/dtls:$b/ext/securepeer:$b/gst/consent${GST_PLUGIN_PATH:+:$GST_PLUGIN_PATH}"
timeout 120 /usr/bin/python3 scripts/srtp-demo.py
echo
if [ ! -x "$b/tools/demo/gst-securertc-demo" ]; then
  echo "The secure call demo was not built (securepeer, consent or signalling disabled:"
  echo "see _build/release.setup.log)."
  exit 1
fi
exec timeout 60 "$b/tools/demo/gst-securertc-demo"
