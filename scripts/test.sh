#!/bin/bash
# gst-securertc — install the Debian packages, build, and run the whole test
# suite twice: a -Werror build, then an AddressSanitizer/UBSan build.
# Exits non-zero if anything fails. Works as root or as a user with sudo.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

total_ok=0
total_fail=0
run_suite() {
  local name=$1 dir=$2; shift 2
  local extra=()
  # the fuzz targets make their own sanitizer builds: run them once
  case "$name" in asan*) extra=(--no-suite fuzz) ;; esac
  echo "== $name: building in $dir"
  scripts/build.sh "$dir" "$@"
  echo "== $name: running the test suite"
  local rc=0
  meson test -C "$dir" --no-rebuild --print-errorlogs --num-processes 2 \
      ${SECURERTC_TEST_ARGS:-} "${extra[@]}" || rc=$?
  local ok fail
  # count from meson's JSON log (one line per test)
  ok=$(/usr/bin/python3 -c 'import json,sys
ok=0
for l in open(sys.argv[1]):
    r=json.loads(l)
    ok+= r["result"] in ("OK","EXPECTEDFAIL","SKIP")
print(ok)' "$dir/meson-logs/testlog.json")
  fail=$(/usr/bin/python3 -c 'import json,sys
n=0
for l in open(sys.argv[1]):
    r=json.loads(l)
    n+= r["result"] not in ("OK","EXPECTEDFAIL","SKIP")
print(n)' "$dir/meson-logs/testlog.json")
  echo "== $name: $ok passed, $fail failed"
  total_ok=$((total_ok + ok))
  total_fail=$((total_fail + fail))
  [ "$rc" -eq 0 ] || [ "$fail" -gt 0 ] || total_fail=$((total_fail + 1))
}

run_suite "werror" _build/werror --werror -Dbuildtype=debugoptimized
run_suite "asan+ubsan" _build/asan --werror -Dbuildtype=debug \
    -Db_sanitize=address,undefined -Db_lundef=false

echo "$total_ok passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
