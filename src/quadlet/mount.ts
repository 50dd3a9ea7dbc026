// --mount values: comma-separated fields (CSV quoting), with Quadlet's rewrites:
// `src` becomes `source`, `type` goes first, ./relative bind sources resolve
// against the unit's folder, and .volume/.image sources become Podman names.
import type { UnitFile } from '../unitfile';
import { resolveHostSource } from './common/paths';
import { resolveSource } from './common/references';
import { QuadletError, type TranslateContext, type UnitInfo, type UnitKind } from './types';

const MOUNT_FORMAT_ERROR =
  'incorrect mount format: should be --mount type=<bind|glob|tmpfs|volume>,[src=<host-dir|volume-name>,]target=<ctr-dir>[,options]';

/** Splits one CSV record like Go's encoding/csv (which Quadlet uses), errors included. */
export function parseCsvFields(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  const fail = (reason: string): never => {
    throw new QuadletError(`parse error on line 1, column ${i + 1}: ${reason}`);
  };
  for (;;) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) fail('extraneous or missing " in quoted-field');
        if (text[i] === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
        if (text[i] === '"') { i++; break; }
        field += text[i++];
      }
      if (i < text.length && text[i] !== ',') fail('extraneous or missing " in quoted-field');
    } else {
      while (i < text.length && text[i] !== ',') {
        if (text[i] === '"') fail('bare " in non-quoted-field');
        field += text[i++];
      }
    }
    fields.push(field);
    if (i >= text.length) return fields;
    i++;
  }
}

/** The inverse of parseCsvFields for one field (Go's csv.Writer rules). */
export function csvField(field: string): string {
  if (!/[,"\r\n]/.test(field) && !field.startsWith(' ')) return field;
  return `"${field.replace(/"/g, '""')}"`;
}

/** Which unit kinds a mount source may name, by mount type. */
const SOURCE_UNITS: Readonly<Record<string, readonly UnitKind[]>> = {
  volume: ['volume'],
  image: ['image'],
};

const HOST_PATH_TYPES = new Set(['bind', 'glob']);

export interface ResolvedMount {
  readonly value: string;
  /** Host paths systemd should mount first. */
  readonly hostPaths: readonly string[];
}

function rewriteSource(type: string, source: string, info: UnitInfo, service: UnitFile, ctx: TranslateContext): string {
  const kinds = SOURCE_UNITS[type];
  if (kinds) return resolveSource(source, service, ctx, kinds) ?? source;
  return HOST_PATH_TYPES.has(type) ? resolveHostSource(info.path, source) : source;
}

export function resolveMount(text: string, info: UnitInfo, service: UnitFile, ctx: TranslateContext): ResolvedMount {
  const pairs = parseCsvFields(text).map((f) => {
    const eq = f.indexOf('=');
    return eq < 0 ? { key: f, value: undefined } : { key: f.slice(0, eq), value: f.slice(eq + 1) };
  });
  const typeField = pairs.find((p) => p.key === 'type' && p.value !== undefined);
  if (typeField === undefined) throw new QuadletError(MOUNT_FORMAT_ERROR);
  const type = typeField.value ?? '';
  const hostPaths: string[] = [];
  const rest = pairs.filter((p) => p !== typeField).map(({ key, value }) => {
    if (value === undefined) return key;
    if (key !== 'src' && key !== 'source') return `${key}=${value}`;
    const source = rewriteSource(type, value, info, service, ctx);
    if (HOST_PATH_TYPES.has(type) && source.startsWith('/')) hostPaths.push(source);
    return `source=${source}`;
  });
  return { value: [`type=${type}`, ...rest].map(csvField).join(','), hostPaths };
}
