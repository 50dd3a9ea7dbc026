// Health checks of a running container: Podman's own healthcheck, and the
// policy's probes (HTTP, TCP from the host; exec inside the container).
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
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

/**
 * GET the URL once; 2xx and 3xx pass (a redirect is an answer: not followed). Node's
 * http client rather than fetch, which would load Node's bundled undici into every
 * update run that has an HTTP probe (issue 19: memory).
 */
function httpProbe(url: string, timeoutMs: number): Promise<ProbeResult> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return Promise.resolve({ ok: false, detail: `not a URL: ${url}` });
  }
  return new Promise((resolve) => {
    const get = target.protocol === 'https:' ? httpsGet : httpGet;
    // No keep-alive: a probe's connection must not outlive it.
    const req = get(target, { agent: false }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      done({ ok: status >= 200 && status < 400, detail: `HTTP ${status}` });
    });
    const timer = setTimeout(() => done({ ok: false, detail: `no answer within ${timeoutMs} ms` }), timeoutMs);
    let settled = false;
    function done(r: ProbeResult): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      resolve(r);
    }
    req.on('error', (err: NodeJS.ErrnoException) => done({ ok: false, detail: err.code ?? err.message }));
  });
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
