#!/usr/bin/env bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Headless Chromium with gstwebrtc-api (npm 3.0.0, the lock file of
# tests/browser) and securepeerbin through gst-securertc-signalling-server
# over wss:// on 127.0.0.1:
#   SECUREPEER_BROWSER_MODE=consume (default): Chromium consumes a
#     securepeerbin producer (VP8 + Opus) and must decode frames;
#   SECUREPEER_BROWSER_MODE=produce: Chromium produces its fake camera and
#     microphone for a securepeerbin consumer, which must decode both.
# The page reports on the console (its frames and the DTLS/SRTP ciphers of
# its transport); Chromium's log is read for that verdict. Chromium runs with
# --allow-loopback-in-peer-connection and mDNS host names disabled (it would
# hide 127.0.0.1 behind a .local name that libnice does not resolve).
# Bounded; everything started is killed by PID.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=${SECURERTC_SOURCE_ROOT:?}
build=${SECURERTC_BUILD_ROOT:?}
server="$build/tools/signalling-server/gst-securertc-signalling-server"
chromium=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
. "$here/testlib.sh"

[ -n "$chromium" ] || fail "chromium not found: run scripts/install-deps.sh"
command -v npm >/dev/null || fail "npm not found: run scripts/install-deps.sh"
[ -x "$server" ] || fail "no server at $server"

# Second stage: already inside the private network namespace (see below),
# with the npm packages fetched by the first stage.
if [ -n "${SECUREPEER_BROWSER_TMP:-}" ]; then
  tmp=$SECUREPEER_BROWSER_TMP
else
  tmp=$(mktemp -d /tmp/securepeer-browser-XXXXXX)
fi
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT

if [ -z "${SECUREPEER_BROWSER_TMP:-}" ]; then
  mkdir -p "$tmp/npm" "$tmp/www"
  cp "$src/tests/browser/package.json" "$src/tests/browser/package-lock.json" "$tmp/npm/"
  (cd "$tmp/npm" && timeout 300 npm ci --no-audit --no-fund --loglevel=error) \
    || fail "npm ci failed (is the npm registry reachable?)"
  dist=$(ls "$tmp"/npm/node_modules/gstwebrtc-api/dist/gstwebrtc-api-*.esm.js | head -n 1)
  [ -f "$dist" ] || fail "gstwebrtc-api ESM bundle not found"
  cp "$dist" "$tmp/www/gstwebrtc-api.esm.js"
  cp "$here/securepeer-browser.html" "$here/securepeer-browser.js" "$tmp/www/"
  # The rest runs in a private network namespace with loopback only (root;
  # CI runs as root), so that Chromium can neither gather candidates on nor
  # send from the machine's other interfaces. Without root it runs here,
  # and Chromium also gathers on the machine's own addresses.
  if [ "$(id -u)" = 0 ] && command -v unshare >/dev/null && command -v ip >/dev/null; then
    trap - EXIT
    rc=0
    SECUREPEER_BROWSER_TMP=$tmp unshare -n -- \
      bash -c 'ip link set lo up && exec bash "$0"' "$0" || rc=$?
    rm -rf "$tmp"
    exit $rc
  fi
fi

"$server" --self-signed "$tmp/cert" --host 127.0.0.1 --port 0 \
  --web-root "$tmp/www" >"$tmp/server.out" 2>"$tmp/server.err" &
pids+=($!)
for _ in $(seq 100); do
  grep -q '^listening on ' "$tmp/server.out" && break
  sleep 0.1
