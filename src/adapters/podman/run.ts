// Running the podman CLI: argv only (never a shell), our own limits, and an
// error that says which command failed and what podman printed.
//
// Limits are judged here, not by podman's exit status: Podman 4.3.1's
// `podman exec` exits 0 when it is sent SIGTERM, so a command we stopped for
// taking too long must never read as a success. A command past its limit is
// stopped (SIGTERM, then SIGKILL) and reported as timed out (status 124).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createLimiter } from '../../registry/limit';

export class PodmanError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly code: number | null,
    readonly stderr: string,
  ) {
    super(`podman ${args.join(' ')} failed${code !== null ? ` (exit ${code})` : ''}: ${stderr.trim().split('\n').slice(-3).join(' | ') || 'no output'}`);
    this.name = 'PodmanError';
  }
}

export interface RunOptions {
  /** Stop podman after this long (ms). Default 120000. */
  timeoutMs?: number;
  /** Stop podman when it has read less than STALL_MIN_BYTES for this long (ms): a stalled download. */
  stallMs?: number;
  /** Let podman's own progress output (stderr) reach the terminal. */
  showProgress?: boolean;
  /** Runs when a limit is hit, before podman itself is stopped (e.g. to end what podman started). */
  onLimit?: () => Promise<void>;
}

export interface RunStatus {
  code: number;
  stdout: string;
  stderr: string;
  /** Set when podman was stopped by a limit: what it was stopped for. */
  stopped?: string;
}

export interface PodmanRunner {
  run(args: readonly string[], opts?: RunOptions): Promise<string>;
  /** Exit status and output, without throwing on non-zero exits. */
  status(args: readonly string[], opts?: RunOptions): Promise<RunStatus>;
}

export const TIMED_OUT = 124;
const MAX_OUTPUT = 64 * 1024 * 1024;
const KILL_GRACE_MS = 5_000;
const STALL_POLL_MS = 1_000;
/**
 * Progress means data, not the runtime's own chatter: a podman pull waiting on a
 * silent registry still reads a few bytes a second (Go's wake-ups on its pipes).
 */
const STALL_MIN_BYTES = 1024;

/** Bytes the process has read so far (any source: sockets, files); null without /proc. */
function bytesRead(pid: number): number | null {
  try {
    const io = readFileSync(`/proc/${pid}/io`, 'utf8');
    return Number(/^rchar: (\d+)/m.exec(io)?.[1] ?? 0);
  } catch {
    return null;
  }
}

function seconds(ms: number): string {
  return `${Math.round(ms / 100) / 10} s`;
}

function statusOf(binary: string, args: readonly string[], opts: RunOptions): Promise<RunStatus> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', opts.showProgress ? 'inherit' : 'pipe'] });
    let stdout = '';
    let stderr = '';
    let stopped: string | undefined;
    const take = (chunk: Buffer, into: 'out' | 'err'): void => {
      if (into === 'out' && stdout.length < MAX_OUTPUT) stdout += chunk.toString();
      if (into === 'err' && stderr.length < MAX_OUTPUT) stderr += chunk.toString();
    };
    child.stdout?.on('data', (d: Buffer) => take(d, 'out'));
    child.stderr?.on('data', (d: Buffer) => take(d, 'err'));
    const timers: NodeJS.Timeout[] = [];
    const stop = (why: string): void => {
      if (stopped !== undefined) return;
      stopped = why;
      void (opts.onLimit ?? (async () => undefined))()
        .catch(() => undefined)
        .then(() => {
          child.kill('SIGTERM');
          timers.push(setTimeout(() => child.kill('SIGKILL'), KILL_GRACE_MS));
        });
    };
    const timeoutMs = opts.timeoutMs ?? 120_000;
    timers.push(setTimeout(() => stop(`no result within ${seconds(timeoutMs)}`), timeoutMs));
    if (opts.stallMs && child.pid) {
      const pid = child.pid;
      const stallMs = opts.stallMs;
      let base = bytesRead(pid) ?? 0;
      let since = Date.now();
      timers.push(
        setInterval(() => {
          const now = bytesRead(pid);
          if (now === null) return; // exiting
          if (now - base >= STALL_MIN_BYTES) {
            base = now;
            since = Date.now();
          } else if (Date.now() - since >= stallMs) stop(`no data for ${seconds(stallMs)} (stalled)`);
        }, Math.min(STALL_POLL_MS, stallMs)),
      );
    }
    child.on('error', (err) => {
      for (const t of timers) clearTimeout(t);
      reject(new Error(`cannot run ${binary}: ${err.message}`));
    });
    child.on('close', (code) => {
      for (const t of timers) clearTimeout(t);
      if (stopped !== undefined) resolve({ code: TIMED_OUT, stdout, stderr: `${stderr}${stderr && !stderr.endsWith('\n') ? '\n' : ''}stopped: ${stopped}`, stopped });
      else resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

export function podmanRunner(binary = 'podman'): PodmanRunner {
  return {
    status: (args, opts = {}) => statusOf(binary, args, opts),
    async run(args, opts = {}) {
      const r = await statusOf(binary, args, opts);
      if (r.code !== 0) throw new PodmanError(args, r.code, r.stderr || r.stdout);
      return r.stdout;
    },
  };
}

/**
 * At most `max` podman processes of this runner at once. Each podman process
 * holds some 40–60 MiB; a run restarting many units at once would otherwise
 * hold one per unit. A command's own time limit starts when it is spawned.
 */
export function limitedRunner(runner: PodmanRunner, max: number): PodmanRunner {
  const limit = createLimiter(max);
  return {
    status: (args, opts) => limit(() => runner.status(args, opts)),
    run: (args, opts) => limit(() => runner.run(args, opts)),
  };
}
