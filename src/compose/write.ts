// The import as quadctl config text: a header saying where it came from, every
// section with a comment naming its source, values written so that the config
// reader gives back exactly what Compose meant (no ${…} or ;/# surprises).
import type { Output, OutEntry, OutSection, SectionKind } from './output';

const ORDER: readonly SectionKind[] = ['network', 'volume', 'build', 'pod', 'container'];

/** quadctl's own ${VAR} would be expanded again when the config is read: $${ keeps it literal. */
const literalVars = (v: string): string => v.replace(/\$\{/g, () => '$${');

// A value the INI reader would change: quotes, comments, escapes, edge blanks, a leading [.
const NEEDS_QUOTES = /^$|^\s|\s$|^\[|^'|["\\;#]|[\u0000-\u001f\u007f\u2028\u2029]/;

function encodeValue(value: OutEntry['value']): string {
  if (typeof value !== 'string') return JSON.stringify(value.map(literalVars));
  const text = literalVars(value);
  return NEEDS_QUOTES.test(text) ? JSON.stringify(text) : text;
}

const comment = (line: string): string => `# ${line.replace(/[\r\n]+/g, ' ')}`;

/** The text, and which section or entry each line (1-based) holds, to trace a problem back. */
export function writeConfig(out: Output, header: readonly string[]): { text: string; lines: Map<number, { section: OutSection; entry?: OutEntry }> } {
  const lines: string[] = header.map(comment);
  const entries = new Map<number, { section: OutSection; entry?: OutEntry }>();
  for (const note of out.notes) lines.push(comment(note));
  if (out.dropped.length > 0) {
    lines.push(comment('Not carried over (imported with --lossy):'));
    for (const d of out.dropped) lines.push(comment(`  ${d.path}: ${d.reason}`));
  }
  const sections = [...out.sections].sort((a, b) => ORDER.indexOf(a.kind) - ORDER.indexOf(b.kind));
  for (const s of sections) {
    lines.push('');
    for (const c of s.comments) lines.push(comment(`from ${c}`));
    lines.push(`[${s.kind}.${s.name}]`);
    entries.set(lines.length, { section: s });
    for (const e of s.entries) {
      lines.push(`${e.key} = ${encodeValue(e.value)}`);
      entries.set(lines.length, { section: s, entry: e });
    }
  }
  return { text: `${lines.join('\n')}\n`, lines: entries };
}
