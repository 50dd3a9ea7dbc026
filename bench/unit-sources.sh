#!/bin/sh
# A unit's sources and dependencies: `systemctl show` processes (before issue 18)
# beside D-Bus property reads (now), on one sandbox.
#   bench/unit-sources.sh                         # bookworm (systemd 252), 20 units, 5 rounds
#   QUADCTL_E2E_SYSTEM=forky BENCH_UNITS=50 bench/unit-sources.sh
# Needs root (the project's sandbox).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
QUADCTL_E2E_SYSTEM="${QUADCTL_E2E_SYSTEM:-bookworm}" QUADCTL_ROOTFS_CACHE="${QUADCTL_ROOTFS_CACHE:-/var/cache/quadctl-e2e}" \
  node --require "$here/lib/ts-register.cjs" "$here/unit-sources-main.ts"
