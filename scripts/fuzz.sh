#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time over a
# scratch copy of its seed corpus (fuzz/corpus/<target>), through fuzz/run_bounded.sh — the
# same runner CI uses via `ctest --preset fuzz`. Stops at the first finding, leaving the
# reproducer in build-fuzz/fuzz-runs/<target>/findings/.
# Usage: scripts/fuzz.sh [seconds per target (default 30)] [target…]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-30}"
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(config dotenv dates twilio_json redact)
bash scripts/setup.sh >/dev/null
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}")
for t in "${targets[@]}"; do
  echo "fuzz: $t for ${seconds} s"
  fuzz/run_bounded.sh "build-fuzz/bin/fuzz_$t" "fuzz/corpus/$t" "build-fuzz/fuzz-runs/$t" "$seconds"
done
echo "fuzz: all targets ran ${seconds} s each without a finding"
