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

/** Whether the health command needs a shell (quotes, expansions, redirections, operators). */
function needsShell(cmd: string): boolean {
  return jsonWords(cmd) === undefined && !PLAIN.test(cmd.trim());
}

/**
 * Podman runs a health command that is not a JSON array with a shell (CMD-SHELL). A
 * plain one becomes its words: a cluster and every `podman kube play` run those alike
 * (4.3 joins them into a shell command, 5.x runs them as they are). Shell syntax needs
 * `/bin/sh -c CMD`, which 4.3's join breaks apart (see the warning in healthRule).
 */
function execCommand(cmd: string): string[] {
  const json = jsonWords(cmd);
  if (json) return json;
  return needsShell(cmd) ? ['/bin/sh', '-c', cmd] : cmd.trim().split(/\s+/);
}

const PODMAN_4_SHELL =
  'podman kube play before Podman 5 runs an exec probe as the shell command its words make when joined with blanks, so `/bin/sh -c CMD` runs only the first word of CMD there and the health check fails: on Podman 4 hosts write the command without shell syntax (or put it in a script in the image)';

function warnShell(ctx: RuleContext): void {
  if (ctx.refs.podman && needsShell(ctx.value.text)) ctx.warn(PODMAN_4_SHELL);
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
  warnShell(ctx);
  const probe: IProbe = { exec: { command: execCommand(ctx.value.text) }, ...timings(ctx.unit, LIVENESS) };
  c.livenessProbe = probe;
  c.readinessProbe ??= { ...probe };
}

export function startupRule(ctx: RuleContext): void {
  const c = ctx.target.container;
  if (!c) return;
  warnShell(ctx);
  c.startupProbe = { exec: { command: execCommand(ctx.value.text) }, ...timings(ctx.unit, STARTUP) };
}

/** A timing key is carried with its command; alone it has nothing to time. */
export function timingOf(command: string) {
  return (ctx: RuleContext): void => {
    if (lastValue(ctx.unit, command) === undefined) ctx.drop(`it times ${command}, which this unit does not set`);
  };
}

/** update.probe (http://HOST:PORT/PATH, tcp://HOST:PORT, exec:COMMAND) → the readiness probe. */
export function readinessFromUpdateProbe(value: string): IProbe | undefined {
  if (value.startsWith('exec:')) return { exec: { command: execCommand(value.slice(5).trim()) } };
  const url = new URL(value);
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  if (url.protocol === 'tcp:') return { tcpSocket: { port } };
  if (url.protocol === 'http:' || url.protocol === 'https:') return { httpGet: { port, path: `${url.pathname}${url.search}`, ...(url.protocol === 'https:' ? { scheme: 'HTTPS' } : {}) } };
  return undefined;
}
