#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The README's two-process SRTP stream over UDP on loopback, with
# gst-launch-1.0 only and a shared key: the receiver decrypts what the sender
# encrypted; with the wrong key it decrypts nothing and warns.
set -euo pipefail
. "$(dirname "$0")/testlib.sh"

tmp=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

free_udp_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

wait_bound() {
  local port=$1 i
  for i in $(seq 1 100); do
    ss -H -uln "sport = :$port" | grep -q . && return 0
    sleep 0.1
  done
  fail "receiver did not bind port $port within 10 s"
}

openssl rand -hex 30 > "$tmp/key"
openssl rand -hex 30 > "$tmp/otherkey"
CAPS="application/x-srtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0"

run() {
  local rxkey=$1 out=$2 port
  port=$(free_udp_port)
  gst_launch_bg 30 -v udpsrc address=127.0.0.1 port="$port" caps="$CAPS" ! \
      srtpdecrypt key-file="$rxkey" ! rtppcmudepay ! mulawdec ! \
      fakesink silent=false num-buffers=40 > "$out" 2>&1
  local rx=$!
  pids+=("$rx")
  wait_bound "$port"
  gst_launch 30 -q audiotestsrc is-live=true samplesperbuffer=160 num-buffers=100 ! mulawenc ! rtppcmupay ! \
      srtpencrypt key-file="$tmp/key" ! udpsink host=127.0.0.1 port="$port" > "$tmp/tx.log" 2>&1 \
    || { cat "$tmp/tx.log"; fail "sender failed"; }
  # the receiver ends by itself after 40 buffers; if it could not decrypt
  # them, stop it once the sender is done
  for _ in $(seq 1 20); do kill -0 "$rx" 2>/dev/null || break; sleep 0.1; done
  kill -INT "$rx" 2>/dev/null || true
  wait "$rx" || true
}

run "$tmp/key" "$tmp/rx.log"
n=$(grep -c 'chain' "$tmp/rx.log" || true)
[ "$n" -ge 40 ] || { tail -n 20 "$tmp/rx.log"; fail "receiver decoded only $n buffers"; }
echo "ok: receiver decrypted and decoded $n buffers from the sender"

run "$tmp/otherkey" "$tmp/rx2.log"
n=$(grep -c 'chain' "$tmp/rx2.log" || true)
[ "$n" -eq 0 ] || fail "wrong key: $n buffers got through"
grep -q "could not be authenticated" "$tmp/rx2.log" || { tail -n 20 "$tmp/rx2.log"; fail "no drop warning with the wrong key"; }
echo "ok: with the wrong key nothing was decrypted and srtpdecrypt warned"
