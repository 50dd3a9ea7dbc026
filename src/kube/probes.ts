// Health checks as probes: HealthCmd becomes the liveness probe (and the readiness
// probe, unless update.probe names one), HealthStartupCmd the startup probe, with
// Podman's interval, timeout and retries as period, timeout and failure threshold.
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { Decoded } from './decode';
import { goSeconds } from './quantities';
import { lastValue, type RuleContext } from './rule';

/** A JSON array of strings (`["a", "b"]`), as Podman's --health-cmd and --entrypoint take one. */
export function jsonWords(text: string): string[] | undefined {
  if (!text.trim().startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) && parsed.every((w) => typeof w === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/** Words a shell would split the same way: no quotes, expansions, redirections or operators. */
const PLAIN = /^[\w./:=@%+,-]+(\s+[\w./:=@%+,-]+)*$/;

/**
 * Podman runs a health command that is not a JSON array with a shell (CMD-SHELL). A
 * plain one becomes its words, which both a cluster and `podman kube play` run as they
 * are. Shell syntax needs a shell: `/bin/sh -c CMD` for a cluster; `podman kube play`
 * joins the words with blanks and runs the result with a shell, so for it the command
 * stays one word (as `sh -c` words it would run `sh -c wget` without wget's arguments).
 */
export function execCommand(cmd: string, podman = false): string[] {
  const json = jsonWords(cmd);
  if (json) return json;
  if (PLAIN.test(cmd.trim())) return cmd.trim().split(/\s+/);
  return podman ? [cmd] : ['/bin/sh', '-c', cmd];
}

interface Timings {
  readonly interval: string;
  readonly timeout: string;
  readonly retries: string;
  readonly startPeriod?: string;
}

const LIVENESS: Timings = { interval: 'HealthInterval', timeout: 'HealthTimeout', retries: 'HealthRetries', startPeriod: 'HealthStartPeriod' };
const STARTUP: Timings = { interval: 'HealthStartupInterval', timeout: 'HealthStartupTimeout', retries: 'HealthStartupRetries' };

function timings(unit: readonly Decoded[], keys: Timings): Omit<IProbe, 'exec'> {
  const seconds = (key: string | undefined): number | undefined => {
    const v = key === undefined ? undefined : lastValue(unit, key);
    return v === undefined ? undefined : goSeconds(v);
  };
  const retries = lastValue(unit, keys.retries);
  const out: Record<string, number> = {};
  const period = seconds(keys.interval);
  const timeout = seconds(keys.timeout);
  const delay = seconds(keys.startPeriod);
  if (period !== undefined && period > 0) out.periodSeconds = period;
  if (timeout !== undefined && timeout > 0) out.timeoutSeconds = timeout;
  if (retries !== undefined && Number(retries) > 0) out.failureThreshold = Number(retries);
  if (delay !== undefined && delay > 0) out.initialDelaySeconds = delay;
  return out;
}

export function healthRule(ctx: RuleContext): void {
  const c = ctx.target.container;
  if (!c || ctx.value.text === 'none') return;
  const probe: IProbe = { exec: { command: execCommand(ctx.value.text, ctx.refs.podman) }, ...timings(ctx.unit, LIVENESS) };
  c.livenessProbe = probe;
  c.readinessProbe ??= { ...probe };
}

export function startupRule(ctx: RuleContext): void {
  const c = ctx.target.container;
  if (!c) return;
  c.startupProbe = { exec: { command: execCommand(ctx.value.text, ctx.refs.podman) }, ...timings(ctx.unit, STARTUP) };
}

/** A timing key is carried with its command; alone it has nothing to time. */
export function timingOf(command: string) {
  return (ctx: RuleContext): void => {
    if (lastValue(ctx.unit, command) === undefined) ctx.drop(`it times ${command}, which this unit does not set`);
  };
}

/** update.probe (http://HOST:PORT/PATH, tcp://HOST:PORT, exec:COMMAND) → the readiness probe. */
export function readinessFromUpdateProbe(value: string, podman: boolean): IProbe | undefined {
  if (value.startsWith('exec:')) return { exec: { command: execCommand(value.slice(5).trim(), podman) } };
  const url = new URL(value);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (url.protocol === 'tcp:') return { tcpSocket: { port } };
  if (url.protocol === 'http:' || url.protocol === 'https:') return { httpGet: { port, path: `${url.pathname}${url.search}`, ...(url.protocol === 'https:' ? { scheme: 'HTTPS' } : {}) } };
  return undefined;
}
