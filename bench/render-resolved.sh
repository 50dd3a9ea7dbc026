#!/usr/bin/env bash
# Benchmark: what rendering config + updater state costs `generate`/`diff`/`apply`.
# A config of N containers (update.policy = patch) is generated with an empty
# state and with a state that resolved every one of them to a newer tag (N entries
# in resolved.json, each a hold and a known-bad digest too): the difference is
# reading the state and replacing N images. Prints the median wall and CPU
# (user + sys) time of RUNS runs of each.
#
#   bash bench/render-resolved.sh            # N=200 RUNS=11
#   N=1000 RUNS=5 bash bench/render-resolved.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200}
RUNS=${RUNS:-11}
node scripts/build.mjs

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quadctl-resolved-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/empty" "$WORK/full"
node -e '
const n = Number(process.argv[1]);
const fs = require("fs");
let ini = "";
const units = {};
for (let i = 0; i < n; i++) {
  ini += `[container.c${i}]\nImage = localhost:5000/demo/web:1.0.0\nupdate.policy = patch\n\n`;
  units[`c${i}.service`] = {
    requested: { image: "localhost:5000/demo/web:1.0.0", policy: "patch" },
    resolved: { image: "localhost:5000/demo/web:1.0.1", digest: "sha256:" + "a".repeat(64), entry: "e" + i, at: 1 },
    hold: { since: 1, reason: "bench" },
    knownBad: [{ digest: "sha256:" + "b".repeat(64), image: "localhost:5000/demo/web:1.0.2", reason: "exits", entry: "f" + i, at: 1 }],
  };
}
fs.writeFileSync(process.argv[2] + "/q.ini", ini);
fs.writeFileSync(process.argv[2] + "/full/resolved.json", JSON.stringify({ v: 1, units }));
' "$N" "$WORK"

run_case() {
  QUADCTL_STATE_DIR=$WORK/$1 bin/quadctl generate -c "$WORK/q.ini" -o "$WORK/out-$1" --target systemd --podman-version 4.3.1
}
for s in empty full; do run_case "$s" >/dev/null 2>&1 || { echo "bench: generate with the $s state failed" >&2; run_case "$s"; exit 1; }; done
grep -q 'web:1.0.1' "$WORK/out-full/c0.service" || { echo 'bench: the resolved image was not rendered' >&2; exit 1; }

# shellcheck source=bench/median.sh
. bench/median.sh

echo "generate of $N containers (systemd target), median of $RUNS runs, $(nproc) CPU(s), node $(node --version), load $(cut -d' ' -f1 /proc/loadavg)"
printf '%-40s %8s %8s\n' state wall_s cpu_s
row() { local name=$1; shift; read -r w c <<<"$(median "$@")"; printf '%-40s %8s %8s\n' "$name" "$w" "$c"; }
row 'none (empty state dir)' run_case empty
row "$N resolved, held, known-bad entries" run_case full
