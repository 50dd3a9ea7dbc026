// Which cgroup hierarchy Podman will use on this machine: the same test Podman
// makes (containers/common cgroups.IsCgroup2UnifiedMode), a cgroup2 file system
// at /sys/fs/cgroup. Hybrid hosts (v1 controllers, cgroup2 at …/unified) are v1.
import { statfsSync } from 'node:fs';

const CGROUP2_SUPER_MAGIC = 0x63677270;

/** 2 when /sys/fs/cgroup is cgroup2 or cannot be read (the modern default), else 1. */
export function cgroupVersion(root = '/sys/fs/cgroup'): 1 | 2 {
  try {
    return statfsSync(root).type === CGROUP2_SUPER_MAGIC ? 2 : 1;
  } catch {
    return 2;
  }
}
