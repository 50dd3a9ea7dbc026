#!/usr/bin/env bash
# Benchmark: `quadctl generate` on a config with N containers (default 1,000, plus
# a network and a volume they share), for both targets, against quadctl-generator
# (and Podman's own Quadlet, when present) translating the equivalent Quadlet
# files — the files `generate --target quadlet` wrote — the way systemd calls a
# generator. Prints the median wall time of RUNS runs per case and the ratios.
#
#   bash bench/config-generate.sh            # N=1000 RUNS=5
#   N=100 RUNS=9 bash bench/config-generate.sh
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000}
RUNS=${RUNS:-5}
REF=${QUADCTL_REFERENCE_QUADLET:-/opt/refq/quadlet}
node scripts/build.mjs

WORK=$(mktemp -d "${TMPDIR:-/tmp}/quadctl-config-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

{
  printf '[defaults.container]\nPull = missing\nService.Restart = on-failure\nupdate.policy = patch\nInstall.WantedBy = multi-user.target\n\n'
  printf '[network.bench]\nSubnet = 10.77.0.0/16\n\n[volume.bench]\nLabel = bench=1\n\n'
  for ((i = 0; i < N; i++)); do
    printf '[container.app%d]\nImage = registry.example.com/team/app%d:1.%d.0\nNetwork = bench\nVolume = bench:/data\n' "$i" "$i" "$((i % 50))"
    printf 'PublishPort = 127.0.0.1:%d:8080\nEnvironment = APP_ID=%d\nEnvironment = "GREETING=hello world %d"\nLabel = app=app%d\n\n' "$((20000 + i))" "$i" "$i" "$i"
  done
} >"$WORK/bench.ini"

# shellcheck source=bench/median.sh
. bench/median.sh
show() { printf '  %-46s %7.3f s wall %7.3f s cpu%s\n' "$1" "${2% *}" "${2#* }" "${3:-}"; }

gen_quadlet() { rm -rf "$WORK/q"; node bin/quadctl generate -c "$WORK/bench.ini" -o "$WORK/q" --target quadlet; }
gen_systemd() { rm -rf "$WORK/s"; node bin/quadctl generate -c "$WORK/bench.ini" -o "$WORK/s" --target systemd --podman-version 4.3.1; }
ours_generator() { rm -rf "$WORK/g"; mkdir -p "$WORK/g"; QUADLET_UNIT_DIRS="$WORK/q" node bin/quadctl-generator.cjs --no-kmsg-log "$WORK/g"; }
ref_generator() { rm -rf "$WORK/r"; mkdir -p "$WORK/r"; QUADLET_UNIT_DIRS="$WORK/q" "$REF" --no-kmsg-log "$WORK/r"; }

gen_quadlet # the Quadlet files the generators read
q=$(median gen_quadlet)
s=$(median gen_systemd)
g=$(median ours_generator)
units=$(ls "$WORK/g" | grep -c '\.service$' || true)
printf 'config with %d containers (+1 network, +1 volume), median of %d runs\n' "$N" "$RUNS"
show 'quadctl generate -o DIR --target quadlet' "$q"
show 'quadctl generate -o DIR --target systemd (4.3.1)' "$s"
show 'quadctl-generator on the same Quadlet files' "$g" "  ($units services)"
if [[ -x $REF ]]; then show 'Podman quadlet 5.4 on the same Quadlet files' "$(median ref_generator)"; fi
awk -v q="$q" -v s="$s" -v g="$g" 'BEGIN { split(q, Q, " "); split(s, S, " "); split(g, G, " ");
  printf "  ratio generate(quadlet) / quadctl-generator   %5.2f wall  %5.2f cpu\n", Q[1] / G[1], Q[2] / G[2];
  printf "  ratio generate(systemd) / quadctl-generator   %5.2f wall  %5.2f cpu\n", S[1] / G[1], S[2] / G[2] }'
