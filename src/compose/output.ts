// What an import produces before it is written as INI: sections of quadctl
// config keys, and every field that was not carried over.
import type { Position } from './tree';

export type SectionKind = 'container' | 'pod' | 'network' | 'volume' | 'build';

export interface OutEntry {
  readonly key: string;
  /** Text, or the words of a command line (written as a JSON array). */
  readonly value: string | readonly string[];
}

export interface OutSection {
  readonly kind: SectionKind;
  readonly name: string;
  /** Comment lines above the section: where it came from, and notes. */
  readonly comments: string[];
  /** The compose path it was made from (`services.web`), for what can not be written. */
  readonly source: string;
  readonly entries: OutEntry[];
}

export interface Dropped {
  /** Dotted compose path: `services.web.deploy.placement`. */
  readonly path: string;
  readonly reason: string;
  readonly at?: Position;
}

/** Sections in order of creation, and the fields that had no place in them. */
export class Output {
  readonly sections: OutSection[] = [];
  readonly dropped: Dropped[] = [];
  /** Notes for the whole file (choices a reader should know about). */
  readonly notes: string[] = [];

  section(kind: SectionKind, name: string, source: string, comments: string[] = []): OutSection {
    const found = this.sections.find((s) => s.kind === kind && s.name === name);
    if (found) return found;
    const s: OutSection = { kind, name, comments, source, entries: [] };
    this.sections.push(s);
    return s;
  }
}

export function add(section: OutSection, key: string, value: string | readonly string[]): void {
  section.entries.push({ key, value });
}
