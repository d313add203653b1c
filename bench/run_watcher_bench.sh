#!/usr/bin/env bash
# Watcher benchmark: N = 1, 10, 100 concurrent submissions through the reference
# site, delivery delay 2 s, one watcher. Runs each N several times and prints the medians.
# Usage: bench/run_watcher_bench.sh [build dir] [repeats]
set -euo pipefail
build="${1:-build}"
repeats="${2:-5}"
cmake --build "$build" --target formcheck-watcher-bench formcheck-twilio-emulator formcheck-contact-site >/dev/null
out=$(mktemp)
for n in 1 10 100; do
  for _ in $(seq "$repeats"); do
    "$build/bin/formcheck-watcher-bench" "$build/bin" "$n" 2000 >>"$out"
  done
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
keys = ["wall_over_delay", "lag_median_ms", "lag_p95_ms", "requests_per_message", "twilio_requests", "peak_rss_mb"]
print(f"{'N':>4} {'runs':>4} " + " ".join(f"{k:>20}" for k in keys))
for n in sorted({r["n"] for r in rows}):
    rs = [r for r in rows if r["n"] == n]
    print(f"{n:>4} {len(rs):>4} " + " ".join(f"{statistics.median(r[k] for r in rs):>20.3f}" for k in keys))
PY
rm -f "$out"
