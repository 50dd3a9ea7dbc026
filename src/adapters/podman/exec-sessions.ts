// The processes of `podman exec` sessions, found from the host. Stopping the
// podman client does not stop what it started in the container (conmon keeps
// the session, Podman 4.3.1's client even exits 0), so a probe that timed out
// ends its session here: each session has a conmon started with `--exec` and
// the container's ID; the command runs as that conmon's child.
import { readdirSync, readFileSync } from 'node:fs';

interface Proc {
  pid: number;
  ppid: number;
  argv: string[];
}

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { pid, ppid, argv };
  } catch {
    return null; // gone meanwhile, or not ours to read
  }
}

function processes(): Proc[] {
  let names: string[] = [];
  try {
    names = readdirSync('/proc');
  } catch {
    return [];
  }
  return names.filter((n) => /^\d+$/.test(n)).flatMap((n) => readProc(Number(n)) ?? []);
}

function isExecConmonOf(p: Proc, containerId: string): boolean {
  if (!/(^|\/)conmon$/.test(p.argv[0] ?? '') || !p.argv.includes('--exec')) return false;
  const cid = p.argv.findIndex((a) => a === '-c' || a === '--cid');
  return cid >= 0 && (p.argv[cid + 1] ?? '').startsWith(containerId);
}

/** The conmon PIDs of the container's exec sessions running now. */
export function execSessions(containerId: string): Set<number> {
  return new Set(processes().filter((p) => isExecConmonOf(p, containerId)).map((p) => p.pid));
}

/** Kills (SIGKILL) the commands of the container's exec sessions that were not in `before`, and their conmons. */
export function endExecSessionsSince(containerId: string, before: ReadonlySet<number>): number {
  const all = processes();
  const sessions = all.filter((p) => isExecConmonOf(p, containerId) && !before.has(p.pid)).map((p) => p.pid);
  const doomed = new Set(sessions);
  // Everything below a session's conmon: the command and whatever it started.
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (!doomed.has(p.pid) && doomed.has(p.ppid)) {
        doomed.add(p.pid);
        grew = true;
      }
    }
  }
  for (const pid of [...doomed].reverse()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return sessions.length;
}
