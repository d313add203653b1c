#!/usr/bin/env bash
# Runs one libFuzzer binary for a bounded time over a scratch copy of its seed corpus, so the
# checked-in seeds never change. Exit 0: no finding. Non-zero: a crash, a sanitizer report, a
# timeout (-timeout) or a memory blow-up (-rss_limit_mb); the reproducer is left in FINDINGS and
# its path printed.
# Usage: fuzz/run_bounded.sh FUZZER SEED_DIR WORK_DIR SECONDS
set -euo pipefail
fuzzer="$1" seeds="$2" work="$3" seconds="$4"
name="$(basename "$fuzzer")"
mkdir -p "$work/corpus" "$work/findings"
cp -n "$seeds"/* "$work/corpus/" 2>/dev/null || true
log="$work/$name.log"
status=0
UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
  "$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -artifact_prefix="$work/findings/" -print_final_stats=1 "$work/corpus" >"$log" 2>&1 || status=$?
# The last lines carry the execution count and coverage: keep them in the test's output.
grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::peak_rss_mb|Done [0-9]+ runs)" "$log" || tail -n 3 "$log"
findings="$(ls "$work/findings")"
if [ "$status" -ne 0 ] || [ -n "$findings" ]; then
  echo "fuzz: $name found a problem (exit $status): reproducer(s) in $work/findings/: $findings" >&2
  grep -E "ERROR|runtime error|SUMMARY" "$log" | head -n 5 >&2 || true
  echo "fuzz: replay with: $fuzzer $work/findings/<file>" >&2
  exit 1
fi
echo "fuzz: $name ran ${seconds} s without a finding"
