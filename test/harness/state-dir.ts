/**
 * Each sandbox keeps a small state dir on the machine: /tmp/quadctl-e2e-<id>. Its name
 * is also the sandbox's cgroup name, and `owner` records the jest process that made it,
 * so a sweep can find sandboxes whose owner died without stopping them.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';

export const STATE_PREFIX = 'quadctl-e2e-';

export interface StateDir {
  /** Absolute path on the machine. */
  path: string;
  /** Unique name: the dir's basename, also used for the sandbox's cgroup subtree. */
  id: string;
}

export interface Owner {
  /** The jest worker that started the sandbox. */
  pid: number;
  /** Its parent: the jest run (globalTeardown runs there). */
  ppid: number;
}

export function createStateDir(): StateDir {
  const path = mkdtempSync(join(tmpdir(), STATE_PREFIX));
  mkdirSync(join(path, 'seed'));
  const owner: Owner = { pid: process.pid, ppid: process.ppid };
  writeFileSync(join(path, 'owner'), JSON.stringify(owner));
  return { path, id: basename(path) };
}

export function listStateDirs(): StateDir[] {
  return readdirSync(tmpdir())
    .filter((name) => name.startsWith(STATE_PREFIX))
    .map((id) => ({ id, path: join(tmpdir(), id) }));
}

export function readOwner(dir: StateDir): Owner | null {
  try {
    return JSON.parse(readFileSync(join(dir.path, 'owner'), 'utf8')) as Owner;
  } catch {
    return null;
  }
}

export function readPid(dir: StateDir, name: 'pid' | 'unshare.pid'): number | null {
  try {
    const n = Number.parseInt(readFileSync(join(dir.path, name), 'utf8'), 10);
    return Number.isInteger(n) && n > 1 ? n : null;
  } catch {
    return null;
  }
}
