#!/bin/bash
# make-rootfs.sh SUITE DIR PACKAGE...: a Debian SUITE root filesystem with PACKAGEs, for a
# Podman 5 sandbox to boot as its overlay's lower layer (~300 MB). Called by rootfs.ts,
# which picks DIR from the cache key. Needs root, mmdebstrap and the Debian mirror named
# in this machine's apt sources (or MIRROR=URL). Leaves the machine's apt state alone:
# mmdebstrap keeps its own, and runs in private mount+pid namespaces so its /proc, /dev,
# /sys mounts and any maintainer-script process vanish with it.
set -euo pipefail
SUITE=$1 DIR=$2; shift 2
if [ -z "${MIRROR:-}" ]; then
  MIRROR=$(awk '/^URIs:/ && $2 !~ /security/ {print $2; exit}' /etc/apt/sources.list.d/*.sources 2>/dev/null || true)
  [ -n "$MIRROR" ] || MIRROR=$(awk '$1=="deb" && $0 !~ /security/ {for(i=2;i<=NF;i++) if ($i ~ /^http/) {print $i; exit}}' /etc/apt/sources.list 2>/dev/null || true)
fi
[ -n "$MIRROR" ] || { echo "make-rootfs: no Debian mirror in this machine's apt sources; set MIRROR" >&2; exit 1; }
# Check-Valid-Until off: the mirror may be a frozen snapshot whose testing Release expired.
unshare --mount --pid --fork --kill-child --propagation private \
  mmdebstrap --mode=root --variant=apt --format=directory --quiet \
    --aptopt='Acquire::Check-Valid-Until "false"' \
    --aptopt='Acquire::Languages "none"' \
    --aptopt='APT::Install-Recommends "false"' \
    --dpkgopt='path-exclude=/usr/share/man/*' \
    --dpkgopt='path-exclude=/usr/share/doc/*' \
    --dpkgopt='path-include=/usr/share/doc/*/copyright' \
    --dpkgopt='path-exclude=/usr/share/locale/*' \
    --dpkgopt='path-exclude=/usr/share/info/*' \
    --include="$(IFS=,; echo "$*")" \
    --customize-hook='chroot "$1" apt-get clean' \
    --customize-hook='rm -rf "$1"/var/lib/apt/lists/*' \
    --customize-hook=': > "$1/etc/machine-id"' \
    "$SUITE" "$DIR" "deb $MIRROR $SUITE main"
chroot "$DIR" dpkg-query -W -f='${Package} ${Version}\n' systemd podman crun runc netavark conmon docker-registry passt > "$DIR/.quadctl-e2e-versions"
