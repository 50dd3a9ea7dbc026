// Running the podman CLI: argv only (never a shell), our own timeout, and an
// error that says which command failed and what podman printed.
import { execFile, spawn } from 'node:child_process';

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
  /** Kill podman after this long (ms). Default 120000. */
  timeoutMs?: number;
  /** Let podman's own progress output (stderr) reach the terminal. */
  showProgress?: boolean;
}

export interface PodmanRunner {
  run(args: readonly string[], opts?: RunOptions): Promise<string>;
  /** Exit status and output, without throwing on non-zero exits. */
  status(args: readonly string[], opts?: RunOptions): Promise<{ code: number; stdout: string; stderr: string }>;
}

const MAX_OUTPUT = 64 * 1024 * 1024;

function statusOf(binary: string, args: readonly string[], opts: RunOptions): Promise<{ code: number; stdout: string; stderr: string }> {
  if (opts.showProgress) {
    return new Promise((resolve, reject) => {
      const child = spawn(binary, [...args], { stdio: ['ignore', 'pipe', 'inherit'], timeout: opts.timeoutMs ?? 120_000 });
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr: '' }));
    });
  }
  return new Promise((resolve, reject) => {
    execFile(binary, [...args], { timeout: opts.timeoutMs ?? 120_000, maxBuffer: MAX_OUTPUT }, (err, stdout, stderr) => {
      if (err && typeof (err as NodeJS.ErrnoException).code === 'string') {
        reject(new Error(`cannot run ${binary}: ${err.message}`));
        return;
      }
      const code = err ? ((err as { code?: number }).code ?? 1) : 0;
      resolve({ code: err && (err as { killed?: boolean }).killed ? 124 : code, stdout, stderr });
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
