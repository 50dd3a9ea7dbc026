// Runs a user's update hook: /bin/sh -c COMMAND with the event in QUADCTL_*
// variables, in its own process group so a timeout kills whatever it started.
// Each output line is passed on as it comes (the journal, for timer runs).
import { spawn } from 'node:child_process';
import type { HookResult } from '../../update/hooks';
import { redactOutput } from '../../update/hooks';

const KEEP_CHARS = 16_000;

export function runHook(command: string, env: Record<string, string>, timeoutMs: number, onLine: (line: string) => void): Promise<HookResult> {
  return new Promise((resolve) => {
    const child = spawn('/bin/sh', ['-c', command], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    let partial = '';
    let timedOut = false;
    const take = (b: Buffer): void => {
      const text = b.toString('utf8');
      output = (output + text).slice(-KEEP_CHARS);
      const lines = (partial + text).split('\n');
      partial = lines.pop() ?? '';
      for (const l of lines) onLine(redactOutput(l));
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-(child.pid ?? 0), 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ ok: false, detail: `could not start /bin/sh: ${e.message}`, output });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (partial) onLine(redactOutput(partial));
      const detail = timedOut ? `killed after ${timeoutMs / 1000} s (update.hook-timeout)` : signal ? `killed by ${signal}` : `exited ${code}`;
      resolve({ ok: !timedOut && code === 0, detail, output });
    });
  });
}
