#!/usr/bin/env bash
# Benchmark: `quadctl export kube` on the bundled example and on a config with N
# containers (default 1,000, sharing a volume), to a stream and into a folder, against
# `quadctl validate` of the same config (reading and checking it: the part export
# shares with every command). Most of export's own cost is the schema check of every
# object (kubernetes-models' precompiled validators) and loading them.
# Prints the median wall and CPU (user + sys) time of RUNS runs per case.
#
#   bash bench/export-kube.sh            # N=1000 RUNS=5
#   N=100 RUNS=9 bash bench/export-kube.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
RUNS=${RUNS:-5}
node scripts/build.mjs

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quadctl-export-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

{
  printf '[defaults.container]\nPull = missing\nupdate.policy = patch\n\n[volume.bench]\nLabel = bench=1\n\n'
  for ((i = 0; i < N; i++)); do
    printf '[container.app%d]\nImage = registry.example.com/team/app%d:1.%d.0\nVolume = bench:/data\n' "$i" "$i" "$((i % 50))"
    printf 'PublishPort = 127.0.0.1:%d:8080\nEnvironment = APP_ID=%d\nHealthCmd = wget -q -O /dev/null http://127.0.0.1:8080/\nLabel = app=app%d\n\n' "$((20000 + i))" "$i" "$i"
  done
} >"$WORK/bench.ini"

# shellcheck source=bench/median.sh
. bench/median.sh

printf '%-52s %8s %8s\n' case wall_s cpu_s
row() { local name=$1; shift; read -r w c <<<"$(median "$@")"; printf '%-52s %8s %8s\n' "$name" "$w" "$c"; }
export REGISTRY=localhost:5000
row 'validate example' bin/quadctl validate -c examples/quadctl.ini --target quadlet
row 'export kube example -o -' bin/quadctl export kube -c examples/quadctl.ini
row "validate $N containers" bin/quadctl validate -c "$WORK/bench.ini" --target quadlet
row "export kube $N containers -o -" bin/quadctl export kube -c "$WORK/bench.ini"
row "export kube $N containers -o DIR --podman" bin/quadctl export kube -c "$WORK/bench.ini" -o "$WORK/out" --podman
