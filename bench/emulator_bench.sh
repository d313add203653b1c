#!/usr/bin/env bash
# Measures formcheck-twilio-emulator: start-up time (spawn → listening line, median of 10),
# requests/s on loopback (creates, filtered lists, fetches; curl --parallel with keep-alive),
# and resident memory with 10,000 stored messages. Builds nothing.
#
#   bench/emulator_bench.sh <path/to/formcheck-twilio-emulator> [requests-per-phase]
#
# Needs python3 and curl (both on the project's machines).
set -euo pipefail

BIN=${1:?usage: $0 <path/to/formcheck-twilio-emulator> [requests-per-phase]}
N=${2:-5000}
PARALLEL=8
AC=ACf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4   # the emulator's documented demo account
TOKEN=5ec2e75ec2e75ec2e75ec2e75ec2e700
SENDER='whatsapp%3A%2B15550001111'
WORK=$(mktemp -d)
PID=
cleanup() { [[ -n $PID ]] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

echo "binary: $BIN"

# 1. Start-up: time from spawn to the listening line.
python3 - "$BIN" <<'PY'
import statistics, subprocess, sys, time
times = []
for _ in range(10):
    start = time.perf_counter()
    p = subprocess.Popen([sys.argv[1], "--port", "0", "--sender", "whatsapp:+15550001111"],
                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = p.stdout.readline()
    times.append((time.perf_counter() - start) * 1000)
    assert line.startswith("listening http://127.0.0.1:"), line
    p.terminate(); p.wait(5)
print(f"start-up to listening line: median {statistics.median(times):.1f} ms "
      f"(min {min(times):.1f}, max {max(times):.1f}, n=10)")
PY

# 2. Throughput.
"$BIN" --port 0 --sender whatsapp:+15550001111 --delivery-delay-ms 1500 > "$WORK/out" 2> /dev/null &
PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.05; done
BASE=$(sed -n 's/^listening //p' "$WORK/out")
MSGS="$BASE/2010-04-01/Accounts/$AC/Messages.json"

rss() { awk '/VmRSS/ {print $2 " " $3}' "/proc/$PID/status"; }
echo "RSS idle: $(rss)"

# curl config files: one transfer per group, groups separated by `next` (which resets
# per-transfer options, so each group repeats its auth, output and write-out).
python3 - "$N" "$MSGS" "$SENDER" "$WORK" "$AC:$TOKEN" <<'PY'
import sys
n, msgs, sender, work, user = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
common = f'user = "{user}"\noutput = "/dev/null"\nwrite-out = "%{{http_code}}\\n"\n'
def write(name, groups):
    with open(f"{work}/{name}.cfg", "w") as f:
        f.write("next\n".join(groups))
write("create", [f'url = "{msgs}"\ndata = "To=whatsapp%3A%2B1555999{i % 1000:04d}&From={sender}&Body=bench+message+{i}"\n'
                 + common for i in range(n)])
write("list", [f'url = "{msgs}?To=whatsapp%3A%2B1555999{i % 1000:04d}&PageSize=50"\n' + common for i in range(n)])
PY

phase() {  # name config-file
  local start end
  start=$(date +%s.%N)
  curl -s --parallel --parallel-max "$PARALLEL" -K "$2" > "$WORK/codes" 2> /dev/null || true
  end=$(date +%s.%N)
  local ok
  ok=$(grep -c '^20[01]$' "$WORK/codes" || true)
  python3 -c "print(f'$1: {$N/($end-$start):.0f} req/s ($N requests, $ok ok, $PARALLEL parallel, {($end-$start):.2f} s)')"
}
phase "create (POST Messages.json)" "$WORK/create.cfg"
phase "list (GET Messages.json?To=…&PageSize=50)" "$WORK/list.cfg"
curl -s -u "$AC:$TOKEN" "$MSGS?PageSize=1000" | python3 -c "
import json, sys
sids = [m['sid'] for m in json.load(sys.stdin)['messages']]
common = 'user = \"$AC:$TOKEN\"\noutput = \"/dev/null\"\nwrite-out = \"%{http_code}\\\\n\"\n'
groups = [f'url = \"$BASE/2010-04-01/Accounts/$AC/Messages/{sids[i % len(sids)]}.json\"\n' + common for i in range($N)]
open('$WORK/fetch.cfg', 'w').write('next\n'.join(groups))
"
phase "fetch (GET Messages/SM….json)" "$WORK/fetch.cfg"

# 3. Memory with 10,000 stored messages (a fresh emulator, injected history).
kill -TERM "$PID"; wait "$PID" || true
"$BIN" --port 0 > "$WORK/out" 2> /dev/null &
PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.05; done
BASE=$(sed -n 's/^listening //p' "$WORK/out")
echo "RSS fresh: $(rss)"
python3 - "$WORK" <<'PY'
import json, sys
msgs = [{"to": f"whatsapp:+1555999{i % 1000:04d}", "from": "whatsapp:+15550001111",
         "body": "Name: Ada Lovelace\nEmail: ada@example.com\nMessage: a typical contact form text " + str(i),
         "status": "delivered", "date_created": f"2024-05-{1 + i % 28:02d}T10:{i % 60:02d}:00Z",
         "date_sent": f"2024-05-{1 + i % 28:02d}T10:{i % 60:02d}:01Z"} for i in range(10000)]
json.dump({"messages": msgs}, open(f"{sys.argv[1]}/inject.json", "w"))
PY
START=$(date +%s.%N)
curl -s -o /dev/null -w 'inject 10,000 messages: HTTP %{http_code}' -H 'Content-Type: application/json' \
  --data-binary @"$WORK/inject.json" "$BASE/__emulator/messages"
END=$(date +%s.%N)
python3 -c "print(f' in {($END-$START):.2f} s')"
echo "RSS with 10,000 messages: $(rss)"
python3 - "$BASE" "$AC" "$TOKEN" <<'PY'
import base64, http.client, json, sys, time, urllib.parse
base, ac, token = sys.argv[1:4]
host = urllib.parse.urlparse(base)
conn = http.client.HTTPConnection(host.hostname, host.port)  # one keep-alive connection
auth = {"Authorization": "Basic " + base64.b64encode(f"{ac}:{token}".encode()).decode()}
for label, first in [("PageSize=1000", f"/2010-04-01/Accounts/{ac}/Messages.json?PageSize=1000"),
                     ("To filter, PageSize=50", f"/2010-04-01/Accounts/{ac}/Messages.json?To=whatsapp%3A%2B15559990007&PageSize=50"),
                     ("DateSent>=2024-05-10, PageSize=1000", f"/2010-04-01/Accounts/{ac}/Messages.json?DateSent%3E=2024-05-10&PageSize=1000")]:
    start, pages, items, nxt = time.perf_counter(), 0, 0, first
    while nxt:
        conn.request("GET", nxt, headers=auth)
        page = json.loads(conn.getresponse().read())
        pages, items, nxt = pages + 1, items + len(page["messages"]), page["next_page_uri"]
    took = time.perf_counter() - start
    print(f"page through 10,000 stored ({label}): {items} messages, {pages} pages in {took:.2f} s "
          f"({took / pages * 1000:.1f} ms/page incl. client JSON parsing)")
PY
echo "RSS after paging: $(rss)"
