#!/usr/bin/env bash
# Benchmark: start-up of the main CLI. The update timer runs `quadctl update` every
# few minutes and people run `quadctl status` by hand, so what a command costs
# before it does anything is user-visible. Times commands that do little work
# (help, version, validate and generate of the bundled example, an empty history)
# against a bare `node -e 0` (Node's own start-up, the floor for any Node program)
# and prints the median wall and CPU (user + sys) time of RUNS runs of each.
#
#   npm run bench:cli                # or: bash bench/cli-startup.sh
#   RUNS=21 bash bench/cli-startup.sh
#
# Timing uses bash's `time`, so nothing beyond bash, awk and node is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-11}
node scripts/build.mjs

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quadctl-cli-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# history reads $QUADCTL_STATE_DIR/history.jsonl (src/adapters/history/paths.ts):
# an empty folder keeps the bench off the host's own history.
export QUADCTL_STATE_DIR=$WORK/state
mkdir -p "$QUADCTL_STATE_DIR"

NAMES=(
  'node -e 0'
  'quadctl --help'
  'quadctl --version'
  'quadctl validate -c examples/quadctl.ini'
  'quadctl generate -o DIR --target quadlet'
  'quadctl history --json'
)
run_case() {
  case $1 in
    0) node -e 0 ;;
    1) bin/quadctl --help ;;
    2) bin/quadctl --version ;;
    3) bin/quadctl validate -c examples/quadctl.ini ;;
    4) bin/quadctl generate -c examples/quadctl.ini -o "$WORK/out" --target quadlet ;;
    5) bin/quadctl history --json ;;
  esac
}

# A command that fails would time its error path: every case must succeed first.
for i in "${!NAMES[@]}"; do
  if ! run_case "$i" >"$WORK/check.log" 2>&1; then
    echo "bench: '${NAMES[$i]}' failed:" >&2
    cat "$WORK/check.log" >&2
    exit 1
  fi
done

# once I: one run of case I; prints "wall_ms cpu_ms".
once() {
  local t
  t=$({ TIMEFORMAT='%3R %3U %3S'; time run_case "$1" >/dev/null 2>&1; } 2>&1)
  awk '{ printf "%.1f %.1f\n", $1 * 1000, ($2 + $3) * 1000 }' <<<"$t"
}

# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m }'; }

# Runs alternate between the cases so a busy machine slows all of them alike.
for i in "${!NAMES[@]}"; do : >"$WORK/t$i"; done
for ((r = 0; r < RUNS; r++)); do
  for i in "${!NAMES[@]}"; do once "$i" >>"$WORK/t$i"; done
done

echo "quadctl CLI start-up: median of $RUNS alternating runs, $(nproc) CPU(s), node $(node --version), load $(cut -d' ' -f1 /proc/loadavg)"
echo "dist/: $(find dist -maxdepth 1 -name '*.mjs' | wc -l) .mjs file(s), quadctl.mjs $(wc -c <dist/quadctl.mjs) bytes"
printf '%-42s %9s %9s %10s\n' command 'wall ms' 'CPU ms' 'x node'
base=$(cut -d' ' -f1 "$WORK/t0" | median)
for i in "${!NAMES[@]}"; do
  wall=$(cut -d' ' -f1 "$WORK/t$i" | median)
  cpu=$(cut -d' ' -f2 "$WORK/t$i" | median)
  printf '%-42s %9s %9s %9sx\n' "${NAMES[$i]}" "$wall" "$cpu" "$(awk -v a="$wall" -v b="$base" 'BEGIN { printf "%.2f", a / b }')"
done
