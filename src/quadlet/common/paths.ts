// Paths in unit files: relative ones resolve against the unit file's folder,
// except those starting with a systemd specifier (%h/...), which systemd resolves.
import { posix } from 'node:path';

/** Go's filepath.Clean: no trailing slash, no ./ or ../ segments. */
export function cleanPath(p: string): string {
  if (p === '') return '.';
  const normal = posix.normalize(p);
  return normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
}

export function dirOf(path: string): string {
  return posix.dirname(path);
}

/** A value systemd resolves itself: one starting with a specifier (`%h/x`; `%%` is a literal percent sign). */
export const startsWithSpecifier = (value: string): boolean => value.startsWith('%') && !value.startsWith('%%');

/** `value` made absolute against the folder of the unit at `unitPath`; absolute and specifier-prefixed values unchanged. */
export function resolveUnitPath(unitPath: string, value: string): string {
  if (startsWithSpecifier(value) || posix.isAbsolute(value)) return value;
  return cleanPath(posix.join(dirOf(unitPath), value));
}

/** Volume and mount sources resolve only when written as ./ or ../ paths (a bare word is a volume name). */
export function resolveHostSource(unitPath: string, value: string): string {
  return value.startsWith('.') ? resolveUnitPath(unitPath, value) : value;
}
