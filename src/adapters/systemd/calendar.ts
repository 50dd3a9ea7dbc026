// Checking OnCalendar= specs and time spans with systemd's own parser
// (`systemd-analyze`), so a value systemd would reject never reaches a unit file.
// A subprocess: the manager's D-Bus API has no method that parses either.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

type SpecCheck = { ok: true; normalized: string } | { ok: false; message: string } | { ok: 'unchecked' };

const ANALYZE_CANDIDATES = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'];

function analyze(args: string[]): Promise<{ code: number; stdout: string; stderr: string } | null> {
  const bin = ANALYZE_CANDIDATES.find((p) => existsSync(p));
  if (!bin) return Promise.resolve(null);
  return new Promise((resolve) => {
    execFile(bin, args, { timeout: 10_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** `systemd-analyze calendar SPEC`; 'unchecked' when systemd-analyze is not installed. */
export async function checkCalendar(spec: string): Promise<SpecCheck> {
  const r = await analyze(['calendar', '--', spec]);
  if (!r) return { ok: 'unchecked' };
  if (r.code !== 0) return { ok: false, message: r.stderr.trim() || `systemd-analyze calendar rejected '${spec}'` };
  const m = /Normalized form:\s*(.+)/.exec(r.stdout);
  return { ok: true, normalized: m ? m[1].trim() : spec };
}

/** `systemd-analyze timespan DUR`. */
export async function checkTimespan(span: string): Promise<SpecCheck> {
  const r = await analyze(['timespan', '--', span]);
  if (!r) return { ok: 'unchecked' };
  if (r.code !== 0) return { ok: false, message: r.stderr.trim() || `systemd-analyze timespan rejected '${span}'` };
  const m = /Human:\s*(.+)/.exec(r.stdout);
  return { ok: true, normalized: m ? m[1].trim() : span };
}
