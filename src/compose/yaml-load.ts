// A compose file's YAML text → plain data plus the line of every path, so that
// every error and every generated section can name where it came from. The
// `yaml` package parses (YAML 1.2 with `<<` merge keys, as Compose accepts);
// the tree is walked here to keep positions and Compose's `!reset` and
// `!override` tags.
import { isAlias, isMap as isYamlMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from 'yaml';
import { OVERRIDE, type Json, type JsonMap, type Path, Positions, RESET } from './tree';

export class ComposeSyntaxError extends Error {}

interface Walk {
  readonly doc: Document;
  readonly file: string;
  readonly lines: LineCounter;
  readonly positions: Positions;
}

function lineOf(w: Walk, node: Node | null | undefined): number {
  const offset = node?.range?.[0];
  return offset === undefined ? 1 : w.lines.linePos(offset).line;
}

function keyText(key: unknown): string {
  if (isScalar(key)) return String(key.value);
  return String(key);
}

function mergeKey(w: Walk, value: unknown, path: Path, into: JsonMap): void {
  const sources = isSeq(value) ? value.items : [value];
  for (const s of sources) {
    const resolved = toJson(w, s as Node, path, false);
    if (typeof resolved === 'object' && resolved !== null && !Array.isArray(resolved)) {
      for (const [k, v] of Object.entries(resolved)) if (!(k in into)) into[k] = v;
    }
  }
}

function mapToJson(w: Walk, node: Node, path: Path, record: boolean): JsonMap {
  const out: JsonMap = {};
  const merges: unknown[] = [];
  if (!isYamlMap(node)) return out;
  for (const pair of node.items) {
    if (!isPair(pair)) continue;
    const key = keyText(pair.key);
    // With `merge`, the yaml package gives a merge key a symbol value.
    if (key === '<<' || (isScalar(pair.key) && typeof pair.key.value === 'symbol')) {
      merges.push(pair.value);
      continue;
    }
    const child = [...path, key];
    if (record) w.positions.set(child, { file: w.file, line: lineOf(w, pair.key as Node) });
    out[key] = toJson(w, pair.value as Node, child, record);
  }
  // Explicit keys win over merged ones, whatever their order in the file.
  for (const m of merges) mergeKey(w, m, path, out);
  return out;
}

function tagged(node: Node, value: Json): Json {
  if (node.tag === '!reset') return { [RESET]: true };
  if (node.tag === '!override') return { [OVERRIDE]: value };
  return value;
}

function toJson(w: Walk, node: Node | null | undefined, path: Path, record: boolean): Json {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return toJson(w, node.resolve(w.doc) as Node, path, false);
  let value: Json;
  if (isYamlMap(node)) value = mapToJson(w, node, path, record);
  else if (isSeq(node)) {
    value = node.items.map((item, i) => {
      if (record) w.positions.set([...path, i], { file: w.file, line: lineOf(w, item as Node) });
      return toJson(w, item as Node, [...path, i], record);
    });
  } else if (isScalar(node)) {
    const v = node.value;
    value = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : String(v);
  } else value = null;
  return tagged(node, value);
}

/** Parses one compose file and records where each of its paths is; `shown` is the file's name in messages. */
export function loadYaml(text: string, file: string, positions: Positions, shown = file): JsonMap {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: false });
  const first = doc.errors[0];
  if (first) {
    const line = first.linePos?.[0]?.line ?? 1;
    throw new ComposeSyntaxError(`${shown}:${line}: YAML: ${first.message.split('\n')[0]}`);
  }
  const w: Walk = { doc, file, lines, positions };
  positions.set([], { file, line: 1 });
  const data = toJson(w, doc.contents as Node, [], true);
  if (data === null) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new ComposeSyntaxError(`${shown}:1: a compose file is a mapping (services:, volumes:, …), not ${Array.isArray(data) ? 'a list' : 'a scalar'}`);
  return data;
}
