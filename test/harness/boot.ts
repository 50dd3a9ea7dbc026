/**
 * Start boot.sh for a state dir and wait until the sandbox's systemd is PID 1 and has
 * finished booting. Returns the host pid of that systemd.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenOf, commOf, isAlive } from './processes';
import { runInside } from './run-inside';
import type { StateDir } from './state-dir';

const BOOT_SCRIPT = join(__dirname, 'boot.sh');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function bootLog(dir: StateDir): string {
  try {
    return readFileSync(join(dir.path, 'boot.log'), 'utf8');
  } catch {
    return '(no boot.log)';
  }
}

async function waitForSystemdPid(unsharePid: number, dir: StateDir, deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    const [init] = childrenOf(unsharePid);
    if (init !== undefined && commOf(init) === 'systemd') return init;
    if (!isAlive(unsharePid)) throw new Error(`sandbox boot failed:\n${bootLog(dir)}`);
    await sleep(5);
  }
  throw new Error(`systemd did not start within the boot timeout:\n${bootLog(dir)}`);
}

/** `lower`: the overlay's lower layer, `/` (the machine) or a rootfs dir (rootfs.ts). */
export async function bootSandbox(dir: StateDir, lower: string, binds: string[], timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  const log = openSync(join(dir.path, 'boot.log'), 'w');
  let unsharePid: number;
  try {
    // detached: its own session, so a terminal's Ctrl-C reaches jest, which tears down.
    // --pdeathsig: should this process die without tearing down (SIGKILL, crash), the
    // kernel kills unshare, whose --kill-child then kills the sandbox's PID 1 and with
    // it the whole pid namespace. A later sweep removes the state dir and cgroups.
    const argv = ['--pdeathsig', 'KILL', 'bash', BOOT_SCRIPT, 'host', dir.path, dir.id, lower, ...binds];
    const child = spawn('setpriv', argv, { detached: true, stdio: ['ignore', log, log] });
    child.unref();
    if (child.pid === undefined) throw new Error('could not start boot.sh');
    unsharePid = child.pid;
  } finally {
    closeSync(log);
  }
  writeFileSync(join(dir.path, 'unshare.pid'), String(unsharePid));
  const pid = await waitForSystemdPid(unsharePid, dir, deadline);
  writeFileSync(join(dir.path, 'pid'), String(pid));
  // Until systemd has opened its private socket, systemctl cannot ask ("Failed to
  // connect…" from 252, "offline" from 257+); retry briefly.
  const wait = 'until s=$(systemctl is-system-running --wait 2>&1); case $s in "Failed to connect"*|offline*) false;; esac; do sleep 0.02; done; echo "$s"';
  const booted = await runInside(pid, ['bash', '-c', wait], { timeoutMs: Math.max(1000, deadline - Date.now()) });
  const state = booted.stdout.trim();
  if (state !== 'running') {
    const failed = await runInside(pid, ['systemctl', '--failed', '--no-legend', '--no-pager']);
    throw new Error(`sandbox systemd is "${state}${booted.stderr.trim()}" after boot; failed units:\n${failed.stdout}`);
  }
  return pid;
}
