// Shared by the per-type translation tests: translate in-memory unit files the way the
// generator does, without touching disk.
import { parseUnitFile, splitWords } from '../../../src/unitfile';
import { translateAll, type Translated } from '../../../src/quadlet/translate';
import { kindOfFile } from '../../../src/quadlet/names';
import { quadletLevel, type QuadletLevel } from '../../../src/quadlet/language';
import { parseVersion } from '../../../src/render/podman-version';

/** The per-type tests pin Quadlet 5.4's output; language.test.ts covers what later releases changed. */
export const QUADLET_54 = quadletLevel(parseVersion('5.4.2'));
export const options = { isUser: false, podman: '/usr/bin/podman', level: QUADLET_54 };

export function generate(files: Record<string, string>, level: QuadletLevel = QUADLET_54): Translated[] {
  const sources = Object.entries(files).map(([fileName, text]) => {
    const kind = kindOfFile(fileName);
    if (kind === undefined) throw new Error(fileName);
    return { fileName, path: `/etc/containers/systemd/${fileName}`, kind, unit: parseUnitFile(text, fileName) };
  });
  return translateAll(sources, { ...options, level }, () => undefined);
}

/** The translation of `fileName` when it is the only unit. */
export function translatedFile(fileName: string, text: string): Translated {
  const r = generate({ [fileName]: text }).find((t) => t.source.fileName === fileName);
  if (r === undefined) throw new Error('missing');
  return r;
}

/** The words of ExecStart=, or the translation's error. */
export function execStartOf(r: Translated): string[] {
  if (r.service === undefined) throw new Error(r.error);
  return splitWords(r.service.lookup('Service', 'ExecStart') ?? '');
}
