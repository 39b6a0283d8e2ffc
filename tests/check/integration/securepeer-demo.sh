#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# The README's secure call demo (tools/demo/gst-securertc-demo) as a test:
# it must pass every check, end by itself, leave no server process and no
# temporary folder behind, and print nothing that looks like key material.
set -u
. "$(dirname "$0")/testlib.sh"

demo="$SECURERTC_BUILD_ROOT/tools/demo/gst-securertc-demo"
[ -x "$demo" ] || { echo "SKIP: $demo not built"; exit 77; }
export GST_SECURERTC_SIGNALLING_SERVER="$SECURERTC_BUILD_ROOT/tools/signalling-server/gst-securertc-signalling-server"
out=$(mktemp)
trap 'rm -f "$out"' EXIT

start=$(date +%s%N)
timeout 60 "$demo" > "$out" 2>&1
rc=$?
ms=$(( ($(date +%s%N) - start) / 1000000 ))
cat "$out"
[ "$rc" = 0 ] || fail "the demo exited with $rc"
grep -q "^PASS: " "$out" || fail "no PASS line"
grep -q "\[FAIL\]" "$out" && fail "a check failed"
[ "$ms" -lt 20000 ] || fail "the demo took $ms ms (limit 20 s)"
pid=$(sed -n 's/.*signalling server started (pid \([0-9]*\)).*/\1/p' "$out")
[ -n "$pid" ] || fail "no server pid printed"
if kill -0 "$pid" 2>/dev/null && grep -q signalling-server "/proc/$pid/cmdline" 2>/dev/null; then
  fail "the signalling server (pid $pid) is still running"
fi
cert=$(sed -n 's/.*server certificate (deleted at the end): \(.*\)$/\1/p' "$out")
[ -n "$cert" ] || fail "no certificate path printed"
[ -e "$(dirname "$cert")" ] && fail "the temporary folder $(dirname "$cert") was left behind"
# Long hex runs other than fingerprints (colon-separated) would be key material.
grep -Eo '[0-9a-fA-F]{32,}' "$out" && fail "a long hex string was printed"
echo "demo passed in $ms ms"
echo "PASS"
