#!/usr/bin/env bash
# Measures `formcheck monitor --since 7d` over a 7-day window holding 20,000 messages to staff
# in the Twilio emulator: wall time, Twilio requests (by the emulator's own /__emulator/stats)
# and pages. Builds nothing.
#
#   bench/monitor_bench.sh <build/bin> [messages] [runs]
#
# The history (injected in one /__emulator/messages call): messages spread evenly over the
# last 7 days, 0.5 % failed before sending (63016, no date_sent), 0.5 % undelivered (30008),
# 1 % formcheck test messages, deliveries 1–6 s. Needs python3 and curl.
set -euo pipefail

BIN=${1:?usage: $0 <build/bin> [messages] [runs]}
N=${2:-20000}
RUNS=${3:-3}
AC=ACf0c4ec4f0c4ec4f0c4ec4f0c4ec4f0c4   # the emulator's documented demo account
TOKEN=5ec2e75ec2e75ec2e75ec2e75ec2e700
SENDER=whatsapp:+15557654321
STAFF=whatsapp:+6281234567890
WORK=$(mktemp -d)
PID=
cleanup() { [[ -n $PID ]] && kill -TERM "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

"$BIN/formcheck-twilio-emulator" --port 0 --sender "$SENDER" > "$WORK/out" 2> /dev/null &
PID=$!
for _ in $(seq 100); do grep -q listening "$WORK/out" 2>/dev/null && break; sleep 0.05; done
BASE=$(sed -n 's/^listening //p' "$WORK/out")

python3 - "$N" "$SENDER" "$STAFF" > "$WORK/history.json" <<'PY'
import json, sys, datetime as dt, random
n, sender, staff = int(sys.argv[1]), sys.argv[2], sys.argv[3]
random.seed(1)
now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
span = 7 * 86400 - 1800              # inside the 7-day window with 10 minutes to spare at each end
fmt = lambda t: t.strftime("%Y-%m-%dT%H:%M:%SZ")
out = []
for i in range(n):
    created = now - dt.timedelta(seconds=600 + span * i // n)
    body = "New contact form submission\nName: Guest %d\nMessage:\n%sHello" % (i, "[formcheck-test fc-bench-a%d] " % i if i % 100 == 0 else "")
    m = {"from": sender, "to": staff, "body": body, "date_created": fmt(created)}
    if i % 200 == 1:
        m.update(status="failed", error_code=63016, date_sent=None, date_updated=fmt(created + dt.timedelta(seconds=1)))
    elif i % 200 == 2:
        m.update(status="undelivered", error_code=30008, date_sent=fmt(created + dt.timedelta(seconds=1)),
                 date_updated=fmt(created + dt.timedelta(seconds=5)))
    else:
        m.update(status="delivered", date_sent=fmt(created + dt.timedelta(seconds=1)),
                 date_updated=fmt(created + dt.timedelta(seconds=random.randint(1, 6))))
    out.append(m)
json.dump(out, sys.stdout)
PY
curl -sf -X POST -H 'Content-Type: application/json' --data-binary "@$WORK/history.json" \
  "$BASE/__emulator/messages" | python3 -c 'import json,sys; print("injected:", json.load(sys.stdin)["inserted"], "messages over 7 days")'

cat > "$WORK/formcheck.json" <<JSON
{
  "twilio": {"account_sid": "$AC", "auth_token": "$TOKEN", "api_base": "$BASE", "staff": "$STAFF"},
  "expect": {"sender": "$SENDER"}
}
JSON

requests() { curl -sf "$BASE/__emulator/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])'; }
for run in $(seq "$RUNS"); do
  before=$(requests)
  start=$(date +%s.%N)
  code=0
  "$BIN/formcheck" monitor --config "$WORK/formcheck.json" --since 7d --json "$WORK/monitor.json" \
    --junit "$WORK/monitor.xml" > "$WORK/monitor.out" 2>&1 || code=$?
  end=$(date +%s.%N)
  after=$(requests)
  python3 - "$WORK/monitor.json" "$start" "$end" "$before" "$after" "$code" "$run" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["monitor"]
t = m["twilio"]
wall = float(sys.argv[3]) - float(sys.argv[2])
print(f"run {sys.argv[7]}: exit {sys.argv[6]}, wall {wall:.2f} s (monitor's own {t['elapsed_s']:.2f} s), "
      f"{int(sys.argv[5]) - int(sys.argv[4])} Twilio requests by the emulator's count "
      f"({t['requests']} by formcheck's), {t['pages']} pages, {t['listed']} items listed, "
      f"{m['messages']['judged']['messages']} messages in the window "
      f"({m['messages']['guests']['messages']} guests, {m['messages']['tests']['messages']} tests), "
      f"{t['without_date_sent']} found only by the undated query, delivery rate {m['delivery_rate']:.2f}%")
PY
done
echo "last report: head of the console output"
sed -n 1,20p "$WORK/monitor.out"
