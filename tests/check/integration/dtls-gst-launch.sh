#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The README example: a two-process DTLS-SRTP stream over UDP on loopback
# with gst-launch-1.0 only. Certificate files are made with openssl so that
# each side knows the other's fingerprint in advance. Checks: both sides
# connect (bus messages), the receiver decodes media, the sender's EOS sends
# close_notify (the receiver goes to "closed"), no errors.
set -u

work=$(mktemp -d)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

fail() { echo "FAIL: $*"; echo "--- receiver"; cat "$work/recv.log" 2>/dev/null | tail -40; echo "--- sender"; cat "$work/send.log" 2>/dev/null | tail -40; exit 1; }

# Two free UDP ports: gst-launch needs them on its command line, so bind
# port 0, read the port back and release it (retried below on a race).
free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

fingerprint() {
  openssl x509 -in "$1" -noout -fingerprint -sha256 | sed 's/^.*Fingerprint=/sha-256 /'
}

cd "$work" || exit 1
for side in a b; do
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=$side" -days 30 -keyout $side.pem -out $side.pem 2>/dev/null || fail "openssl req"
done
FPA=$(fingerprint a.pem)
FPB=$(fingerprint b.pem)
echo "a: $FPA"
echo "b: $FPB"

CAPS="application/x-srtp,media=audio,clock-rate=8000,encoding-name=PCMU,payload=0"

for attempt in 1 2 3; do
  P1=$(free_port)
  P2=$(free_port)
  [ "$P1" != "$P2" ] || continue

  # Receiver: DTLS server, decrypts and decodes.
  timeout 30 gst-launch-1.0 -m -v \
    udpsrc address=127.0.0.1 port=$P1 caps="$CAPS" ! \
    dtlskeyexchange name=d role=server certificate-file=b.pem peer-fingerprint="$FPA" \
    d.srtp_src ! srtpdecrypt ! rtppcmudepay ! mulawdec ! fakesink name=out silent=false \
    d.net_src ! udpsink host=127.0.0.1 port=$P2 sync=false async=false \
    > recv.log 2>&1 &
  recv_pid=$!
  pids+=("$recv_pid")
  sleep 0.5

  # Sender: DTLS client, 3 s of audio (150 x 20 ms), then EOS (close_notify).
  timeout 30 gst-launch-1.0 -m \
    audiotestsrc is-live=true samplesperbuffer=160 num-buffers=150 ! mulawenc ! rtppcmupay ! srtpencrypt ! \
    d.srtp_sink dtlskeyexchange name=d role=client certificate-file=a.pem peer-fingerprint="$FPB" \
    d.net_src ! udpsink host=127.0.0.1 port=$P1 sync=false async=false \
    udpsrc address=127.0.0.1 port=$P2 ! d.net_sink \
    > send.log 2>&1
  send_rc=$?
  sleep 0.5
  if grep -q "Could not get/set settings from/on resource" recv.log send.log; then
    echo "port race on attempt $attempt, retrying"
    kill "$recv_pid" 2>/dev/null; wait "$recv_pid" 2>/dev/null
    continue
  fi
  break
done

kill "$recv_pid" 2>/dev/null
wait "$recv_pid" 2>/dev/null

[ "$send_rc" = 0 ] || fail "sender exited with $send_rc"
grep -q "dtls-local-fingerprint" send.log || fail "no local fingerprint message (sender)"
grep -q "dtls-local-fingerprint" recv.log || fail "no local fingerprint message (receiver)"
grep -q "dtls-state.*connected.*srtp-profile=(string)aead-aes-256-gcm" send.log || fail "sender not connected"
grep -q "dtls-state.*connected.*srtp-profile=(string)aead-aes-256-gcm" recv.log || fail "receiver not connected"
grep -q "dtls-state, state=(GstSecureRtcDtlsState)closed" recv.log || fail "receiver did not see close_notify"
grep -q "ERROR" send.log recv.log && fail "an error was reported"
chains=$(grep -c "last-message = chain" recv.log)
echo "receiver decoded $chains buffers"
[ "$chains" -ge 100 ] || fail "too few decoded buffers: $chains"
echo "PASS"
