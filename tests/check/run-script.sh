#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Runs one shell test. In a sanitizer build (SECURERTC_PRELOAD set by
# tests/check/meson.build), gst-launch-1.0 and gst-inspect-1.0 resolve to the
# wrappers in sanitizer-bin/, wherever the test calls them from (timeout,
# ip netns exec, python subprocesses).
if [ -n "${SECURERTC_PRELOAD:-}" ]; then
  PATH="$(cd "$(dirname "$0")" && pwd)/sanitizer-bin:$PATH"
  export PATH
fi
exec bash "$@"
