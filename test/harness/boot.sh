#!/bin/bash
# Boot a throwaway systemd as PID 1 of new pid/mount/uts/ipc/net/cgroup namespaces, on
# a copy-on-write overlay of LOWER: the machine's own / (bookworm: systemd 252, Podman
# 4.3.1) or a Debian rootfs from rootfs.ts (trixie, forky: Podman 5). Called by
# sandbox.ts; not meant to be run by hand.
#
#   boot.sh host STATE CGROUP LOWER [BIND...]
#
# `host` runs on the machine: it moves itself into its own cgroup subtree CGROUP (so the
# sandbox's systemd manages that subtree, not the machine's cgroup root, and parallel
# sandboxes never share a cgroup) and re-executes itself as `inside` in new namespaces.
# `inside` is the new PID 1 until it execs systemd.
#
# LOWER=/ keeps the machine's hybrid cgroups (systemd 252 wants both hierarchies). A
# rootfs gets a pure cgroup2 tree instead: systemd 256+ deprecates hybrid mode (258
# drops it) and in hybrid mode would mount the machine's shared v1 hierarchies. On a
# hybrid machine every controller is bound to v1, so that tree has no controllers
# (no memory/pids limits inside; containers.conf sets pids_limit=0 for that).
#
# Booting systemd without a private /tmp and without masking systemd-tmpfiles-setup
# empties the machine's /tmp; sysctl/binfmt/modules units would change the shared kernel.
# Every write lands in a tmpfs that vanishes with the mount namespace.
set -euo pipefail
stage=$1; S=$2; CG=$3; LOWER=$4; shift 4
CG2=/sys/fs/cgroup/unified   # the machine's cgroup2 mount (hybrid machine)
[ "$(stat -f -c %T /sys/fs/cgroup)" = cgroup2fs ] && CG2=/sys/fs/cgroup

host() {
  local h
  if [ "$LOWER" = / ]; then
    for h in unified systemd; do
      mkdir -p "/sys/fs/cgroup/$h/$CG"
      echo $$ > "/sys/fs/cgroup/$h/$CG/cgroup.procs"
    done
    # --kill-child: if unshare itself is killed, the sandbox's PID 1 dies with it.
    exec unshare --pid --fork --kill-child --mount --uts --ipc --net --cgroup \
      bash "$0" inside "$S" "$CG" "$LOWER" "$@"
  fi
  mkdir -p "$CG2/$CG"; echo $$ > "$CG2/$CG/cgroup.procs"
  exec unshare --pid --fork --kill-child bash "$0" inside2 "$S" "$CG" "$LOWER" "$@"
}

# Pure cgroup2: unshare stays in CGROUP, the sandbox moves to CGROUP/sb, which becomes
# the root of its cgroup namespace (so systemd sees no foreign process in its root).
inside2() {
  mkdir -p "$CG2/$CG/sb"; echo $$ > "$CG2/$CG/sb/cgroup.procs"
  exec unshare --cgroup --mount --uts --ipc --net --propagation private \
    bash "$0" inside "$S" "$CG" "$LOWER" "$@"
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
    sys-fs-fuse-connections.mount sys-kernel-debug.mount sys-kernel-tracing.mount \
    systemd-tmpfiles-setup-dev-early.service systemd-udev-load-credentials.service \
    systemd-nsresourced.socket systemd-nsresourced.service systemd-mountfsd.socket \
    systemd-mountfsd.service systemd-hibernate-clear.service systemd-tpm2-setup.service \
    systemd-tpm2-setup-early.service systemd-networkd.service systemd-resolved.service; do
    ln -sf /dev/null "$R/etc/systemd/system/$u"
  done
}

# Podman keeps its container, pod and volume locks in /dev/shm/libpod_lock (2048 of
# them). Shared with the machine's /dev/shm, every sandbox allocated from one table and
# none freed what its destroyed containers held, so a long run exhausted it and every
# later `podman run` failed ("allocation failed; exceeded num_locks"). Each sandbox gets
# its own, gone with it.
private_shm() {
  mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$1/dev/shm"
}

