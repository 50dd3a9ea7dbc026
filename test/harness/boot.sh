#!/bin/bash
# Boot a throwaway systemd as PID 1 of new pid/mount/uts/ipc/net/cgroup namespaces, on
# a copy-on-write overlay of /. Called by sandbox.ts; not meant to be run by hand.
#
#   boot.sh host STATE CGROUP [BIND...]
#
# `host` runs on the machine: it moves itself into its own cgroup subtree CGROUP (so the
# sandbox's systemd manages that subtree, not the machine's cgroup root, and parallel
# sandboxes never share a cgroup) and re-executes itself as `inside` in new namespaces.
# `inside` is the new PID 1 until it execs systemd.
#
# Booting systemd without a private /tmp and without masking systemd-tmpfiles-setup
# empties the machine's /tmp; sysctl/binfmt/modules units would change the shared kernel.
# Every write lands in a tmpfs that vanishes with the mount namespace.
set -euo pipefail
stage=$1; S=$2; CG=$3; shift 3

host() {
  local h
  for h in unified systemd; do
    mkdir -p "/sys/fs/cgroup/$h/$CG"
    echo $$ > "/sys/fs/cgroup/$h/$CG/cgroup.procs"
  done
  # --kill-child: if unshare itself is killed, the sandbox's PID 1 dies with it.
  exec unshare --pid --fork --kill-child --mount --uts --ipc --net --cgroup \
    bash "$0" inside "$S" "$CG" "$@"
}

mask_host_touching_units() {
  local R=$1 u
  rm -rf "$R"/etc/systemd/system/*.wants
  for u in systemd-tmpfiles-setup.service systemd-tmpfiles-setup-dev.service \
    systemd-tmpfiles-clean.timer systemd-sysctl.service systemd-binfmt.service \
    proc-sys-fs-binfmt_misc.automount proc-sys-fs-binfmt_misc.mount \
    systemd-modules-load.service kmod-static-nodes.service systemd-remount-fs.service \
    systemd-sysusers.service systemd-udevd.service systemd-udev-trigger.service \
    systemd-udev-settle.service systemd-hwdb-update.service systemd-random-seed.service \
    systemd-firstboot.service systemd-machine-id-commit.service systemd-update-utmp.service \
    getty.target console-getty.service systemd-timesyncd.service systemd-logind.service \
    apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer \
    man-db.timer logrotate.timer dpkg-db-backup.timer docker-registry.service \
    podman-auto-update.timer podman-restart.service podman-clean-transient.service \
    systemd-repart.service systemd-pcrphase.service systemd-pcrphase-sysinit.service \
    systemd-pstore.service systemd-boot-update.service sys-kernel-config.mount \
    systemd-journald-audit.socket modprobe@.service dev-hugepages.mount \
    sys-fs-fuse-connections.mount sys-kernel-debug.mount sys-kernel-tracing.mount; do
    ln -sf /dev/null "$R/etc/systemd/system/$u"
  done
}

inside() {
  mount --make-rprivate /
  mkdir -p "$S/fs"; mount -t tmpfs -o mode=0700 tmpfs "$S/fs"
  mkdir -p "$S/fs/upper" "$S/fs/work" "$S/fs/root"
  mount -t overlay overlay -o "lowerdir=/,upperdir=$S/fs/upper,workdir=$S/fs/work" "$S/fs/root"
  local R=$S/fs/root b d
  for b in "$@"; do mkdir -p "$R$b"; mount --rbind "$b" "$R$b"; done
  mount -t proc proc "$R/proc"
  mount --rbind /dev "$R/dev"
  mount --bind /sys "$R/sys"
  mount -t tmpfs tmpfs "$R/sys/fs/cgroup"
  mkdir -p "$R/sys/fs/cgroup/unified" "$R/sys/fs/cgroup/systemd"
  # In the cgroup namespace these mount this sandbox's own subtree as the root.
  mount -t cgroup2 none "$R/sys/fs/cgroup/unified"
  mount -t cgroup -o none,name=systemd systemd "$R/sys/fs/cgroup/systemd"
  for d in run tmp var/tmp var/lib/containers; do mkdir -p "$R/$d"; mount -t tmpfs tmpfs "$R/$d"; done
  chmod 1777 "$R/tmp" "$R/var/tmp"
  mkdir -p "$R/run/lock"
  mask_host_touching_units "$R"
  # Files the harness composed (containers.conf, registries, units) go on top.
  cp -a "$S/seed/." "$R/"
  hostname quadctl-e2e
  ip link set lo up
  cd "$R"; mkdir -p .old; pivot_root . .old; umount -l /.old; rmdir /.old; cd /
  export container=other
  exec /lib/systemd/systemd --system --unit=sandbox.target --log-target=journal
}

"$stage" "$@"
