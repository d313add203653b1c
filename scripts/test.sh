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
bash scripts/build.sh "$preset"
if [ ! -d ../shared/twilio-oai ]; then
  echo "test: ../shared/twilio-oai is absent: the OpenAPI conformance tests will be skipped (visible in ctest output)"
fi
ctest --preset "$preset" "$@"
if [ "$preset" = ci ] && [ $# -eq 0 ]; then
  seconds="${FORMCHECK_FUZZ_SECONDS:-20}"
  echo "test: fuzzing each target for ${seconds} s (clang, ASan + UBSan)"
  cmake --preset fuzz -DFORMCHECK_FUZZ_SECONDS="$seconds" >/dev/null
  cmake --build --preset fuzz -j "$(nproc)"
  ctest --preset fuzz
fi
