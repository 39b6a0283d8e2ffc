#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Element errors are translated: with LANGUAGE=fr the key-length error of
# srtpencrypt comes out in French from the catalogue compiled by the build.
set -euo pipefail
. "$(dirname "$0")/testlib.sh"

[ -n "${GST_SECURERTC_LOCALEDIR:-}" ] || fail "GST_SECURERTC_LOCALEDIR is not set"
[ -f "$GST_SECURERTC_LOCALEDIR/fr/LC_MESSAGES/gst-securertc-1.0.mo" ] || fail "no French catalogue was built"

out=$(LANGUAGE=fr LC_ALL=C.UTF-8 gst_launch 30 audiotestsrc num-buffers=1 ! mulawenc ! rtppcmupay ! \
      srtpencrypt key=00112233 ! fakesink 2>&1 || true)
echo "$out" | grep -q "La clé SRTP fait 4 octets, mais le profil aes-128-cm-hmac-sha1-80 en demande 30" \
  || { echo "$out"; fail "the error was not translated"; }
echo "ok: srtpencrypt's error is translated (fr)"

out=$(LANGUAGE=en LC_ALL=C.UTF-8 gst_launch 30 audiotestsrc num-buffers=1 ! mulawenc ! rtppcmupay ! \
      srtpencrypt key=00112233 ! fakesink 2>&1 || true)
echo "$out" | grep -q "The SRTP key is 4 bytes long" || { echo "$out"; fail "no English error"; }
echo "ok: and in English without a translation"
