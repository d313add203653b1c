#!/usr/bin/env bash
# Browser mode side by side with Playwright, in one run, on the same page (the reference
# contact site's /contact, sending through the Twilio emulator): session start, first and
# warm (median) submission, and peak memory (PSS of the tool's whole process tree: driver or
# node, and every Chromium process), on a desktop and on a phone.
#
#   bench/browser_bench.sh [build dir] [submissions per run]
#
# Needs chromium + chromium-driver, webkit2gtk-driver + xvfb and firefox-esr (Debian) and npm (playwright-core is installed into
# bench/playwright/node_modules on first use; it downloads no browser: Debian's Chromium is its
# executablePath).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BIN=${1:-$ROOT/build/bin}
N=${2:-10}
WORK=$(mktemp -d)
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

[[ -d $ROOT/bench/playwright/node_modules/playwright-core ]] ||
  (cd "$ROOT/bench/playwright" && npm ci --no-audit --no-fund --loglevel=error)

AC=AC0123456789abcdef0123456789abcdef
TOKEN=9f3b6c1de27a4b58a0c4d6e8f1a2b3c4
"$BIN/formcheck-twilio-emulator" --port 0 --account-sid $AC --auth-token $TOKEN --sender whatsapp:+15557654321 \
  > "$WORK/emulator" 2>/dev/null &
PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/emulator" 2>/dev/null && break; sleep 0.05; done
EMULATOR=$(sed -n 's/^listening //p' "$WORK/emulator")
TWILIO_ACCOUNT_SID=$AC TWILIO_AUTH_TOKEN=$TOKEN TWILIO_WHATSAPP_NUMBER=whatsapp:+15557654321 \
  STAFF_WHATSAPP_NUMBER=whatsapp:+6281234567890 TWILIO_API_BASE=$EMULATOR \
  "$BIN/formcheck-contact-site" --port 0 --rate-limit 1000/1 > "$WORK/site" 2>/dev/null &
PIDS+=($!)
for _ in $(seq 100); do grep -q listening "$WORK/site" 2>/dev/null && break; sleep 0.05; done
SITE=$(sed -n 's/^listening //p' "$WORK/site")
echo "site $SITE, emulator $EMULATOR, $N submissions per run; $(chromium --version 2>/dev/null), $(nproc) cores"

# Runs a command, samples the PSS of its process tree every 50 ms, prints its JSON line with
# peak_pss_mib added.
python3 - "$N" "$SITE" "$BIN/formcheck-browser-bench" "$ROOT/bench/playwright/bench.mjs" <<'PY'
import json, os, subprocess, sys, threading, time
n, site, fc, pw = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]

def tree(root):
    parents = {}
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                stat = open(f'/proc/{d}/stat').read()
                parents[int(d)] = int(stat[stat.rfind(')') + 2:].split()[1])
            except OSError:
                pass
    out, frontier = [root], [root]
    while frontier:
        p = frontier.pop()
        kids = [c for c, pp in parents.items() if pp == p]
        out += kids; frontier += kids
    return out

def pss_kib(pid):
    try:
        for line in open(f'/proc/{pid}/smaps_rollup'):
            if line.startswith('Pss:'):
                return int(line.split()[1])
    except OSError:
        pass
    return 0

def measure(cmd):
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = [0]
    def sample():
        while proc.poll() is None:
            peak[0] = max(peak[0], sum(pss_kib(p) for p in tree(proc.pid)))
            time.sleep(0.05)
    t = threading.Thread(target=sample); t.start()
    out, err = proc.communicate(); t.join()
    if proc.returncode != 0:
        sys.exit(f'{cmd[0]} failed ({proc.returncode}): {err.strip()}')
    result = json.loads(out.strip().splitlines()[-1])
    result['peak_pss_mib'] = round(peak[0] / 1024)
    return result

rows = []
for device in ['desktop', 'Pixel 7']:
    rows.append(measure([fc, site, device, n]))
    rows.append(measure(['node', pw, site, device, n]))
# WebKit and Firefox from Debian's packages (Playwright has no Debian-packaged WebKit or
# Firefox to compare against: its own builds are downloads).
for engine in ['webkit', 'firefox']:
    for device in ['desktop', 'Pixel 7']:
        rows.append(measure([fc, site, device, n, engine]))
print('| tool | device | session start | first submission | warm submission (median) | peak PSS |')
print('|---|---|---:|---:|---:|---:|')
for r in rows:
    print(f"| {r['tool']} | {r['device']} | {r['session_ms']} ms | {r['first_ms']} ms | {r['warm_median_ms']} ms | {r['peak_pss_mib']} MiB |")
for device in ['desktop', 'Pixel 7']:
    f = next(r for r in rows if r['tool'] == 'formcheck chromium' and r['device'] == device)
    p = next(r for r in rows if r['tool'] == 'playwright' and r['device'] == device)
    print(f"{device}: warm submission formcheck / playwright = {f['warm_median_ms'] / p['warm_median_ms']:.2f}")
PY
