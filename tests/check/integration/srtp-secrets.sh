#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Secrets never leak (DESIGN.md rule 5): runs srtpencrypt ! srtpdecrypt at
# GST_DEBUG=*:9 with GST_DEBUG_DUMP_DOT_DIR set, then searches the log, the
# .dot files and the console output for the key in every spelling (hex in
# both cases, with separators, base64 of the bytes and of the hex, the salt
# alone). Also the error path (a key of the wrong length).
set -euo pipefail
. "$(dirname "$0")/testlib.sh"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
PY=/usr/bin/python3

spellings() {
  # every way a key might be printed
  local hex=$1
  $PY - "$hex" <<'PYEOF'
import base64, sys
h = sys.argv[1].lower()
b = bytes.fromhex(h)
out = {h, h.upper(), ":".join(h[i:i+2] for i in range(0, len(h), 2)),
       " ".join(h[i:i+2] for i in range(0, len(h), 2)),
       base64.b64encode(b).decode().rstrip("="),
       base64.b64encode(h.encode()).decode().rstrip("="),
       h[:32], h[-28:], base64.b64encode(b[:16]).decode()[:20]}
for s in out:
    print(s)
PYEOF
}

# check_clean FILE... : none of the spellings of $KEY appear in the files,
# except in lines matched by $ALLOW (a regular expression, may be empty).
check_clean() {
  local what=$1; shift
  local s hits
  while read -r s; do
    hits=$(grep -F -h -- "$s" "$@" 2>/dev/null || true)
    if [ -n "${ALLOW:-}" ] && [ -n "$hits" ]; then
      hits=$(printf '%s\n' "$hits" | grep -Ev -- "$ALLOW" || true)
    fi
    if [ -n "$hits" ]; then
      printf '%s\n' "$hits" | cut -c1-200 | head -n 3
      fail "key material ($s) found in $what"
    fi
  done < <(spellings "$KEY")
}

run_case() {
  local name=$1 profile=$2 keylen=$3
  KEY=$(openssl rand -hex "$keylen")
  printf '%s\n' "$KEY" > "$tmp/key"
  chmod 600 "$tmp/key"
  rm -rf "$tmp/dot"; mkdir "$tmp/dot"

  # 1. key-file: the key appears nowhere at all
  ALLOW=""
  GST_DEBUG='*:9' GST_DEBUG_FILE="$tmp/log" GST_DEBUG_DUMP_DOT_DIR="$tmp/dot" \
    gst_launch 120 -v -m audiotestsrc num-buffers=50 ! mulawenc ! rtppcmupay ! \
      srtpencrypt profile=$profile key-file="$tmp/key" ! \
      srtpdecrypt profile=$profile key-file="$tmp/key" ! \
      fakesink silent=false > "$tmp/out" 2>&1 || { tail -n 20 "$tmp/out"; fail "$name: pipeline failed"; }
  n=$(grep -c 'chain' "$tmp/out" || true)
  [ "$n" -ge 50 ] || fail "$name: only $n packets decrypted"
  ls "$tmp"/dot/*.dot > /dev/null 2>&1 || fail "$name: no .dot files were written"
  [ "$(wc -l < "$tmp/log")" -gt 10000 ] || fail "$name: the debug log is suspiciously short"
  check_clean "$name log" "$tmp/log"
  check_clean "$name .dot files" "$tmp"/dot/*.dot
  check_clean "$name console output" "$tmp/out"
  echo "ok: $name with key-file: $(wc -l < "$tmp/log") log lines, $(ls "$tmp"/dot | wc -l) .dot files, no key material"

  # 2. key= on the command line: GStreamer's own parser logs its command
  #    line at DEBUG (gstparse.c, parse.l, types.h); nothing of ours may.
  ALLOW='gstparse\.c|parse\.l:|types\.h:|gst_parse_'
  rm -rf "$tmp/dot"; mkdir "$tmp/dot"
  GST_DEBUG='*:9' GST_DEBUG_FILE="$tmp/log" GST_DEBUG_DUMP_DOT_DIR="$tmp/dot" \
    gst_launch 120 -v -m audiotestsrc num-buffers=50 ! mulawenc ! rtppcmupay ! \
      srtpencrypt profile=$profile key=$KEY ! srtpdecrypt profile=$profile key=$KEY ! \
      fakesink > "$tmp/out" 2>&1 || fail "$name: pipeline with key= failed"
  check_clean "$name log (key= property)" "$tmp/log"
  ALLOW=""
  check_clean "$name .dot files (key= property)" "$tmp"/dot/*.dot
  echo "ok: $name with key=: only GStreamer's parser lines mention it"

  # 3. the error path: a key one byte too long
  printf '%s00\n' "$KEY" > "$tmp/key"
  KEY="${KEY}00"
  if GST_DEBUG='*:9' GST_DEBUG_FILE="$tmp/log" gst_launch 60 \
      audiotestsrc num-buffers=5 ! mulawenc ! rtppcmupay ! \
      srtpencrypt profile=$profile key-file="$tmp/key" ! fakesink > "$tmp/out" 2>&1; then
    fail "$name: a wrong-length key was accepted"
  fi
  grep -q "hexadecimal digits" "$tmp/out" || fail "$name: the error does not name the expected length"
  check_clean "$name error log" "$tmp/log"
  check_clean "$name error output" "$tmp/out"
  echo "ok: $name error path"
}

run_case cm80 aes-128-cm-hmac-sha1-80 30
run_case gcm128 aead-aes-128-gcm 28
run_case gcm256 aead-aes-256-gcm 44

# the key is not readable as a property
gst_inspect srtpencrypt | grep -A2 '^  key ' | grep -q 'Write only' || fail "key is readable"
gst_inspect srtpdecrypt | grep -A2 '^  key-file ' | grep -q 'Write only' || fail "key-file is readable"
echo "ok: key and key-file are write-only"
