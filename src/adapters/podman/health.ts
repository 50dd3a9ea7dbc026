// Health checks of a running container: Podman's own healthcheck, and the
// policy's probes (HTTP, TCP from the host; exec inside the container).
import { connect } from 'node:net';
import type { Probe, ProbeResult } from '../../update/probe';
import { endExecSessionsSince, execSessions } from './exec-sessions';
import type { PodmanRunner } from './run';

/** One attempt's limit when the gate does not give one. */
const PROBE_TIMEOUT_MS = 5_000;

export async function runHealthcheck(podman: PodmanRunner, containerId: string, timeoutMs = 60_000): Promise<ProbeResult> {
  const r = await podman.status(['healthcheck', 'run', containerId], { timeoutMs });
  if (r.stopped) return { ok: false, detail: `podman healthcheck run: ${r.stopped}` };
  const said = (r.stdout + r.stderr).trim().split('\n').pop() ?? '';
  return { ok: r.code === 0, detail: r.code === 0 ? 'healthy' : `${said || 'unhealthy'} (exit ${r.code})` };
}

async function httpProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    return { ok: res.status >= 200 && res.status < 400, detail: `HTTP ${res.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    if ((err as Error).name === 'TimeoutError') return { ok: false, detail: `no answer within ${timeoutMs} ms` };
    return { ok: false, detail: cause ?? (err as Error).message };
  }
}

function tcpProbe(host: string, port: number, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    const done = (r: ProbeResult): void => {
      socket.destroy();
      resolve(r);
    };
    socket.once('connect', () => done({ ok: true, detail: `connected to ${host}:${port}` }));
    socket.once('timeout', () => done({ ok: false, detail: `no connection to ${host}:${port} within ${timeoutMs} ms` }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, detail: `${host}:${port}: ${err.code ?? err.message}` }));
  });
}

/** `podman exec`; past its limit the probe fails and its session inside the container is ended too. */
async function execProbe(podman: PodmanRunner, containerId: string, command: string[], timeoutMs: number): Promise<ProbeResult> {
  const before = execSessions(containerId);
  const r = await podman.status(['exec', containerId, ...command], { timeoutMs, onLimit: async () => void endExecSessionsSince(containerId, before) });
  if (r.stopped) return { ok: false, detail: `timed out: ${r.stopped}; the command was killed` };
  const said = (r.stdout + r.stderr).trim().split('\n').pop() ?? '';
  return { ok: r.code === 0, detail: `exit status ${r.code}${said ? `: ${said}` : ''}` };
}

export function runProbe(podman: PodmanRunner, probe: Probe, containerId: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  if (probe.kind === 'http') return httpProbe(probe.url, timeoutMs);
  if (probe.kind === 'tcp') return tcpProbe(probe.host, probe.port, timeoutMs);
  return execProbe(podman, containerId, probe.command, timeoutMs);
}
