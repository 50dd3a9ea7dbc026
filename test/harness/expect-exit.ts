import type { ExecResult } from './run-inside';

const TAIL_LINES = 40;

function tail(text: string): string {
  const lines = text.trimEnd().split('\n');
  return lines.length > TAIL_LINES ? ['…', ...lines.slice(-TAIL_LINES)].join('\n') : lines.join('\n');
}

/**
 * Fails with the command's own output when it exited otherwise: a red CI run
 * shows only the failure message, and an exit code alone never says why.
 */
export function expectExit(r: ExecResult, code: number, what = 'the command'): void {
  if (r.code === code) return;
  throw new Error(`${what} exited ${r.code}, expected ${code}\n--- stdout\n${tail(r.stdout)}\n--- stderr\n${tail(r.stderr)}`);
}
