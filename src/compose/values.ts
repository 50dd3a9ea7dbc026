// Compose value forms → the forms quadctl's keys take.
import { parse } from 'shell-quote';
import type { Json } from './tree';

const UNITS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/** A Compose duration (Go's syntax: `1m30s`, `500ms`) in seconds, or undefined when it is not one. */
export function durationSeconds(text: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  return matched === text.length && text.length > 0 ? total : undefined;
}

/** A Compose byte size (`64m`, `1gb`, `512k`, or bytes as a number) → Podman's `64m`. */
export function byteSize(value: Json): string | undefined {
  if (typeof value === 'number') return String(Math.floor(value));
  const m = /^(\d+(?:\.\d+)?)\s*([bkmg])?b?$/i.exec(String(value).trim());
  return m ? `${m[1]}${(m[2] ?? '').toLowerCase()}` : undefined;
}

/** A boolean as Compose accepts it (interpolated values arrive as strings). */
export function truthy(value: Json | undefined): boolean {
  return value === true || (typeof value === 'string' && ['true', 'yes', 'on', '1'].includes(value.toLowerCase()));
}

/**
 * A command in its string form → words, split as a POSIX shell would (Compose
 * uses shell-word splitting, not a shell): quotes and backslashes, no expansion.
 */
export function commandWords(value: Json): string[] {
  if (Array.isArray(value)) return value.map(String);
  const words = parse(String(value), (name) => `$${name}`);
  return words.map((w) => {
    if (typeof w === 'string') return w;
    if ('op' in w && w.op === 'glob') return w.pattern;
    if ('op' in w) return w.op;
    return `#${w.comment}`;
  });
}
