// Podman's and systemd's sizes, CPU amounts and durations as Kubernetes quantities and seconds.

const BINARY: Readonly<Record<string, string>> = { b: '', k: 'Ki', m: 'Mi', g: 'Gi', t: 'Ti' };

/** `512m`, `1g`, `1048576` (Podman's --memory, systemd's MemoryMax=) → `512Mi`, `1Gi`, `1048576`. */
export function memoryQuantity(value: string): string | undefined {
  const m = /^(\d+)\s*([bkmgtBKMGT])?$/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}${BINARY[(m[2] ?? 'b').toLowerCase()]}`;
}

/** `1.5` CPUs (--cpus) → `1500m`. */
export function cpuFromCount(value: string): string | undefined {
  if (!/^\d+(\.\d+)?$/.test(value)) return undefined;
  const milli = Math.round(Number(value) * 1000);
  return milli > 0 ? `${milli}m` : undefined;
}

/** `150%` (systemd's CPUQuota=) → `1500m`. */
export function cpuFromQuota(value: string): string | undefined {
  const m = /^(\d+(\.\d+)?)%$/.exec(value.trim());
  return m ? cpuFromCount(String(Number(m[1]) / 100)) : undefined;
}

const GO_UNITS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, µs: 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Go duration (`30s`, `1m30s`, `500ms`) in whole seconds, rounded up; probes count in seconds. */
export function goSeconds(value: string): number | undefined {
  let total = 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let end = 0;
  for (const m of value.matchAll(re)) {
    total += Number(m[1]) * GO_UNITS[m[2]];
    end = m.index + m[0].length;
  }
  return end === value.length && end > 0 ? Math.ceil(total) : undefined;
}
