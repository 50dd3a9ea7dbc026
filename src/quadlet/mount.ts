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
function csvField(field: string): string {
  if (!/[,"\r\n]/.test(field) && !field.startsWith(' ')) return field;
  return `"${field.replace(/"/g, '""')}"`;
}

/** Mount types whose source Quadlet resolves (a path, or a .volume/.image/.artifact unit). */
const RESOLVED_TYPES = new Set(['volume', 'bind', 'glob', 'image']);

interface ResolvedMount {
  readonly value: string;
  /** Host paths systemd should mount first. */
  readonly hostPaths: readonly string[];
}

/** Podman's FindMountType: the first `type=X` field (exactly one "="); none is an error until 5.6, `volume` after. */
function mountType(fields: readonly string[], ctx: TranslateContext): { type: string; tokens: string[] } {
  let type: string | undefined;
  const tokens: string[] = [];
  for (const f of fields) {
    const kv = f.split('=');
    if (type === undefined && kv.length === 2 && kv[0] === 'type') type = kv[1];
    else tokens.push(f);
  }
  if (type !== undefined) return { type, tokens };
  if (!ctx.level.has('mount-default-volume')) throw new QuadletError(MOUNT_FORMAT_ERROR);
  return { type: 'volume', tokens };
}

/** A mount source: ./relative made absolute, host paths to mount first, Quadlet units by their Podman name. */
function resolveMountSource(source: string, info: UnitInfo, service: UnitFile, ctx: TranslateContext, hostPaths: string[]): string {
  if (source === '' && ctx.level.has('empty-mount-source-error')) throw new QuadletError('source cannot be empty');
  const path = resolveHostSource(info.path, source);
  if (path.startsWith('/')) {
    hostPaths.push(path);
    return path;
  }
  const kinds: UnitKind[] = ctx.level.has('artifact') ? ['volume', 'image', 'artifact'] : ['volume', 'image'];
  return resolveSource(path, service, ctx, kinds) ?? path;
}

export function resolveMount(text: string, info: UnitInfo, service: UnitFile, ctx: TranslateContext): ResolvedMount {
  const { type, tokens } = mountType(parseCsvFields(text), ctx);
  const resolved = ctx.level.has('artifact') ? new Set([...RESOLVED_TYPES, 'artifact']) : RESOLVED_TYPES;
  if (!resolved.has(type)) return { value: text, hostPaths: [] };
  const hostPaths: string[] = [];
  let at = -1;
  let source = '';
  tokens.forEach((t, i) => {
    const eq = t.indexOf('=');
    const key = eq < 0 ? t : t.slice(0, eq);
    if (key !== 'source' && key !== 'src') return;
    if (eq < 0) throw new QuadletError('source parameter does not include a value');
    at = i;
    source = t.slice(eq + 1);
  });
  const value = resolveMountSource(source, info, service, ctx, hostPaths);
  if (at >= 0) tokens[at] = `source=${value}`;
  return { value: [`type=${type}`, ...tokens].map(csvField).join(','), hostPaths };
}
