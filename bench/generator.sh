#!/usr/bin/env bash
# Benchmark: quadctl-generator against Podman's own Quadlet on 1, 100 and 1,000
# .container files, in the same run, the way systemd calls a generator
# (QUADLET_UNIT_DIRS=DIR GENERATOR --no-kmsg-log OUTDIR). Prints the median wall
# time of several runs per case, the ratio quadctl/reference, and for one unit the
# ratio to a bare `node -e 0` (Node's own start-up, the floor for any Node program).
# Every case runs twice: output on a disk folder and on a tmpfs (see OUT_BASES below).
#
# Goals (issue 11): 1,000 units on tmpfs: quadctl <= 1.5 x Podman 5.8's quadlet.
# 1 unit: quadctl <= 1.15 x node -e 0. quadctl runs without a settings file, so it
# writes for the newest Podman, as the 5.8 reference does.
#
#   npm run bench:generator              # or: bash bench/generator.sh
#   RUNS=15 bash bench/generator.sh      # more repetitions
#   bash bench/generator.sh --check      # exit 1 when a goal is missed
#   bash bench/generator.sh --instructions   # instruction counts (valgrind), see below
#
# The reference is Podman 5.8's quadlet: QUADCTL_REFERENCE_QUADLET_58, else
# .cache/ref58/quadlet (../shared/reference/get-quadlet .cache/ref58 5.8 fetches it). Timing uses bash's `time`
# (wall and user+sys CPU), so nothing beyond bash, awk and node is needed.
# Every timed command runs in the environment systemd gives a generator: the manager's own
# few variables, not this shell's (BENCH_KEEP_ENV=1 keeps them). It matters: with
# NODE_EXTRA_CA_CERTS set, as on some CI machines, Node loads that certificate file while it
# starts, which made `node -e 0` 24 -> 61 ms here and hid most of a generator's own start-up.
# The build (run below) also writes the generator's V8 code cache for this Node
# (dist/quadctl-generator.cjs.NODE_VERSION.cache), so the runs load the bundle the way an
# installed generator does; the CPU columns are the steadier figure on a busy machine.
set -euo pipefail
cd "$(dirname "$0")/.."

REF=${QUADCTL_REFERENCE_QUADLET_58:-.cache/ref58/quadlet}
NODE=$(command -v node)
if [[ ${BENCH_KEEP_ENV:-0} == 1 ]]; then
  GEN_ENV=(env)
else
  GEN_ENV=(env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin SYSTEMD_SCOPE=system)
fi
OURS=(env QUADCTL_GENERATOR_CONF=/nonexistent "$NODE" bin/quadctl-generator.cjs)
RUNS=${RUNS:-7}
CHECK=0 INSTRUCTIONS=0
[[ ${1:-} == --check ]] && CHECK=1
[[ ${1:-} == --instructions ]] && INSTRUCTIONS=1

if [[ ! -x $REF ]]; then
  echo "bench: reference quadlet not found at $REF (set QUADCTL_REFERENCE_QUADLET_58)" >&2
  exit 2
fi
node scripts/build.mjs

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quadctl-bench.XXXXXX")
# Where the output goes changes the picture: Podman's quadlet fsyncs every unit it writes,
# which costs real time on a disk and nothing on a tmpfs (systemd gives generators folders
# under /run, a tmpfs). So every case runs on both: a folder next to the inputs, and
# /dev/shm when there is one (BENCH_OUT_BASES="dir1 dir2" chooses others).
read -r -a OUT_BASES <<<"${BENCH_OUT_BASES:-$WORK /dev/shm}"
OUT_DIRS=()
for base in "${OUT_BASES[@]}"; do
  [[ -d $base && -w $base ]] && OUT_DIRS+=("$(mktemp -d "$base/quadctl-bench-out.XXXXXX")")
done
trap 'rm -rf "$WORK" "${OUT_DIRS[@]}"' EXIT
OUTS=${OUT_DIRS[0]}

# N container files with the keys people use most, a few shared networks and volumes.
make_units() {
  local dir=$1 n=$2 i
  mkdir -p "$dir"
  printf '[Network]\nSubnet=10.77.0.0/16\n' >"$dir/bench.network"
  printf '[Volume]\nLabel=bench=1\n' >"$dir/bench.volume"
  for ((i = 0; i < n; i++)); do
    cat >"$dir/app$i.container" <<EOF
[Unit]
Description=Benchmark container $i

[Container]
Image=quay.io/example/app:1.$i
ContainerName=app$i
Network=bench.network
Volume=bench.volume:/data/$i:Z
Volume=/srv/app$i:/srv:ro
PublishPort=127.0.0.1:$((20000 + i)):8080
Environment=INDEX=$i "GREETING=hello world" MODE=production
Label=app=bench index=$i
Exec=/usr/bin/server --port 8080 --name "app $i"
HealthCmd=/usr/bin/curl -fsS http://localhost:8080/health
AutoUpdate=registry

[Service]
Restart=always
TimeoutStartSec=300

[Install]
WantedBy=multi-user.target default.target
EOF
  done
}

# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.1f", m }'; }

# timed CMD... : runs CMD and prints "wall_ms cpu_ms". bash's `time` reports whole
# milliseconds, 4% of a one-unit run, so wall time comes from EPOCHREALTIME (microseconds)
# around the command, run in this shell (a subshell's fork would be timed too), and CPU
# from the children's user+sys time that `times` reports before and after.
timed() {
  local a b c0 c1
  times >"$WORK/times" && c0=$(tail -1 "$WORK/times")
  a=${EPOCHREALTIME//[!0-9]/}
  "$@" >/dev/null 2>&1 || true
  b=${EPOCHREALTIME//[!0-9]/}
  times >"$WORK/times" && c1=$(tail -1 "$WORK/times")
  awk -v a="$a" -v b="$b" -v c0="$c0" -v c1="$c1" '
    function ms(t,  p) { split(t, p, /[ms]/); return (p[1] * 60 + p[2]) * 1000 }
    function cpu(l,  f) { split(l, f, " "); return ms(f[1]) + ms(f[2]) }
    BEGIN { printf "%.2f %.1f\n", (b - a) / 1000, cpu(c1) - cpu(c0) }'
}

# once UNITDIR CMD... : runs one generation into a fresh folder; prints "wall_ms cpu_ms".
once() {
  local dir=$1; shift
  local out="$OUTS/out"
  rm -rf "$out" && mkdir -p "$out"
  timed "${GEN_ENV[@]}" QUADLET_UNIT_DIRS="$dir" "$@" --no-kmsg-log "$out"
}

node_once() { timed "${GEN_ENV[@]}" "$NODE" -e 0; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
meets() { awk -v r="$1" -v g="$2" 'BEGIN { exit !(r <= g) }'; }
col() { cut -d' ' -f"$1" "$2" | median; }

# Both generators must agree on what they write before their speed means anything.
check_same_files() {
  local dir=$1 a="$OUTS/a" b="$OUTS/b"
  rm -rf "$a" "$b" && mkdir -p "$a" "$b"
  QUADLET_UNIT_DIRS=$dir "${OURS[@]}" --no-kmsg-log "$a" 2>/dev/null || true
  QUADLET_UNIT_DIRS=$dir "$REF" --no-kmsg-log "$b" 2>/dev/null || true
  local na nb
  na=$(find "$a" -name '*.service' -not -type l | wc -l)
  nb=$(find "$b" -name '*.service' -not -type l | wc -l)
  [[ $na == "$nb" ]] || echo "  warning: quadctl wrote $na units, the reference $nb"
}

# Runs alternate (quadctl, reference, [node -e 0 | the Node I/O floor]) so a busy
# machine slows all alike. The floor (bench/io-floor.cjs) does quadctl's reads and
# writes with no translation: what any Node generator pays before doing any work.
bench_case() {
  local dir=$1 n=$2 i
  : >"$WORK/ours" && : >"$WORK/ref" && : >"$WORK/node" && : >"$WORK/floor"
  node bench/io-floor.cjs --manifest "$OUTS/a" >"$WORK/manifest.json"
  once "$dir" "${OURS[@]}" >/dev/null && once "$dir" "$REF" >/dev/null # warm the page cache
  for ((i = 0; i < RUNS; i++)); do
    once "$dir" "${OURS[@]}" >>"$WORK/ours"
    once "$dir" "$REF" >>"$WORK/ref"
    if [[ $n == 1 ]]; then node_once >>"$WORK/node"; fi
    if [[ $n == 1000 ]]; then once "$dir" "$NODE" bench/io-floor.cjs "$WORK/manifest.json" >>"$WORK/floor"; fi
  done
}

# On a busy machine wall times drift by tens of ms; the instructions a run executes (every
# thread, counted by valgrind's cachegrind) do not, so a change can be judged by them
# there. They are not time: the reference's fsyncs and Node's I/O cost little of them.
# Left to itself V8 sizes its heap and schedules its helper threads by the clock, which
# moved the count of one and the same run by +-3 million; with these flags a run repeats
# to within a few thousand. V8 refuses a code cache made under other flags, so quadctl runs
# from a copy whose cache the cache writer made under the same flags. `node -e 0` runs
# with them too (they cost it ~9 million: Node's own builtins then compile from source).
STEADY=(--hash-seed=7 --v8-pool-size=0 --predictable-gc-schedule --single-threaded-gc)
instructions() {
  local dir=$1; shift
  local out="$OUTS/out"
  rm -rf "$out" && mkdir -p "$out"
  "${GEN_ENV[@]}" QUADCTL_GENERATOR_CONF=/nonexistent QUADLET_UNIT_DIRS="$dir" "$(command -v valgrind)" --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$@" --no-kmsg-log "$out" 2>&1 >/dev/null |
    awk '/I +refs/ { gsub(",", "", $NF); printf "%.1f", $NF / 1e6 }'
}
if [[ $INSTRUCTIONS == 1 ]]; then
  command -v valgrind >/dev/null || { echo "bench: --instructions needs valgrind" >&2; exit 2; }
  OUTS=${OUT_DIRS[-1]} # the tmpfs one, when there is one
  make_units "$WORK/units-1" 1 && make_units "$WORK/units-1000" 1000
  mkdir -p "$WORK/steady/bin" "$WORK/steady/dist"
  cp bin/quadctl-generator.cjs bin/quadctl-generator-cache "$WORK/steady/bin/"
  cp dist/quadctl-generator.cjs dist/quadctl-generator-writer.cjs "$WORK/steady/dist/"
  "$NODE" "${STEADY[@]}" "$WORK/steady/bin/quadctl-generator-cache" >/dev/null
  base=$("${GEN_ENV[@]}" "$(command -v valgrind)" --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null "$NODE" "${STEADY[@]}" -e 0 2>&1 | awk '/I +refs/ { gsub(",", "", $NF); printf "%.1f", $NF / 1e6 }')
  one=$(instructions "$WORK/units-1" "$NODE" "${STEADY[@]}" "$WORK/steady/bin/quadctl-generator.cjs")
  ours=$(instructions "$WORK/units-1000" "$NODE" "${STEADY[@]}" "$WORK/steady/bin/quadctl-generator.cjs")
  ref=$(instructions "$WORK/units-1000" "$REF")
  echo "instructions (millions), node $(node --version) ${STEADY[*]}, output on $(stat -f -c %T "$OUTS")"
  # No ratio for 1,000 units: the reference's time is mostly I/O, which counts few instructions.
  printf '%-24s %8s %s\n' 'node -e 0' "$base" '' '1 unit' "$one" "($(ratio "$one" "$base")x node -e 0)" \
    '1,000 units' "$ours" '' '1,000 units, reference' "$ref" ''
  exit 0
fi

echo "quadctl-generator vs $REF: median of $RUNS alternating runs, $(nproc) CPU(s), node $(node --version), load $(cut -d' ' -f1 /proc/loadavg), $([[ ${GEN_ENV[1]:-} == -i ]] && echo "systemd's generator environment" || echo "this shell's environment")"
for n in 1 100 1000; do make_units "$WORK/units-$n" "$n"; done
failed=0
for OUTS in "${OUT_DIRS[@]}"; do
  fs=$(stat -f -c %T "$OUTS")
  echo
  echo "output on $fs ($(dirname "$OUTS"))"
  printf '%-10s %12s %12s %8s   %s\n' units 'quadctl ms' 'reference ms' ratio '(CPU ms quadctl / reference)'
  for n in 1 100 1000; do
    dir="$WORK/units-$n"
    check_same_files "$dir"
    bench_case "$dir" "$n"
    ours=$(col 1 "$WORK/ours") ref=$(col 1 "$WORK/ref")
    r=$(ratio "$ours" "$ref")
    printf '%-10s %12s %12s %7sx   (%s / %s)\n' "$n" "$ours" "$ref" "$r" "$(col 2 "$WORK/ours")" "$(col 2 "$WORK/ref")"
    if [[ $n == 1 ]]; then
      one_unit=$ours base=$(col 1 "$WORK/node")
      printf '%-10s %12s %12s %8s   (%s)\n' 'node -e 0' "$base" '' '' "$(col 2 "$WORK/node")"
    fi
    if [[ $n == 1000 ]]; then
      r1000=$r floor=$(col 1 "$WORK/floor")
      printf '%-10s %12s %12s %7sx   (%s; same reads and writes in Node, no translation)\n' 'I/O floor' "$floor" '' "$(ratio "$floor" "$ref")" "$(col 2 "$WORK/floor")"
    fi
  done
  rb=$(ratio "$one_unit" "$base")
  if meets "$rb" 1.15; then echo "goal 1 unit <= 1.15x node -e 0 ($fs): met (${rb}x)"; else echo "goal 1 unit <= 1.15x node -e 0 ($fs): MISSED (${rb}x)"; failed=1; fi
  if meets "$r1000" 1.5; then echo "goal 1,000 units <= 1.5x reference ($fs): met (${r1000}x)"; else echo "goal 1,000 units <= 1.5x reference ($fs): MISSED (${r1000}x)"; failed=1; fi
done
if [[ $CHECK == 1 && $failed == 1 ]]; then exit 1; fi
exit 0
