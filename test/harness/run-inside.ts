/**
 * Run a program inside a sandbox: nsenter into all of its namespaces and its root, with
 * a fixed, minimal environment (the jest process's own variables stay outside).
 */
import { spawn } from 'node:child_process';

export interface ExecResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  /** Extra environment variables (added to PATH, HOME, LANG). */
  env?: Record<string, string>;
  /** Working directory inside; default `/`. */
  cwd?: string;
  /** Bytes for the program's stdin. */
  input?: string | Buffer;
  /** Killed (code 124 is reported) after this long; default 120 s. */
  timeoutMs?: number;
}

const BASE_ENV = {
  PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
  HOME: '/root',
  LANG: 'C.UTF-8',
  TERM: 'dumb',
  SYSTEMD_PAGER: '',
  SYSTEMD_COLORS: '0',
};

/**
 * nsenter's `--wd=DIR` opens DIR on the machine's side, outside the sandbox root; so
 * enter with the sandbox's own cwd (`-w`, systemd's `/`) and let env change directory.
 */
export function nsenterArgs(pid: number, cwd: string, argv: string[]): string[] {
  return ['-t', String(pid), '-m', '-p', '-u', '-i', '-n', '-C', '-r', '-w', 'env', `--chdir=${cwd}`, ...argv];
}

export function runInside(pid: number, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
  return new Promise((resolve, reject) => {
    // Own process group, so a timeout kills nsenter's child (the program) as well.
    const child = spawn('nsenter', nsenterArgs(pid, options.cwd ?? '/', argv), {
      env: { ...BASE_ENV, ...options.env },
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }, options.timeoutMs ?? 120_000);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const stderr = Buffer.concat(err).toString('utf8');
      resolve({
        code: timedOut ? 124 : (code ?? (signal ? 128 : 1)),
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: timedOut ? `${stderr}\n[harness] timed out after ${options.timeoutMs ?? 120_000} ms: ${argv.join(' ')}` : stderr,
      });
    });
    child.stdin.on('error', () => undefined); // the program may not read its input
    child.stdin.end(options.input ?? '');
  });
}