# The machine's own / below: its hybrid cgroup layout, binds before the private dirs
# (as issue 3 measured it; nothing binds below them).
mount_host_layer() {
  local R=$1 b d; shift
  for b in "$@"; do mkdir -p "$R$b"; mount --rbind "$b" "$R$b"; done
  mount -t proc proc "$R/proc"
  mount --rbind /dev "$R/dev"
  private_shm "$R"
  mount --bind /sys "$R/sys"
  mount -t tmpfs tmpfs "$R/sys/fs/cgroup"
  mkdir -p "$R/sys/fs/cgroup/unified" "$R/sys/fs/cgroup/systemd"
  # In the cgroup namespace these mount this sandbox's own subtree as the root.
  mount -t cgroup2 none "$R/sys/fs/cgroup/unified"
  mount -t cgroup -o none,name=systemd systemd "$R/sys/fs/cgroup/systemd"
  for d in run tmp var/tmp var/lib/containers; do mkdir -p "$R/$d"; mount -t tmpfs tmpfs "$R/$d"; done
}

# A Podman 5 rootfs below. /var/lib/containers and /home on tmpfs (Podman's overlay
# driver cannot sit on an overlayfs), mounted before the binds so that a bind below them
# stays visible. /sys read-only except the cgroup2 mount.
mount_rootfs_layer() {
  local R=$1 b d node; shift
  for d in run tmp var/tmp var/lib/containers home; do mkdir -p "$R/$d"; mount -t tmpfs tmpfs "$R/$d"; done
  for b in "$@"; do mkdir -p "$R$b"; mount --rbind "$b" "$R$b"; done
  # The rootfs has no node: the machine's (which runs the suites) at /usr/local/bin/node.
  node=$(readlink -f "$(command -v node)")
  if [ ! -e "$R/usr/bin/node" ] && [ -x "$node" ]; then
    touch "$R/usr/local/bin/node"; mount --bind -o ro "$node" "$R/usr/local/bin/node"
  fi
  mount -t proc proc "$R/proc"
  mount --rbind /dev "$R/dev"
  private_shm "$R"
  # The machine's /dev/net/tun may be 0600; rootless pasta opens it as the user.
  mknod -m 666 "$S/fs/tun" c 10 200 && mount --bind "$S/fs/tun" "$R/dev/net/tun"
  mount --bind /sys "$R/sys"; mount -o remount,bind,ro "$R/sys"
  mount -t cgroup2 cgroup2 "$R/sys/fs/cgroup"
}

inside() {
  mount --make-rprivate /
  mkdir -p "$S/fs"; mount -t tmpfs -o mode=0700 tmpfs "$S/fs"
  mkdir -p "$S/fs/upper" "$S/fs/work" "$S/fs/root"
  mount -t overlay overlay -o "lowerdir=$LOWER,upperdir=$S/fs/upper,workdir=$S/fs/work" "$S/fs/root"
  local R=$S/fs/root
  if [ "$LOWER" = / ]; then mount_host_layer "$R" "$@"; else mount_rootfs_layer "$R" "$@"; fi
  chmod 1777 "$R/tmp" "$R/var/tmp"
  mkdir -p "$R/run/lock"
  mask_host_touching_units "$R"
  # Files the harness composed (containers.conf, registries, units) go on top.
  cp -a "$S/seed/." "$R/"
  hostname quadctl-e2e
  ip link set lo up
  cd "$R"; mkdir -p .old; pivot_root . .old; umount -l /.old; rmdir /.old; cd /
  # systemd makes / shared only outside a container; rootless Podman expects it. This
  # namespace was made private, so nothing propagates to the machine.
  [ "$LOWER" = / ] || mount --make-rshared /
  export container=other
  exec /lib/systemd/systemd --system --unit=sandbox.target --log-target=journal
}

"$stage" "$@"
