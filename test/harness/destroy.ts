/**
 * Tear one sandbox down completely: SIGKILL its PID 1 (the kernel then kills every
 * process of its pid namespace, containers included), kill whatever is left in its
 * cgroup subtree, wait until the subtree is empty and PID 1 reaped, remove the subtree,
 * delete the state dir. The mount, net, ipc, uts and cgroup namespaces and every mount
 * in them (overlay, tmpfs) go with the last process.
 *
 * `destroy` waits with the event loop free (the jest process reaps unshare);
 * `destroySync` is for exit and signal handlers, where nothing can be awaited.
 */
import { existsSync, rmSync } from 'node:fs';
import { cgroupPids, killCgroup, removeCgroup } from './cgroup';
import { cgroupOf, commOf, isAlive, sleepSync } from './processes';
import { readPid, type StateDir } from './state-dir';

/** Only kill a pid if it still belongs to this sandbox (pids get reused). */
function belongsTo(pid: number, dir: StateDir): boolean {
  const cg = cgroupOf(pid);
  return cg !== null && (cg === `/${dir.id}` || cg.startsWith(`/${dir.id}/`));
}

function killIfOurs(pid: number | null, dir: StateDir): void {
  if (pid === null || !isAlive(pid) || !belongsTo(pid, dir)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // exited meanwhile
  }
}

interface Teardown {
  /** One step: kill what is left; true once nothing of the sandbox runs any more. */
  step(): boolean;
  /** Remove cgroups and state dir; returns what could not be cleaned up. */
  finish(): string[];
}

function teardown(dir: StateDir): Teardown {
  const init = readPid(dir, 'pid');
  const unshare = readPid(dir, 'unshare.pid');
  // unshare reaps the sandbox's PID 1 and then exits by itself; kill it only when the
  // boot never got as far as a PID 1.
  killIfOurs(init ?? unshare, dir);
  // A killed PID 1 stays a zombie until unshare reaps it; wait for that too.
  const unreaped = () => init !== null && existsSync(`/proc/${init}`) && commOf(init) === 'systemd';
  const running = () => cgroupPids(dir.id).filter(isAlive);
  return {
    step() {
      const waitingForInit = unreaped();
      if (running().length === 0 && !waitingForInit) return true;
      killCgroup(dir.id, waitingForInit && unshare !== null ? [unshare] : []);
      return false;
    },
    finish() {
      const problems: string[] = [];
      const pids = running();
      if (pids.length > 0) problems.push(`processes still alive in cgroup ${dir.id}: ${pids.join(' ')}`);
      const left = removeCgroup(dir.id);
      if (left.length > 0) problems.push(`cgroups not removed: ${left.join(' ')}`);
      if (problems.length === 0) rmSync(dir.path, { recursive: true, force: true });
      return problems;
    },
  };
}

/** Returns a description of anything that could not be cleaned up (empty when all is gone). */
export async function destroy(dir: StateDir, timeoutMs = 10_000): Promise<string[]> {
  const t = teardown(dir);
  const deadline = Date.now() + timeoutMs;
  while (!t.step() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  // A cgroup whose last process just died can refuse rmdir for a moment.
  let problems = t.finish();
  while (problems.length > 0 && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 10));
    problems = t.finish();
  }
  return problems;
}

export function destroySync(dir: StateDir, timeoutMs = 10_000): string[] {
  const t = teardown(dir);
  const deadline = Date.now() + timeoutMs;
  while (!t.step() && Date.now() < deadline) sleepSync(5);
  let problems = t.finish();
  while (problems.length > 0 && Date.now() < deadline) {
    sleepSync(10);
    problems = t.finish();
  }
  return problems;
}
