// The Compose Specification's interpolation: $VAR, ${VAR}, ${VAR:-default},
// ${VAR-default}, ${VAR:?error}, ${VAR?error}, ${VAR:+alt}, ${VAR+alt}, nested
// defaults (${A:-${B}}) and $$ for a literal $. Applied to every string value
// (never to keys) of each file before the files are merged, as Compose does.
import { isMap, type Json, type Path, pathText } from './tree';
import { failed, ok, type Result } from '../result';

export type Env = Readonly<Record<string, string | undefined>>;

export class InterpolationError extends Error {
  constructor(readonly path: Path, message: string) {
    super(message);
  }
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

type Operator = ':-' | '-' | ':?' | '?' | ':+' | '+';
const OPERATORS: readonly Operator[] = [':-', ':?', ':+', '-', '?', '+'];

interface State {
  readonly text: string;
  i: number;
  readonly env: Env;
  readonly unset: Set<string>;
}

/** What an operator yields for a variable's value; a failure (the given message) for the `?` forms. */
const APPLY: Readonly<Record<Operator, (value: string | undefined, arg: string) => Result<string>>> = {
  ':-': (v, d) => ok(v === undefined || v === '' ? d : v),
  '-': (v, d) => ok(v === undefined ? d : v),
  ':?': (v, e) => (v === undefined || v === '' ? failed(e) : ok(v)),
  '?': (v, e) => (v === undefined ? failed(e) : ok(v)),
  ':+': (v, a) => ok(v === undefined || v === '' ? '' : a),
  '+': (v, a) => ok(v === undefined ? '' : a),
};

/** Reads text up to the `}` closing the current ${…} (or the end, at top level). */
function readUntilClose(s: State, nested: boolean): string {
  let out = '';
  while (s.i < s.text.length) {
    const c = s.text[s.i];
    if (nested && c === '}') return out;
    if (c !== '$') {
      out += c;
      s.i++;
      continue;
    }
    out += readDollar(s);
  }
  if (nested) throw new Error(`unterminated \${ in ${JSON.stringify(s.text)}`);
  return out;
}

function readBraced(s: State): string {
  s.i += 2;
  const name = NAME.exec(s.text.slice(s.i))?.[0];
  if (!name) throw new Error(`invalid interpolation format in ${JSON.stringify(s.text)}: \${ must be followed by a variable name`);
  s.i += name.length;
  if (s.text[s.i] === '}') {
    s.i++;
    const v = s.env[name];
    if (v === undefined) s.unset.add(name);
    return v ?? '';
  }
  const op = OPERATORS.find((o) => s.text.startsWith(o, s.i));
  if (!op) throw new Error(`invalid interpolation format for \${${name}…} in ${JSON.stringify(s.text)}: expected }, :-, -, :?, ?, :+ or +`);
  s.i += op.length;
  const arg = readUntilClose(s, true);
  s.i++;
  const r = APPLY[op](s.env[name], arg);
  if (!r.ok) throw new Error(`required variable ${name} is ${s.env[name] === undefined ? 'missing' : 'empty'}: ${r.error || 'no message given'}`);
  return r.value;
}

function readDollar(s: State): string {
  const next = s.text[s.i + 1];
  if (next === '$') {
    s.i += 2;
    return '$';
  }
  if (next === '{') return readBraced(s);
  const name = NAME.exec(s.text.slice(s.i + 1))?.[0];
  if (!name) {
    s.i++;
    return '$';
  }
  s.i += 1 + name.length;
  const v = s.env[name];
  if (v === undefined) s.unset.add(name);
  return v ?? '';
}

/** One string interpolated; `unset` collects the variables that were used while unset (they became ''). */
export function interpolateString(text: string, env: Env, unset: Set<string>): string {
  return readUntilClose({ text, i: 0, env, unset }, false);
}

/** Every string value of a document, interpolated. Unset variables are reported by path. */
export function interpolateTree(value: Json, env: Env, path: Path, unset: Map<string, string>): Json {
  if (typeof value === 'string') {
    const names = new Set<string>();
    let out: string;
    try {
      out = interpolateString(value, env, names);
    } catch (e) {
      throw new InterpolationError(path, (e as Error).message);
    }
    for (const n of names) if (!unset.has(n)) unset.set(n, pathText(path));
    return out;
  }
  if (Array.isArray(value)) return value.map((v, i) => interpolateTree(v, env, [...path, i], unset));
  if (isMap(value)) {
    const out: Record<string, Json> = {};
    // x-* extensions are not interpolated by Compose either: they are for other tools.
    for (const [k, v] of Object.entries(value)) out[k] = k.startsWith('x-') ? v : interpolateTree(v, env, [...path, k], unset);
    return out;
  }
  return value;
}
