// A parsed unit file with the lookups and edits Quadlet's translation needs.
import { parseBoolean } from './bool';
import type { CommentLine, Group, KeyLine, Line } from './model';
import { splitWords, type SplitOptions } from './split-words';

const isKey = (l: Line): l is KeyLine => l.kind === 'key';
const NO_LINES: readonly KeyLine[] = [];

/** Applies systemd's list rule: an empty assignment drops everything before it. */
function resetOnEmpty(values: string[]): string[] {
  const last = values.lastIndexOf('');
  return last < 0 ? values : values.slice(last + 1);
}

export class UnitFile {
  /** Comments in a file that has no group at all. */
  leadingComments: CommentLine[] = [];
  /**
   * group -> key -> lines, built on first lookup. The generator looks up ~100 keys
   * per unit, so scanning the lines each time dominated its run time. Every
   * mutating method drops it; code that edits `groups` directly must call invalidate().
   */
  private index: Map<string, Map<string, KeyLine[]>> | undefined;

  constructor(
    readonly groups: Group[] = [],
    /** Where the file was read from, for messages. */
    public path?: string,
  ) {}

  clone(): UnitFile {
    const copy = new UnitFile(
      this.groups.map((g) => ({ ...g, prefix: [...g.prefix], lines: [...g.lines] })),
      this.path,
    );
    copy.leadingComments = [...this.leadingComments];
    return copy;
  }

  group(name: string): Group | undefined {
    return this.groups.find((g) => g.name === name);
  }

  hasGroup(name: string): boolean {
    return this.group(name) !== undefined;
  }

  /** The group, created empty at the end when missing. */
  ensureGroup(name: string): Group {
    this.invalidate();
    return this.groupForEdit(name);
  }

  /** ensureGroup for this class's own edits, which drop only the edited group's cached lookups. */
  private groupForEdit(name: string): Group {
    this.index?.delete(name);
    const found = this.group(name);
    if (found) return found;
    const created: Group = { name, prefix: [], lines: [] };
    this.groups.push(created);
    return created;
  }

  groupNames(): string[] {
    return this.groups.map((g) => g.name);
  }

  /** Forget cached lookups after editing `groups` or their lines directly. */
  invalidate(): void {
    this.index = undefined;
  }

  // The lookups below run ~100 times per unit, on V8's baseline tiers (bin/quadctl-generator.cjs):
  // plain loops and one Map lookup each, no intermediate arrays.
  private keyIndex(group: string): Map<string, KeyLine[]> {
    this.index ??= new Map();
    return this.index.get(group) ?? this.indexGroup(this.index, group);
  }

