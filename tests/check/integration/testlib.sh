# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Helpers for shell tests (source it). In a sanitizer build the test
# environment sets SECURERTC_PRELOAD to the sanitizer runtimes: the system's
# gst-launch-1.0 / gst-inspect-1.0 are not instrumented, so they get the
# runtimes preloaded to load our instrumented plugins (memory errors abort;
# leak checking is left to the C tests, since these tools never free
# everything at exit).

fail() { echo "FAIL: $*"; exit 1; }

# gst_launch SECONDS ARGS...: gst-launch-1.0 ARGS, killed after SECONDS.
gst_launch() {
  local t=$1; shift
  LD_PRELOAD="${SECURERTC_PRELOAD:-}" ASAN_OPTIONS="${SECURERTC_PRELOAD:+detect_leaks=0:abort_on_error=1}" \
    timeout "$t" gst-launch-1.0 "$@"
}

gst_inspect() {
  LD_PRELOAD="${SECURERTC_PRELOAD:-}" ASAN_OPTIONS="${SECURERTC_PRELOAD:+detect_leaks=0:abort_on_error=1}" \
    gst-inspect-1.0 "$@"
}

# gst_launch_bg SECONDS ARGS...: the same in the background; $! is its PID
# (signals sent to it reach gst-launch-1.0 through timeout).
gst_launch_bg() {
  local t=$1; shift
  ( exec env LD_PRELOAD="${SECURERTC_PRELOAD:-}" \
      ASAN_OPTIONS="${SECURERTC_PRELOAD:+detect_leaks=0:abort_on_error=1}" \
      timeout "$t" gst-launch-1.0 "$@" ) &
}
