#!/usr/bin/env bash
# The README's test command (and CI's): install, configure, build, and run every test.
#   scripts/test.sh            the `ci` preset (ASan + UBSan, -Werror) over every unit and
#                              end-to-end test, then each libFuzzer target for a bounded time
#                              (FORMCHECK_FUZZ_SECONDS, default 20) with the `fuzz` preset
#   scripts/test.sh PRESET …   one preset's build and tests only (extra args go to ctest)
set -euo pipefail
cd "$(dirname "$0")/.."
preset="${1:-ci}"
shift || true
started=$(date +%s)
stage() { echo "test: $1 ($(( $(date +%s) - started )) s since start)"; }
bash scripts/build.sh "$preset"
stage "built the $preset preset"
if [ ! -d ../shared/twilio-oai ]; then
  echo "test: ../shared/twilio-oai is absent: the OpenAPI conformance tests will be skipped (visible in ctest output)"
fi
reports=build-ci/sanitizer-reports
[ "$preset" != ci ] || { rm -rf "$reports"; mkdir -p "$reports"; }
ctest --preset "$preset" "$@"
stage "ctest --preset $preset passed"
# Every process a test starts (formcheck, the stand-ins, the supervisor) writes its ASan and
# LeakSanitizer reports there (ASAN_OPTIONS log_path in the preset): a leak in a child whose exit
# code no test reads fails CI too. UBSan reports halt the process (halt_on_error=1, inherited).
if [ "$preset" = ci ] && [ -n "$(ls -A "$reports")" ]; then
  echo "test: sanitizer reports from processes the tests started:" >&2
  head -n 40 "$reports"/* >&2
  exit 1
fi
if [ "$preset" = ci ] && [ $# -eq 0 ]; then
  seconds="${FORMCHECK_FUZZ_SECONDS:-20}"
  echo "test: fuzzing each target for ${seconds} s (clang, ASan + UBSan)"
  cmake --preset fuzz -DFORMCHECK_FUZZ_SECONDS="$seconds" >/dev/null
  cmake --build --preset fuzz -j "$(nproc)"
  stage "built the fuzzers"
  ctest --preset fuzz
  stage "every fuzzer ran ${seconds} s without a finding"
fi
