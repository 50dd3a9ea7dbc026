// Kubernetes object names from config section names. Config names may hold capitals,
// `_`, `.` and `:`; Deployment, Service and container names must be DNS labels
// (RFC 1035: lower case, digits and `-`, starting with a letter, at most 63).
const MAX = 63;

/** The DNS label a config name becomes ("Web_1" → "web-1"). */
export function dnsLabel(name: string): string {
  let out = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  if (!/^[a-z]/.test(out)) out = `x-${out}`;
  return out.slice(0, MAX).replace(/-+$/, '');
}

/** A DNS subdomain (ConfigMap and Secret names: lower case, digits, `-` and `.`, at most 253). */
export function dnsSubdomain(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 253).replace(/[.-]+$/, '');
}

/** A label value as Kubernetes accepts it, or undefined when the value is not one. */
export function isLabelValue(value: string): boolean {
  return value.length <= MAX && /^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$/.test(value);
}

/** A label or annotation key: optional DNS-subdomain prefix, then a name of at most 63. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? '' : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  const prefixOk = prefix === '' || (prefix.length <= 253 && /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(prefix));
  return prefixOk && name.length > 0 && isLabelValue(name);
}
