#!/bin/bash
# gst-securertc
# Copyright (C) 2026 gst-securertc developers
# SPDX-License-Identifier: LGPL-2.1-or-later
#
# Builds the srtpdecrypt libFuzzer target in a clang build directory of its
# own (the plugin and internal library instrumented with
# -fsanitize=fuzzer-no-link,address,undefined), writes a seed corpus, and
# fuzzes for a bounded time. Exits non-zero on a crash, a sanitizer report,
# a leak or a broken invariant (the input that did it is left in
# <fuzz build>/artifacts/). Exit 77 (skipped) if clang is missing.
#
# Environment: SRTP_FUZZ_SECONDS (default 60), SRTP_FUZZ_BUILD_DIR (default
# $SECURERTC_BUILD_ROOT/fuzz-clang, or build-fuzz in the source tree),
# SRTP_FUZZ_JOBS (parallel fuzzing processes, default 1).

set -eu -o pipefail

src_root=${SECURERTC_SOURCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
if [ -n "${SECURERTC_BUILD_ROOT:-}" ]; then
  default_build=$SECURERTC_BUILD_ROOT/fuzz-clang
else
  default_build=$src_root/build-fuzz
fi
build=${SRTP_FUZZ_BUILD_DIR:-$default_build}
seconds=${SRTP_FUZZ_SECONDS:-60}
jobs=${SRTP_FUZZ_JOBS:-1}

if ! command -v clang >/dev/null; then
  echo "run-fuzz: clang not found (apt-get install clang libclang-rt-14-dev); skipping"
  exit 77
fi

if [ ! -f "$build/build.ninja" ]; then
  echo "run-fuzz: configuring $build"
  CC=clang meson setup "$build" "$src_root" \
    -Dfuzzing=enabled -Dbenchmarks=disabled -Ddoc=disabled -Dnls=disabled \
    -Ddtls=disabled -Dconsent=disabled -Dsecurepeer=disabled -Dsignalling=disabled \
    -Db_sanitize=address,undefined -Db_lundef=false \
    -Dc_args=-fsanitize=fuzzer-no-link -Dc_link_args=-fsanitize=fuzzer-no-link
fi
ninja -C "$build" tests/fuzz/fuzz-srtpdecrypt ext/srtp/libgstsecuresrtp.so

fuzzer=$build/tests/fuzz/fuzz-srtpdecrypt
seeds=$build/tests/fuzz/seeds
corpus=$build/tests/fuzz/corpus-srtpdecrypt
artifacts=$build/tests/fuzz/artifacts
mkdir -p "$corpus" "$artifacts"

# This build's plugin only, scanned in-process (the system plugin scanner
# is not built with the sanitizers).
export GST_PLUGIN_PATH_1_0=$build/ext/srtp
export GST_PLUGIN_SYSTEM_PATH_1_0=
export GST_REGISTRY_1_0=$build/tests/fuzz/registry.bin
export GST_REGISTRY_FORK=no
unset GST_PLUGIN_PATH GST_PLUGIN_SYSTEM_PATH GST_REGISTRY GST_DEBUG_DUMP_DOT_DIR
export GST_DEBUG=${GST_DEBUG:-0}
# a g_critical / g_warning is a bug too
export G_DEBUG=fatal-warnings
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}

rm -rf "$seeds"
SRTP_FUZZ_WRITE_SEEDS=$seeds "$fuzzer"

echo "run-fuzz: fuzzing srtpdecrypt for ${seconds}s"
parallel=()
if [ "$jobs" -gt 1 ]; then
  parallel=(-fork="$jobs")
fi
# libFuzzer's default error exit code is 77, which meson reads as "skipped"
"$fuzzer" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
  -error_exitcode=1 -timeout_exitcode=1 \
  -max_len=4096 -print_final_stats=1 "${parallel[@]}" \
  -artifact_prefix="$artifacts/" "$corpus" "$seeds"
echo "run-fuzz: no crash, no sanitizer report, invariant held"
