#!/usr/bin/env bash
# Benchmark: what telling people costs a run. Times `quadctl notify test` (the
# same send path an update run uses) to 7 live targets on loopback (JSON
# webhook with HMAC, ntfy, Gotify, Slack, Discord, Matrix, an exec: program),
# then with a dead target added (nothing listens: retried until the 10 s budget),
# and `quadctl metrics` over a 1000-entry history. Prints the median wall time
# of RUNS runs of each.
#
#   bash bench/notify.sh        # RUNS=9 by default; needs `npm run build`
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-9}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/quadctl-notify-bench.XXXXXX")
PORT=$((20000 + RANDOM % 20000))
node test/e2e/notify/http-receiver.mjs "$PORT" "$WORK/hits.jsonl" >/dev/null &
RECEIVER=$!
trap 'kill $RECEIVER 2>/dev/null; rm -rf "$WORK"' EXIT
export QUADCTL_STATE_DIR=$WORK/state
mkdir -p "$QUADCTL_STATE_DIR"
printf 'key\n' > "$WORK/key"
printf '#!/bin/sh\ncat >/dev/null\n' > "$WORK/tell"; chmod +x "$WORK/tell"
cat > "$WORK/live.ini" <<INI
[notify.hook]
url = http://127.0.0.1:$PORT/hook
secret-file = $WORK/key
[notify.ntfy]
url = ntfy://127.0.0.1:$PORT/t?scheme=http
[notify.gotify]
url = gotify://127.0.0.1:$PORT/tok?scheme=http
[notify.slack]
url = http://127.0.0.1:$PORT/slack
format = slack
[notify.discord]
url = http://127.0.0.1:$PORT/discord
format = discord
[notify.matrix]
url = http://127.0.0.1:$PORT/matrix
format = matrix
[notify.exec]
url = exec:$WORK/tell
INI
{ cat "$WORK/live.ini"; printf '[notify.dead]\nurl = http://127.0.0.1:9/\n'; } > "$WORK/dead.ini"
node -e '
const n = 1000, lines = [];
for (let i = 0; i < n; i++) {
  const txn = "b" + i, at = 1.7e12 + i * 60000, unit = "u" + (i % 20) + ".service";
  lines.push(JSON.stringify({ v: 1, type: "begin", txn, at, unit, container: "c", kind: "update", trigger: "timer", policy: "digest", from: { image: "r/x:1", digest: "sha256:a", imageId: "a", dropIn: null }, to: { image: "r/x:1", digest: "sha256:b", imageId: "" }, pull: "r/x@sha256:b", reason: "new digest" }));
  lines.push(JSON.stringify({ v: 1, type: "end", txn, at: at + 5000, result: i % 7 ? "updated" : "rolled-back", reason: "r" }));
}
require("fs").writeFileSync(process.argv[1] + "/history.jsonl", lines.join("\n") + "\n");
' "$QUADCTL_STATE_DIR"
sleep 0.5

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
time_of() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000000)); }
bench() {
  local label=$1; shift
  local ms; ms=$(for _ in $(seq "$RUNS"); do time_of "$@"; done | median)
  printf '%-52s %6s ms\n' "$label" "$ms"
}
bench 'node -e 0' node -e 0
bench 'notify test: 7 live targets' node bin/quadctl notify test -c "$WORK/live.ini"
RUNS=3 bench 'notify test: 7 live + 1 dead target (RUNS=3)' node bin/quadctl notify test -c "$WORK/dead.ini"
bench 'metrics: 1000-entry history' node bin/quadctl metrics
echo "messages received: $(wc -l < "$WORK/hits.jsonl")"