  private indexGroup(index: Map<string, Map<string, KeyLine[]>>, group: string): Map<string, KeyLine[]> {
    const byKey = new Map<string, KeyLine[]>();
    const lines = this.keyLines(group);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i] as KeyLine;
      const list = byKey.get(line.key);
      if (list === undefined) byKey.set(line.key, [line]);
      else list.push(line);
    }
    index.set(group, byKey);
    return byKey;
  }

  private linesOf(group: string, key: string): readonly KeyLine[] {
    return this.keyIndex(group).get(key) ?? NO_LINES;
  }

  /** Every key line of a group, in order (a group may appear more than once after merges). */
  keyLines(group: string): KeyLine[] {
    const out: KeyLine[] = [];
    for (let i = 0; i < this.groups.length; i++) {
      const g = this.groups[i] as Group;
      if (g.name !== group) continue;
      for (let k = 0; k < g.lines.length; k++) {
        const l = g.lines[k] as Line;
        if (l.kind === 'key') out.push(l);
      }
    }
    return out;
  }

  /** Distinct key names of a group, first-seen order. */
  keys(group: string): string[] {
    return [...this.keyIndex(group).keys()];
  }

  hasKey(group: string, key: string): boolean {
    return this.keyIndex(group).has(key);
  }

  /**
   * The group's keys, for a caller testing many in a row (the flag tables test ~50 per
   * unit, most absent): one lookup of the group, not one per key. Valid until the next edit.
   */
  keySet(group: string): ReadonlyMap<string, unknown> {
    return this.keyIndex(group);
  }

  /** Every raw value of key, in order, without the empty-assignment reset. */
  rawValues(group: string, key: string): string[] {
    return this.linesOf(group, key).map((l) => l.value);
  }

  /** The last line of key, with its source line number. */
  lastLine(group: string, key: string): KeyLine | undefined {
    const lines = this.keyIndex(group).get(key);
    return lines === undefined ? undefined : lines[lines.length - 1];
  }

  /** The last value of key (systemd: the last assignment wins). */
  lookup(group: string, key: string): string | undefined {
    const lines = this.keyIndex(group).get(key);
    return lines === undefined ? undefined : lines[lines.length - 1].value;
  }

  /** The last non-empty value of key, as Quadlet's "last" lookups treat an empty one as unset. */
  lookupNonEmpty(group: string, key: string): string | undefined {
    const v = this.lookup(group, key);
    return v === undefined || v === '' ? undefined : v;
  }

  /** All values of a list key; an empty assignment resets the list. */
  lookupAll(group: string, key: string): string[] {
    return resetOnEmpty(this.rawValues(group, key));
  }

  /** All values split into words (quotes, C escapes), an empty assignment resetting the list. */
  lookupAllWords(group: string, key: string, options?: SplitOptions): string[] {
    return this.lookupAll(group, key).flatMap((v) => splitWords(v, options));
  }

  /** The last value split into words, or undefined when the key is absent. */
  lookupLastWords(group: string, key: string, options?: SplitOptions): string[] | undefined {
    const v = this.lookup(group, key);
    return v === undefined ? undefined : splitWords(v, options);
  }

  /** The last value as a boolean; undefined when absent or not a systemd boolean. */
  lookupBoolean(group: string, key: string): boolean | undefined {
    const v = this.lookup(group, key);
    return v === undefined ? undefined : parseBoolean(v.trim());
  }

  lookupBooleanOr(group: string, key: string, fallback: boolean): boolean {
    return this.lookupBoolean(group, key) ?? fallback;
  }

  /** The last value as an integer (decimal, or 0x/0o prefixed); undefined when absent or not a number. */
  lookupInt(group: string, key: string): number | undefined {
    const v = this.lookup(group, key)?.trim();
    if (v === undefined || !/^[+-]?(0x[0-9a-f]+|0o[0-7]+|\d+)$/i.test(v)) return undefined;
    const sign = v.startsWith('-') ? -1 : 1;
    const body = v.replace(/^[+-]/, '');
    return sign * Number(body);
  }

  /** Appends key=value to the (last) group, creating the group when missing. */
  add(group: string, key: string, value: string): void {
    this.groupForEdit(group).lines.push({ kind: 'key', key, value });
  }

  /** Adds one line per value. */
  addAll(group: string, key: string, values: readonly string[]): void {
    for (const v of values) this.add(group, key, v);
  }

  /** Inserts key=value as the first line of the group. */
  prepend(group: string, key: string, value: string): void {
    this.groupForEdit(group).lines.unshift({ kind: 'key', key, value });
  }

  /** Replaces every key= line in the group with one key=value (at the last one's place, or appended). */
  set(group: string, key: string, value: string): void {
    this.invalidate();
    const g = this.ensureGroup(group);
    const last = g.lines.map((l) => isKey(l) && l.key === key).lastIndexOf(true);
    if (last < 0) {
      g.lines.push({ kind: 'key', key, value });
      return;
    }
    g.lines[last] = { kind: 'key', key, value };
    g.lines = g.lines.filter((l, i) => i === last || !(isKey(l) && l.key === key));
  }

  /**
   * Replaces the value of the last key= line in place (earlier ones stay), or appends
   * one: how Podman's Quadlet sets keys such as NotifyAccess=.
   */
  setLast(group: string, key: string, value: string): void {
    this.invalidate();
    const g = [...this.groups].reverse().find((x) => x.name === group && x.lines.some((l) => isKey(l) && l.key === key));
    if (g === undefined) {
      this.add(group, key, value);
      return;
    }
    const last = g.lines.map((l) => isKey(l) && l.key === key).lastIndexOf(true);
    g.lines[last] = { kind: 'key', key, value };
  }

  /** Removes every key= line from the group. */
  unset(group: string, key: string): void {
    this.invalidate();
    for (const g of this.groups.filter((x) => x.name === group)) {
      g.lines = g.lines.filter((l) => !(isKey(l) && l.key === key));
    }
  }

  removeGroup(name: string): void {
    this.invalidate();
    const kept = this.groups.filter((g) => g.name !== name);
    this.groups.splice(0, this.groups.length, ...kept);
  }

  /** Renames a group in place; when `to` exists already the lines are appended to it. */
  renameGroup(from: string, to: string): void {
    this.invalidate();
    const source = this.group(from);
    if (!source) return;
    const target = this.group(to);
    if (target) {
      for (const l of source.lines) target.lines.push(l);
      this.removeGroup(from);
      return;
    }
    source.name = to;
  }

  /** Applies a drop-in: its lines are appended group by group, new groups added at the end. */
  merge(dropIn: UnitFile): void {
    this.invalidate();
    for (const g of dropIn.groups) {
      const target = this.group(g.name);
      if (target) for (const l of [...g.prefix, ...g.lines]) target.lines.push(l);
      else this.groups.push({ name: g.name, prefix: [...g.prefix], lines: [...g.lines] });
    }
  }
}
