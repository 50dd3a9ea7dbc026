#!/bin/sh
# quadctl update beside `podman auto-update` on the Podman 5.8 system (issue 19):
# 20 Quadlet units over 5 images, 100 ms per registry request, tools alternating.
#   bench/update-vs-auto-update.sh                 # 2 rounds each, default settings
#   BENCH_ROUNDS=3 BENCH_QUADCTL_ARGS='--concurrency 8' bench/update-vs-auto-update.sh
#   BENCH_QUADCTL_VARIANTS='r2=--restarts 2;r8=--restarts 8' bench/update-vs-auto-update.sh   # settings side by side
#   BENCH_TRACE_DIR=DIR: per run, RSS samples of the tool and its children, its log, and its smaps at its peak
# Needs root (the project's sandbox), `npm run build`, and the forky root filesystem
# (built on first use into $QUADCTL_ROOTFS_CACHE). BENCH_JSON=FILE keeps every measurement.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
QUADCTL_E2E_SYSTEM="${QUADCTL_E2E_SYSTEM:-forky}" QUADCTL_ROOTFS_CACHE="${QUADCTL_ROOTFS_CACHE:-/var/cache/quadctl-e2e}" \
  node --require "$here/lib/ts-register.cjs" "$here/update-vs-auto-update-main.ts"
