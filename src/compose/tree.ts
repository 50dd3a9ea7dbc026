// The data a compose file holds, as plain values, and where each part came from.

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonMap = { [key: string]: Json };

/** A path in the document: `services.web.ports.0`. */
export type Path = readonly (string | number)[];

export const pathText = (path: Path): string => path.join('.');

/** Where a value was written: file and 1-based line. */
export interface Position {
  readonly file: string;
  readonly line: number;
}

/** Every path of every file read, to its position; a path not found falls back to its parent's. */
export class Positions {
  private readonly map = new Map<string, Position>();

  /** The first place a path is written is where it is named from (a later file only changes it). */
  set(path: Path, pos: Position): void {
    const key = pathText(path);
    if (!this.map.has(key)) this.map.set(key, pos);
  }

  /** Moves the positions under `from` to `to` (a service brought in by `extends:` keeps where it was written). */
  copy(from: Path, to: Path): void {
    const prefix = pathText(from);
    for (const [k, v] of [...this.map]) {
      if (k === prefix || k.startsWith(`${prefix}.`)) {
        const key = pathText(to) + k.slice(prefix.length);
        if (!this.map.has(key)) this.map.set(key, v);
      }
    }
  }

  get(path: Path): Position | undefined {
    for (let n = path.length; n >= 0; n--) {
      const found = this.map.get(pathText(path.slice(0, n)));
      if (found) return found;
    }
    return undefined;
  }
}

export const isMap = (v: Json | undefined): v is JsonMap => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A `!reset` value: removes what earlier files set. */
export const RESET = '\u0000compose:reset';
/** A `!override` value: replaces what earlier files set instead of merging with it. */
export const OVERRIDE = '\u0000compose:override';

export function isReset(v: Json | undefined): boolean {
  return isMap(v) && v[RESET] === true;
}

export function overridden(v: Json | undefined): Json | undefined {
  return isMap(v) && OVERRIDE in v ? v[OVERRIDE] : undefined;
}