done
uri=$(sed -n 's/^listening on //p' "$tmp/server.out")
spki=$(sed -n 's/^spki-sha256 //p' "$tmp/server.out")
[ -n "$uri" ] && [ -n "$spki" ] || { cat "$tmp/server.err"; fail "server did not start"; }
port=${uri##*:}

mode=${SECUREPEER_BROWSER_MODE:-consume}
name="securepeer-producer-$$"
if [ "$mode" = consume ]; then
  gst_launch_bg 90 -m securepeerbin name=p role=producer "meta=meta,name=$name" \
      ice-local-addresses=127.0.0.1 signaller-uri="$uri" \
      signaller-ca-file="$tmp/cert/cert.pem" \
    videotestsrc is-live=true ! video/x-raw,width=320,height=240,framerate=15/1 ! \
      vp8enc deadline=1 keyframe-max-dist=15 ! rtpvp8pay ! p. \
    audiotestsrc is-live=true ! opusenc ! rtpopuspay ! p. \
    >"$tmp/peer.log" 2>&1
  pids+=($!)
  page="securepeer-browser.html?producer=$name"
else
  # The consumer takes the first producer listed: the browser.
  gst_launch_bg 90 -m -v securepeerbin name=c role=consumer \
      ice-local-addresses=127.0.0.1 signaller-uri="$uri" \
      signaller-ca-file="$tmp/cert/cert.pem" \
    c. ! rtpvp8depay ! vp8dec ! fakesink name=vsink silent=false sync=false \
    c. ! rtpopusdepay ! opusdec ! fakesink name=asink silent=false sync=false \
    >"$tmp/peer.log" 2>&1
  pids+=($!)
  page="securepeer-browser.html?mode=produce"
fi

"$chromium" --headless --no-sandbox --disable-gpu --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --disable-quic --disable-extensions --mute-audio \
  --allow-loopback-in-peer-connection \
  --disable-features=WebRtcHideLocalIpsWithMdns \
  --autoplay-policy=no-user-gesture-required \
  --use-fake-device-for-media-stream --use-fake-ui-for-media-stream \
  --enable-logging=stderr --v=0 \
  --user-data-dir="$tmp/chrome" \
  --ignore-certificate-errors-spki-list="$spki" \
  "https://127.0.0.1:$port/$page" \
  >"$tmp/chromium.log" 2>&1 &
pids+=($!)

verdict=
for _ in $(seq 600); do
  verdict=$(grep -o 'SECUREPEER-VERDICT {[^"]*".*}' "$tmp/chromium.log" | head -n 1 || true)
  [ -n "$verdict" ] && break
  sleep 0.1
done
echo "browser: ${verdict:-none}"
grep -E 'securepeer-connection-state' "$tmp/peer.log" | sed 's/^/securepeerbin: /' | head -n 5 || true
if ! echo "$verdict" | grep -q '"ok":true'; then
  echo "--- securepeerbin"; tail -n 20 "$tmp/peer.log"
  echo "--- chromium"; grep -iE 'CONSOLE|ERROR' "$tmp/chromium.log" | tail -n 20
  fail "the browser side did not get its media through ($mode)"
fi
echo "$verdict" | grep -q '"dtlsCipher":"TLS_ECDHE' || fail "no ECDHE suite in the browser's transport stats"
echo "$verdict" | grep -q '"srtpCipher":"' || fail "no SRTP cipher in the browser's transport stats"
if [ -n "${SECUREPEER_BROWSER_TMP:-}" ]; then
  # In the namespace: the browser had nothing but loopback.
  echo "$verdict" | grep -oE '"host [0-9.]+"' | grep -vq '"host 127\.0\.0\.1"' \
    && fail "Chromium gathered a non-loopback address in the namespace"
fi
if [ "$mode" = produce ]; then
  # Our consumer must decode what the browser sends (bounded wait).
  for _ in $(seq 100); do
    v=$(grep -c 'vsink: last-message = chain' "$tmp/peer.log" || true)
    a=$(grep -c 'asink: last-message = chain' "$tmp/peer.log" || true)
    [ "${v:-0}" -ge 10 ] && [ "${a:-0}" -ge 10 ] && break
    sleep 0.1
  done
  echo "securepeerbin decoded: video ${v:-0} frames, audio ${a:-0} buffers"
  [ "${v:-0}" -ge 10 ] && [ "${a:-0}" -ge 10 ] || fail "securepeerbin did not decode the browser's media"
fi
echo "PASS"
