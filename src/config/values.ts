// Value checks by name. Each returns an error message (what is wrong and what
// would be right), or undefined when the value is fine.
import { parseReference } from '../registry';
import { parseBoolean } from '../unitfile';
import type { CheckName } from './catalog/types';

type Check = (value: string) => string | undefined;

const PORT_MAX = 65535;

function port(text: string, what: string): string | undefined {
  if (!/^\d+$/.test(text)) return `${what} ${JSON.stringify(text)} is not a number`;
  const n = Number(text);
  return n >= 1 && n <= PORT_MAX ? undefined : `${what} ${n} is outside 1-${PORT_MAX}`;
}

function portRange(text: string, what: string): string | undefined {
  const [from, to, extra] = text.split('-');
  if (extra !== undefined) return `${what} ${JSON.stringify(text)} is not a port or a range FROM-TO`;
  const bad = port(from, what) ?? (to === undefined ? undefined : port(to, what));
  if (bad) return bad;
  return to !== undefined && Number(to) < Number(from) ? `${what} range ${text} ends before it starts` : undefined;
}

function splitProtocol(value: string): { body: string; error?: string } {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return { body: value };
  const proto = value.slice(slash + 1);
  const ok = ['tcp', 'udp', 'sctp'].includes(proto);
  return { body: value.slice(0, slash), error: ok ? undefined : `protocol ${JSON.stringify(proto)} is not tcp, udp or sctp` };
}

/** `[[IP:][HOSTPORT]:]CONTAINERPORT[/PROTO]`, as podman run --publish takes it. */
function portMapping(value: string): string | undefined {
  const { body, error } = splitProtocol(value);
  if (error) return error;
  const ipv6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(body);
  const rest = ipv6 ? ipv6[2] : body;
  const parts = rest.split(':');
  if (parts.length > (ipv6 ? 2 : 3)) return `${JSON.stringify(value)} is not [[IP:][HOST_PORT]:]CONTAINER_PORT[/PROTOCOL]`;
  const containerPort = parts[parts.length - 1];
  const hostPort = parts.length >= 2 ? parts[parts.length - 2] : '';
  const ip = !ipv6 && parts.length === 3 ? parts[0] : '';
  if (ip !== '' && !/^[0-9.]+$/.test(ip) && ip !== 'localhost') return `host IP ${JSON.stringify(ip)} is not an IPv4 address (write IPv6 as [ADDR])`;
  return portRange(containerPort, 'container port') ?? (hostPort === '' ? undefined : portRange(hostPort, 'host port'));
}

function exposePort(value: string): string | undefined {
  const { body, error } = splitProtocol(value);
  return error ?? portRange(body, 'port');
}

/** Go's time.ParseDuration, which Podman uses for --health-* durations. */
function goDuration(value: string): string | undefined {
  return /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(value) ? undefined : `${JSON.stringify(value)} is not a duration like 30s, 1m30s or 500ms`;
}

const SPAN_UNIT = 'usec|us|µs|msec|ms|seconds|second|sec|s|minutes|minute|min|m|hours|hour|hr|h|days|day|d|weeks|week|w|months|month|M|years|year|y';
const SPAN = new RegExp(`^(\\d+(\\.\\d+)?\\s*(${SPAN_UNIT})?\\s*)+$`);

/** systemd's time span (systemd.time(7)): 90, 5min 20s, 1h, infinity. */
function timespan(value: string): string | undefined {
  return value === 'infinity' || SPAN.test(value) ? undefined : `${JSON.stringify(value)} is not a systemd time span like 90s, 5min or infinity`;
}

function integer(value: string): string | undefined {
  return /^-?\d+$/.test(value) ? undefined : `${JSON.stringify(value)} is not a whole number`;
}

function unsigned(value: string): string | undefined {
  return /^\d+$/.test(value) ? undefined : `${JSON.stringify(value)} is not a whole number of at least 0`;
}

/** Podman's size syntax: a number with an optional unit b, k, m or g. */
function size(value: string): string | undefined {
  return /^\d+(\.\d+)?[bkmgBKMG]?$/.test(value) ? undefined : `${JSON.stringify(value)} is not a size like 64m or 1g`;
}

function image(value: string): string | undefined {
  try {
    parseReference(value);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

function keyValue(value: string): string | undefined {
  return value.indexOf('=') > 0 ? undefined : `${JSON.stringify(value)} is not NAME=VALUE`;
}

function capability(value: string): string | undefined {
  return /^(CAP_)?[A-Z_]+$/i.test(value) || value.toLowerCase() === 'all' ? undefined : `${JSON.stringify(value)} is not a capability like CAP_NET_ADMIN`;
}

function absolutePath(value: string): string | undefined {
  return value.startsWith('/') || value.startsWith('%') ? undefined : `${JSON.stringify(value)} is not an absolute path`;
}

const oneOf = (...allowed: string[]): Check => (value) =>
  allowed.includes(value) ? undefined : `${JSON.stringify(value)} is not one of ${allowed.join(', ')}`;

function notify(value: string): string | undefined {
  return value === 'healthy' || parseBoolean(value) !== undefined ? undefined : `${JSON.stringify(value)} is not a boolean or "healthy"`;
}

function stopTimeout(value: string): string | undefined {
  return unsigned(value) === undefined ? undefined : `${JSON.stringify(value)} is not a number of seconds`;
}

export const CHECKS: Readonly<Record<CheckName, Check>> = {
  'port-mapping': portMapping,
  'expose-port': exposePort,
  'go-duration': goDuration,
  timespan,
  int: integer,
  uint: unsigned,
  size,
  image,
  'key-value': keyValue,
  capability,
  'absolute-path': absolutePath,
  pull: oneOf('always', 'missing', 'never', 'newer'),
  notify,
  'auto-update': oneOf('registry', 'local'),
  'health-on-failure': oneOf('none', 'kill', 'restart', 'stop'),
  'exit-code-propagation': oneOf('all', 'any', 'none'),
  'set-working-directory': oneOf('yaml', 'unit'),
  'stop-timeout': stopTimeout,
  'service-type': oneOf('simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle'),
  restart: oneOf('no', 'on-success', 'on-failure', 'on-abnormal', 'on-watchdog', 'on-abort', 'always'),
};

export function booleanError(value: string): string | undefined {
  return parseBoolean(value) === undefined ? `${JSON.stringify(value)} is not a boolean (true/false, yes/no, on/off, 1/0)` : undefined;
}
