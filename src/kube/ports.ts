// PublishPort= / ExposeHostPort= values as container ports.
import { failed, ok, type Result } from '../result';

export type Protocol = 'TCP' | 'UDP' | 'SCTP';

export interface PortMapping {
  readonly containerPort: number;
  readonly hostPort?: number;
  readonly hostIP?: string;
  readonly protocol: Protocol;
}

const single = (text: string): number | undefined => (/^\d+$/.test(text) ? Number(text) : undefined);

function protocolOf(value: string): { body: string; protocol: Protocol } {
  const slash = value.lastIndexOf('/');
  if (slash < 0) return { body: value, protocol: 'TCP' };
  return { body: value.slice(0, slash), protocol: value.slice(slash + 1).toUpperCase() as Protocol };
}

/**
 * `[[IP:][HOSTPORT]:]CONTAINERPORT[/PROTO]` (already checked by the config). A range
 * (`8000-8010`) has no Kubernetes form: the result says so.
 */
export function parsePublish(value: string): Result<PortMapping> {
  const { body, protocol } = protocolOf(value);
  const ipv6 = /^\[([0-9a-fA-F:.]+)\]:(.*)$/.exec(body);
  const parts = (ipv6 ? ipv6[2] : body).split(':');
  const containerPort = single(parts[parts.length - 1]);
  const hostText = parts.length >= 2 ? parts[parts.length - 2] : '';
  const hostPort = hostText === '' ? undefined : single(hostText);
  if (containerPort === undefined || (hostText !== '' && hostPort === undefined)) return failed('a port range has no Kubernetes form (a container port is one number): list the ports one by one');
  const ip = ipv6 ? ipv6[1] : parts.length === 3 ? parts[0] : undefined;
  return ok({ containerPort, hostPort, hostIP: ip === '' ? undefined : ip, protocol });
}

export function parseExpose(value: string): Result<PortMapping> {
  const { body, protocol } = protocolOf(value);
  const port = single(body);
  return port === undefined ? failed('a port range has no Kubernetes form: list the ports one by one') : ok({ containerPort: port, protocol });
}
