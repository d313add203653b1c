#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) and runs each for a bounded time over a
# scratch copy of its seed corpus (fuzz/corpus/<target>). Exits non-zero on the first crash,
# leaving the reproducer in build-fuzz/findings/<target>/.
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
  work="build-fuzz/corpus/$t"
  findings="build-fuzz/findings/$t"
  mkdir -p "$work" "$findings"
  cp -n fuzz/corpus/"$t"/* "$work"/ 2>/dev/null || true
  echo "fuzz: $t for ${seconds} s"
  # -rss_limit/-timeout turn memory blow-ups and hangs into findings too.
  status=0
  UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
    "build-fuzz/bin/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
    -artifact_prefix="$findings/" -print_final_stats=1 "$work" >"build-fuzz/fuzz-$t.log" 2>&1 || status=$?
  tail -n 8 "build-fuzz/fuzz-$t.log"
  if [ "$status" -ne 0 ] || ls "$findings"/crash-* "$findings"/timeout-* "$findings"/oom-* >/dev/null 2>&1; then
    echo "fuzz: $t found a problem: $(ls "$findings")" >&2
    exit 1
  fi
done
echo "fuzz: all targets ran ${seconds} s each without a finding"
