/**
 * The optional health probe a policy can ask for, run after the settle window:
 *   http://HOST:PORT/PATH  (https too) — passes on a 2xx or 3xx answer;
 *   tcp://HOST:PORT        — passes when a connection opens;
 *   exec:COMMAND ARGS…     — run inside the container (`podman exec`), passes on exit 0.
 * HOST is as seen from the host (a published port), not from the container.
 */
import { failed, ok, type Result } from '../result';

export type Probe =
  | { kind: 'http'; url: string }
  | { kind: 'tcp'; host: string; port: number }
  | { kind: 'exec'; command: string[] };

export interface ProbeResult {
  ok: boolean;
  /** What was seen: `HTTP 200`, `connection refused`, `exit status 1: …`. */
  detail: string;
}

type ProbeParser = (rest: string, text: string) => Result<Probe>;

function parseHttp(_rest: string, text: string): Result<Probe> {
  try {
    const url = new URL(text);
    if (!url.hostname) return failed(`probe ${JSON.stringify(text)} names no host`);
    return ok({ kind: 'http', url: url.toString() });
  } catch {
    return failed(`probe ${JSON.stringify(text)} is not a valid URL`);
  }
}

function parseTcp(rest: string, text: string): Result<Probe> {
  const m = /^\/\/(\[[0-9a-fA-F:.]+\]|[^:/\s]+):(\d{1,5})\/?$/.exec(rest);
  const port = m ? Number(m[2]) : 0;
  if (!m || port < 1 || port > 65535) return failed(`probe ${JSON.stringify(text)} must be tcp://HOST:PORT`);
  return ok({ kind: 'tcp', host: m[1].replace(/^\[|\]$/g, ''), port });
}

function parseExec(rest: string, text: string): Result<Probe> {
  const command = rest.trim().split(/\s+/).filter(Boolean);
  if (command.length === 0) return failed(`probe ${JSON.stringify(text)} names no command`);
  return ok({ kind: 'exec', command });
}

const PARSERS: Record<string, ProbeParser> = { http: parseHttp, https: parseHttp, tcp: parseTcp, exec: parseExec };

export function parseProbe(text: string): Result<Probe> {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const parser = colon > 0 ? PARSERS[trimmed.slice(0, colon).toLowerCase()] : undefined;
  if (!parser) return failed(`probe ${JSON.stringify(text)} must start with http://, https://, tcp:// or exec:`);
  return parser(trimmed.slice(colon + 1), trimmed);
}

export function describeProbe(probe: Probe): string {
  if (probe.kind === 'http') return probe.url;
  if (probe.kind === 'tcp') return `tcp://${probe.host}:${probe.port}`;
  return `exec:${probe.command.join(' ')}`;
}
