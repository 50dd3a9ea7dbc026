#!/usr/bin/env bash
# Benchmark: `quadctl import compose` on the fixture projects (test/fixtures/compose),
# against `quadctl --help` (the CLI's start-up floor). Import is a one-off command,
# so what matters is that it feels instant; the schema compile (Ajv) and the YAML
# parse are its own costs. Prints the median wall time of RUNS runs of each.
#
#   npm run bench:import     # or: bash bench/import-compose.sh
#   RUNS=21 bash bench/import-compose.sh
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-11}
node scripts/build.mjs
F=test/fixtures/compose

median_ms() {
  local times=()
  for _ in $(seq "$RUNS"); do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'
}

printf '%-58s %8s\n' 'command' 'median'
row() { printf '%-58s %6s ms\n' "$1" "$(median_ms "${@:2}")"; }
row 'quadctl --help' bin/quadctl --help
row 'import compose: photos (4 services, .env)' bin/quadctl import compose --podman-version 5.4.2 -f $F/photos/compose.yaml
row 'import compose: documents (5 services, 2 files)' bin/quadctl import compose --podman-version 5.4.2 -f $F/documents/docker-compose.yml -f $F/documents/docker-compose.override.yml
row 'import compose: cloud --pod (7 services, build, secrets)' bin/quadctl import compose --podman-version 4.3.1 --pod --profile backup -f $F/cloud/compose.yaml
row 'import compose: layered (include, extends, replicas)' bin/quadctl import compose --podman-version 5.4.2 -f $F/layered/compose.yaml
