#!/usr/bin/env bash
# Benchmark: `quadctl validate` and `generate` (both targets) on one container with
# N Environment= entries (default 5,000, 20,000 and 50,000) — the size at which
# validate used to die with a stack overflow and generate took minutes (a copy of
# every list on each entry). Prints the wall time of one run per case.
#
#   bash bench/long-lists.sh
#   SIZES="1000 100000" bash bench/long-lists.sh
set -euo pipefail
cd "$(dirname "$0")/.."
node scripts/build.mjs

SIZES=${SIZES:-"5000 20000 50000"}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/quadctl-lists-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

seconds() { local s=$EPOCHREALTIME; "$@" >/dev/null 2>&1 || true; awk -v a="$s" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }

printf '%-8s %-18s %-18s %-18s\n' N validate generate-quadlet generate-systemd
for n in $SIZES; do
  {
    printf '[container.web]\nImage = docker.io/library/nginx:1\n'
    for ((i = 0; i < n; i++)); do printf 'Environment = K%d=v\n' "$i"; done
  } >"$WORK/list.ini"
  v=$(seconds node bin/quadctl validate -c "$WORK/list.ini" --target quadlet)
  q=$(seconds node bin/quadctl generate -c "$WORK/list.ini" --target quadlet -o "$WORK/q")
  s=$(seconds node bin/quadctl generate -c "$WORK/list.ini" --target systemd --podman-version 4.3.1 -o "$WORK/s")
  printf '%-8s %-18s %-18s %-18s\n' "$n" "${v}s" "${q}s" "${s}s"
done
