#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the dtls-fuzz-net-sink libFuzzer target in a clang build directory of
# its own (internal library instrumented with -fsanitize=fuzzer-no-link,
# address, undefined) and fuzzes it for a bounded time. Non-zero exit on a
# crash, sanitizer report or broken invariant (input left in
# <build>/dtls-artifacts/). Exit 77 if clang is missing.
# Environment: DTLS_FUZZ_SECONDS (default 60), DTLS_FUZZ_BUILD_DIR.
set -eu -o pipefail
src_root=${SECURERTC_SOURCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
build=${DTLS_FUZZ_BUILD_DIR:-${SECURERTC_BUILD_ROOT:-$src_root}/dtls-fuzz-clang}
seconds=${DTLS_FUZZ_SECONDS:-60}
command -v clang >/dev/null || { echo "clang not found; skipping"; exit 77; }
if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$src_root" \
    -Dfuzzing=enabled -Dbenchmarks=disabled -Ddoc=disabled -Dnls=disabled \
    -Dsrtp=disabled -Dconsent=disabled -Dsecurepeer=disabled -Dsignalling=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link -Dc_link_args=-fsanitize=fuzzer-no-link >/dev/null
fi
ninja -C "$build" tests/fuzz/dtls-fuzz-net-sink >/dev/null
mkdir -p "$build/dtls-corpus" "$build/dtls-artifacts"
# seeds: an empty raw input and an unmutated handshake
printf '\x00' > "$build/dtls-corpus/raw-empty"
printf '\x01' > "$build/dtls-corpus/handshake-clean"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=1 \
  "$build/tests/fuzz/dtls-fuzz-net-sink" -max_total_time="$seconds" -max_len=4096 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -artifact_prefix="$build/dtls-artifacts/" "$build/dtls-corpus"
