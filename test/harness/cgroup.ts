/**
 * Every sandbox lives in its own cgroup subtree (named like its state dir) in both
 * hierarchies systemd uses here (hybrid mode: cgroup2 "unified" and v1 "name=systemd").
 * Without it, parallel sandboxes' systemds would manage the same machine-root cgroups
 * (system.slice/…) and leave them behind. The subtree also lets teardown kill
 * everything left in it at once and prove it empty before removing it.
 */
import { existsSync, readdirSync, readFileSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';

const HIERARCHIES = ['/sys/fs/cgroup/unified', '/sys/fs/cgroup/systemd'];

const roots = (id: string) => HIERARCHIES.map((h) => join(h, id)).filter((p) => existsSync(p));

/** Subdirectories, deepest first; a concurrent sweep may remove them meanwhile. */
function subdirs(dir: string): string[] {
  try {
    const below = readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory());
    return below.flatMap((e) => [...subdirs(join(dir, e.name)), join(dir, e.name)]);
  } catch {
    return [];
  }
}

/** Process ids still in the subtree, in any hierarchy. */
export function cgroupPids(id: string): number[] {
  const pids = new Set<number>();
  for (const root of roots(id)) {
    for (const dir of [...subdirs(root), root]) {
      try {
        for (const p of readFileSync(join(dir, 'cgroup.procs'), 'utf8').split('\n')) if (p) pids.add(Number(p));
      } catch {
        // removed while reading
      }
    }
  }
  return [...pids];
}

/**
 * SIGKILL every process in the subtree except `spare`. Not cgroup.kill: that would also
 * kill unshare, which must stay to reap the sandbox's PID 1 (an orphaned zombie waits
 * for the machine's init, which here reaps only about once a second).
 */
export function killCgroup(id: string, spare: number[] = []): void {
  for (const pid of cgroupPids(id)) {
    if (spare.includes(pid)) continue;
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Remove the (empty) subtree bottom-up; returns what could not be removed. */
export function removeCgroup(id: string): string[] {
  const left: string[] = [];
  for (const root of roots(id)) {
    for (const dir of [...subdirs(root), root]) {
      try {
        rmdirSync(dir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') left.push(dir);
      }
    }
  }
  return left;
}
