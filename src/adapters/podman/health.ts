// Health checks of a running container: Podman's own healthcheck, and the
// policy's probes (HTTP, TCP from the host; exec inside the container).
import { connect } from 'node:net';
import type { Probe, ProbeResult } from '../../update/probe';
import type { PodmanRunner } from './run';

const PROBE_TIMEOUT_MS = 5_000;

export async function runHealthcheck(podman: PodmanRunner, containerId: string): Promise<ProbeResult> {
  const r = await podman.status(['healthcheck', 'run', containerId], { timeoutMs: 60_000 });
  const said = (r.stdout + r.stderr).trim().split('\n').pop() ?? '';
  return { ok: r.code === 0, detail: r.code === 0 ? 'healthy' : `${said || 'unhealthy'} (exit ${r.code})` };
}

async function httpProbe(url: string): Promise<ProbeResult> {
  try {
    const res = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    await res.body?.cancel();
    return { ok: res.status >= 200 && res.status < 400, detail: `HTTP ${res.status}` };
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code;
    return { ok: false, detail: cause ?? (err as Error).message };
  }
}

function tcpProbe(host: string, port: number): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: PROBE_TIMEOUT_MS });
    const done = (r: ProbeResult): void => {
      socket.destroy();
      resolve(r);
    };
    socket.once('connect', () => done({ ok: true, detail: `connected to ${host}:${port}` }));
    socket.once('timeout', () => done({ ok: false, detail: `no connection to ${host}:${port} within ${PROBE_TIMEOUT_MS} ms` }));
    socket.once('error', (err: NodeJS.ErrnoException) => done({ ok: false, detail: `${host}:${port}: ${err.code ?? err.message}` }));
  });
}

async function execProbe(podman: PodmanRunner, containerId: string, command: string[]): Promise<ProbeResult> {
  const r = await podman.status(['exec', containerId, ...command], { timeoutMs: 30_000 });
  const said = (r.stdout + r.stderr).trim().split('\n').pop() ?? '';
  return { ok: r.code === 0, detail: `exit status ${r.code}${said ? `: ${said}` : ''}` };
}

export function runProbe(podman: PodmanRunner, probe: Probe, containerId: string): Promise<ProbeResult> {
  if (probe.kind === 'http') return httpProbe(probe.url);
  if (probe.kind === 'tcp') return tcpProbe(probe.host, probe.port);
  return execProbe(podman, containerId, probe.command);
}
