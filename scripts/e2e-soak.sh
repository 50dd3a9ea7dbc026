#!/bin/bash
# Run the whole e2e suite N times in a row (default 10) and show that the real-system
# harness leaves the machine as it found it: process count, mount count, namespaces,
# cgroups and the /tmp listing before and after, plus boot-to-ready and push times.
#
#   scripts/e2e-soak.sh [N] [extra jest args, e.g. --maxWorkers=2]
#   SOAK_TESTS=test/e2e/harness scripts/e2e-soak.sh 3     # a subset (a jest path pattern)
#
# Other work on the machine (other people's processes, files in /tmp) moves the totals
# too, so the verdict rests on what the harness can leave: its state dirs
# (/tmp/quadctl-e2e-*), its cgroups, processes in them or in sandbox namespaces. Exit 0
# when none of those is left (failing tests are reported, not fatal: this measures leaks).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-10}; shift || true
work=$PWD/.cache/e2e-soak            # not /tmp: the listing of /tmp is what is compared
rm -rf "$work"; mkdir -p "$work"
timings=$work/timings.jsonl

host_pidns=$(readlink /proc/self/ns/pid)
snapshot() { # $1: name
  local d=$work/$1; mkdir -p "$d"
  ps -e --no-headers -o pid= | wc -l > "$d/processes"
  wc -l < /proc/self/mountinfo > "$d/mounts"
  # Namespaces in use by any process, all kinds.
  { find /proc/[0-9]*/ns -maxdepth 1 -type l -printf '%l\n' 2>/dev/null || true; } | sort -u | wc -l > "$d/namespaces"
  { find /sys/fs/cgroup/unified /sys/fs/cgroup/systemd -mindepth 1 -type d 2>/dev/null || true; } | wc -l > "$d/cgroups"
  ls -A /tmp | sort > "$d/tmp"
  # What only the harness makes: its state dirs, its cgroups, processes in either.
  { ls -d /tmp/quadctl-e2e-* 2>/dev/null || true; } > "$d/harness-dirs"
  { ls -d /sys/fs/cgroup/unified/quadctl-e2e-* /sys/fs/cgroup/systemd/quadctl-e2e-* 2>/dev/null || true; } > "$d/harness-cgroups"
  { grep -l 'quadctl-e2e-' /proc/[0-9]*/cgroup 2>/dev/null || true; } | wc -l > "$d/harness-processes"
  { for p in /proc/[0-9]*; do [ "$(readlink "$p/ns/pid" 2>/dev/null)" != "$host_pidns" ] && [ -e "$p/ns/pid" ] && echo "${p#/proc/}"; done 2>/dev/null || true; } | wc -l > "$d/foreign-pidns-processes"
}

echo "== build"
node scripts/build.mjs >/dev/null
snapshot before

echo "== e2e suite x $n"
# Interrupted (SIGINT/SIGTERM): stop the running jest (it tears its sandboxes down),
# then compare and report the runs completed so far.
interrupted=0; jest_pid=
trap 'interrupted=1; [ -n "$jest_pid" ] && kill -TERM "$jest_pid" 2>/dev/null' INT TERM
results=()
for i in $(seq "$n"); do
  [ "$interrupted" = 0 ] || break
  start=$(date +%s.%N)
  set +e
  QUADCTL_E2E_TIMINGS=$timings node node_modules/jest/bin/jest.js "${SOAK_TESTS:-test/e2e}" \
    --globalSetup ./test/harness/global-setup.ts --globalTeardown ./test/harness/global-teardown.ts \
    --json --outputFile="$work/run-$i.json" "$@" >"$work/run-$i.log" 2>&1 &
  jest_pid=$!
  echo "$jest_pid" >> "$work/jest-pids"   # sandboxes record this as their owner (or its parent)
  wait "$jest_pid"; code=$?
  while kill -0 "$jest_pid" 2>/dev/null; do wait "$jest_pid"; code=$?; done   # wait again after a trap
  jest_pid=
  set -e
  if [ "$interrupted" = 1 ]; then echo "run $i: interrupted"; break; fi
  secs=$(echo "$(date +%s.%N) - $start" | bc)
  line=$(node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    process.stdout.write(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
  ' "$work/run-$i.json" 2>/dev/null || echo "no results")
  printf 'run %2d: exit %d, %s, %.1f s\n' "$i" "$code" "$line" "$secs"
  results+=("$code")
done

snapshot after

echo "== machine before -> after"
for k in processes mounts namespaces cgroups harness-processes foreign-pidns-processes; do
  printf '%-26s %6s -> %s\n' "$k" "$(cat "$work/before/$k")" "$(cat "$work/after/$k")"
done
printf '%-26s %6s -> %s\n' "/tmp entries" "$(wc -l < "$work/before/tmp")" "$(wc -l < "$work/after/tmp")"
if ! diff -q "$work/before/tmp" "$work/after/tmp" >/dev/null; then
  echo "/tmp listing changed (- before only, + after only):"
  diff "$work/before/tmp" "$work/after/tmp" | grep '^[<>]' | sed 's/^</  -/; s/^>/  +/' || true
else
  echo "/tmp listing unchanged"
fi

echo "== timings (ms)"
node -e '
  const lines = require("fs").readFileSync(process.argv[1], "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  const stat = (name, xs) => {
    if (xs.length === 0) return console.log(`${name}: none`);
    xs.sort((a, b) => a - b);
    const at = (q) => xs[Math.min(xs.length - 1, Math.floor(q * xs.length))];
    console.log(`${name}: n=${xs.length} min=${xs[0]} median=${at(0.5)} p90=${at(0.9)} max=${xs[xs.length - 1]}`);
  };
  stat("boot (systemd running)", lines.filter((l) => l.bootMs !== undefined).map((l) => l.bootMs));
  stat("boot-to-ready (+registries)", lines.filter((l) => l.readyMs !== undefined).map((l) => l.readyMs));
  const pushes = lines.filter((l) => l.pushMs !== undefined);
  const firstSeen = new Set();
  const first = [], later = [];
  for (const p of pushes) (firstSeen.has(p.id) ? later : (firstSeen.add(p.id), first)).push(p.pushMs);
  stat("first push per sandbox", first);
  stat("later pushes", later);
' "$timings" 2>/dev/null || echo "no timings recorded"

# Sandboxes of other people's concurrent jest runs are theirs; ours name a soak jest as owner.
leaks=0
for d in /tmp/quadctl-e2e-*; do
  [ -e "$d" ] || continue
  owner=$(cat "$d/owner" 2>/dev/null || echo '{}')
  pid=$(echo "$owner" | sed -n 's/.*"pid":\([0-9]*\).*/\1/p'); ppid=$(echo "$owner" | sed -n 's/.*"ppid":\([0-9]*\).*/\1/p')
  if grep -qxE "${pid:-x}|${ppid:-x}" "$work/jest-pids"; then
    id=${d#/tmp/}
    echo "LEFT by a soak run: $d, cgroups: $(ls -d /sys/fs/cgroup/*/"$id" 2>/dev/null | tr '\n' ' ')"
    leaks=1
  fi
done
printf '%-26s %s\n' "sandboxes alive now" "$(wc -l < "$work/after/harness-dirs") (any run's; soak leftovers are listed above)"
failed_runs=0; for c in "${results[@]}"; do [ "$c" = 0 ] || failed_runs=$((failed_runs + 1)); done
echo "== verdict: ${#results[@]} of $n runs completed, $failed_runs with failing tests; harness leftovers: $([ $leaks = 0 ] && echo none || echo YES)"
exit $leaks
