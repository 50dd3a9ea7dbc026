// Shared by the compose tests: import through an in-memory or on-disk reader.
import { readFileSync } from 'node:fs';
import { type ComposeReader, importCompose, type ImportOptions, type ImportResult } from '../../../src/compose';

export const diskReader: ComposeReader = {
  read(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
};

/** Files by absolute path, for tests that write their compose files inline. */
export function memoryReader(files: Record<string, string>): ComposeReader {
  return { read: (path) => files[path] };
}

export function importText(compose: string, options: Partial<ImportOptions> = {}, extra: Record<string, string> = {}): ImportResult {
  const reader = memoryReader({ '/p/compose.yaml': compose, ...extra });
  return importCompose(reader, { files: ['/p/compose.yaml'], env: {}, healthWait: 'notify', ...options });
}

/** The config's entries of one section, as [key, value] pairs in order. */
export function sectionOf(text: string, header: string): [string, string][] {
  const lines = text.split('\n');
  const start = lines.indexOf(`[${header}]`);
  if (start < 0) throw new Error(`no [${header}] in:\n${text}`);
  const out: [string, string][] = [];
  for (const line of lines.slice(start + 1)) {
    if (line === '' || line.startsWith('[')) break;
    if (line.startsWith('#')) continue;
    const at = line.indexOf(' = ');
    out.push([line.slice(0, at), line.slice(at + 3)]);
  }
  return out;
}

export const values = (text: string, header: string, key: string): string[] => sectionOf(text, header).filter(([k]) => k === key).map(([, v]) => v);
