#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the test registry once, before the other tests (priority, alone), so
# that parallel tests do not all scan every system plugin at the same time —
# under AddressSanitizer that scan runs in-process and is slow.
set -euo pipefail
for e in srtpencrypt srtpdecrypt; do
  gst-inspect-1.0 "$e" > /dev/null || { echo "FAIL: $e not found"; exit 1; }
done
echo "ok: registry ready ($(gst-inspect-1.0 2>/dev/null | tail -n 1))"
