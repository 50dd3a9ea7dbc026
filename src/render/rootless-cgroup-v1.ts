// Rootless containers on a cgroup v1 host (the systemd target). Quadlet's
// --cgroups=split makes podman create a sub-cgroup of the unit's cgroup, and
// cgroup v1 never delegates cgroups to a user, so every start fails with
// "mkdir /sys/fs/cgroup/<controller>/…/runtime: permission denied"
// (containers/podman#17456: split needs cgroup v2). Podman's default mode runs
// without cgroups of its own there, which leaves conmon and the container in the
// unit's cgroup: what split is for.
import type { UnitKind } from '../quadlet/types';
import { escapeWords, splitWords, type UnitFile } from '../unitfile';

const CGROUP_V1_NOTE = 'rootless Podman cannot use --cgroups=split on cgroup v1 (it needs a delegated cgroup), so Podman\'s default cgroups mode is used';

/**
 * Drops the --cgroups=split Quadlet puts into a container's `podman run` (a
 * CgroupsMode= of the config is written as `--cgroups MODE` and stays).
 * Returns the note for the unit's header, or null when nothing changed.
 */
export function adaptToRootlessCgroupV1(unit: UnitFile, kind: UnitKind): string | null {
  if (kind !== 'container') return null;
  const start = unit.lookup('Service', 'ExecStart');
  if (start === undefined) return null;
  const words = splitWords(start, { exec: true });
  const at = words.indexOf('--cgroups=split');
  if (at < 0) return null;
  unit.set('Service', 'ExecStart', escapeWords([...words.slice(0, at), ...words.slice(at + 1)], { exec: true }));
  return CGROUP_V1_NOTE;
}
