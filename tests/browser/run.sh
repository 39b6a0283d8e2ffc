#!/usr/bin/env bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Browser test: headless Chromium loads a page from the signalling server's
# --web-root (same HTTPS origin), which uses the npm package gstwebrtc-api to
# register as a listener over wss:// and must see the producer that our C
# client (GstSecureRtcSignaller, in signalling-browser-helper) registered.
#
# Needs: chromium, npm (scripts/install-deps.sh). Environment (set by meson):
#   SECURERTC_BUILD_ROOT, SECURERTC_SOURCE_ROOT, SIGNALLING_BROWSER_HELPER
# Everything runs on 127.0.0.1 with ports chosen by the kernel; every wait is
# bounded; what we start is killed by PID.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
build=${SECURERTC_BUILD_ROOT:?}
server="$build/tools/signalling-server/gst-securertc-signalling-server"
helper=${SIGNALLING_BROWSER_HELPER:?}
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}

fail() { echo "FAIL: $*" >&2; exit 1; }
[ -n "$chromium" ] || fail "chromium not found: run scripts/install-deps.sh (Debian package chromium)"
command -v npm >/dev/null || fail "npm not found: run scripts/install-deps.sh"
[ -x "$server" ] || fail "no server at $server"

tmp=$(mktemp -d /tmp/securertc-browser-XXXXXX)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

# gstwebrtc-api, exactly as locked (never node_modules in git).
mkdir -p "$tmp/npm" "$tmp/www"
cp "$here/package.json" "$here/package-lock.json" "$tmp/npm/"
(cd "$tmp/npm" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) \
  || fail "npm ci failed (is the npm registry reachable?)"
dist=$(ls "$tmp"/npm/node_modules/gstwebrtc-api/dist/gstwebrtc-api-*.esm.js | head -n 1)
[ -f "$dist" ] || fail "gstwebrtc-api ESM bundle not found"
cp "$dist" "$tmp/www/gstwebrtc-api.esm.js"
cp "$here/index.html" "$here/test.js" "$tmp/www/"

# The server, with a fresh self-signed certificate, on any free port.
"$server" --self-signed "$tmp/cert" --host 127.0.0.1 --port 0 \
  --web-root "$tmp/www" >"$tmp/server.out" 2>"$tmp/server.err" &
pids+=($!)
for _ in $(seq 100); do
  grep -q '^listening on ' "$tmp/server.out" && break
  sleep 0.1
done
uri=$(sed -n 's/^listening on //p' "$tmp/server.out")
spki=$(sed -n 's/^spki-sha256 //p' "$tmp/server.out")
[ -n "$uri" ] && [ -n "$spki" ] || { cat "$tmp/server.err" >&2; fail "server did not start"; }
port=${uri##*:}
echo "server: $uri (spki $spki)"

# Our producer and the listener that collects the browser's verdict.
name="securertc-c-producer-$$"
"$helper" "$uri" "$tmp/cert/cert.pem" "$name" 60 >"$tmp/helper.out" 2>&1 &
helper_pid=$!
pids+=($helper_pid)
for _ in $(seq 100); do
  grep -q '^producer-id ' "$tmp/helper.out" && break
  sleep 0.1
done
grep '^producer-id ' "$tmp/helper.out" || { cat "$tmp/helper.out" >&2; fail "producer did not register"; }

# Headless Chromium trusting exactly this server's key.
"$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-quic --disable-extensions --mute-audio \
  --user-data-dir="$tmp/chrome" \
  --ignore-certificate-errors-spki-list="$spki" \
  "https://127.0.0.1:$port/index.html?producer=$name" \
  >"$tmp/chromium.log" 2>&1 &
pids+=($!)

status=0
# The helper has its own 60 s limit; bound this wait as well.
for _ in $(seq 700); do
  kill -0 "$helper_pid" 2>/dev/null || break
  sleep 0.1
done
if kill -0 "$helper_pid" 2>/dev/null; then
  status=1
else
  wait "$helper_pid" || status=$?
fi
cat "$tmp/helper.out"
if [ "$status" -ne 0 ]; then
  echo "--- chromium log" >&2; tail -n 30 "$tmp/chromium.log" >&2 || true
  echo "--- server log" >&2; tail -n 30 "$tmp/server.err" >&2 || true
  fail "browser test failed"
fi
echo "PASS"
