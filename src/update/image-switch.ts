/**
 * Switching a unit to a new tag — the smallest change that cannot hide later edits:
 *
 * - a unit quadctl generated: its file gets the new reference in place of the
 *   old one, nothing else; the updater's state (resolved.ts) records the choice,
 *   and `generate`/`apply` render config + state to the same file, so every
 *   config change still reaches the unit and the choice survives re-applies;
 * - a Quadlet `.container` quadctl did not write (Podman's own): a Quadlet
 *   drop-in (`NAME.container.d/90-quadctl-image.conf`) with only `Image=`,
 *   so every other key of the user's file keeps applying;
 * - a hand-written `.service`: no such override exists (a drop-in would have to
 *   freeze a copy of its command line), so a new tag is not applied; the same
 *   tag's new digest is (a tag move, no file touched).
 *
 * The new reference comes from a registry's tag list, i.e. from outside: it is
 * accepted only if it is made of the characters an image reference may have,
 * so it can not add words, lines or specifiers to a unit that runs as root.
 */
export const IMAGE_DROPIN_NAME = '90-quadctl-image.conf';

/** Where a unit's definition comes from, for how its image is switched. */
export type UnitOrigin = 'generated' | 'quadlet' | 'hand-written';

const SAFE_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@]*$/;

export class ImageSwitchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageSwitchError';
  }
}

function assertSafe(reference: string): void {
  if (!SAFE_REFERENCE.test(reference)) throw new ImageSwitchError(`refusing image reference ${JSON.stringify(reference)}: characters outside an image reference`);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function wordPattern(word: string): RegExp {
  return new RegExp(`(^|\\s|=)(["']?)${escapeRegExp(word)}\\2(?=\\s|$)`, 'g');
}

/** ExecStart with `from` (a whole word, bare or quoted) replaced by `to`; error when not exactly once. */
export function replaceImageWord(execStart: string, from: string, to: string): string {
  assertSafe(to);
  const hits = execStart.match(wordPattern(from))?.length ?? 0;
  if (hits !== 1) throw new ImageSwitchError(`ExecStart= names ${from} ${hits === 0 ? 'nowhere' : `${hits} times`}; can not switch it to ${to} safely`);
  return execStart.replace(wordPattern(from), (_m, lead: string, quote: string) => `${lead}${quote}${to}${quote}`);
}

const IMAGE_LINE = /^(Image|ExecStart)=/;

/**
 * A generated file (Quadlet `.container`, or a systemd `.service` with its
 * `[X-Container]` record) with its image reference `from` replaced by `to` on the
 * `Image=` line and the `ExecStart=` line that name it — each at most once, so
 * an ambiguous file is refused. Every other byte stays.
 */
export function rewriteGeneratedImage(text: string, from: string, to: string, path: string): string {
  assertSafe(to);
  const hits = { Image: 0, ExecStart: 0 };
  const lines = text.split('\n').map((line) => {
    const key = IMAGE_LINE.exec(line)?.[1] as keyof typeof hits | undefined;
    const found = key ? (line.match(wordPattern(from))?.length ?? 0) : 0;
    if (!key || found === 0) return line;
    hits[key] += found;
    return line.replace(wordPattern(from), (_m, lead: string, quote: string) => `${lead}${quote}${to}${quote}`);
  });
  const total = hits.Image + hits.ExecStart;
  if (total === 0 || hits.Image > 1 || hits.ExecStart > 1) {
    throw new ImageSwitchError(`${path} names ${from} ${total === 0 ? 'on no Image= or ExecStart= line' : `${total} times`}; can not switch it to ${to} safely`);
  }
  return lines.join('\n');
}

/** The Quadlet drop-in that makes a `.container` quadctl did not write run `to`. */
export function quadletImageDropIn(unit: string, to: string): string {
  assertSafe(to);
  return [
    `# Written by quadctl update: ${unit} runs ${to} (its policy's choice; quadctl status shows it).`,
    '# Only Image= is set here: every other key of the .container keeps applying. Delete this file',
    '# (and systemctl daemon-reload) to return to the image the .container names.',
    '[Container]',
    `Image=${to}`,
    '',
  ].join('\n');
}

/**
 * quadctl up to this version wrote `UNIT.service.d/90-quadctl-image.conf` with a frozen
 * copy of ExecStart=. Its header names both images, so `apply` can carry the choice
 * into the state and delete the file.
 */
const LEGACY_HEADER = /^# Written by quadctl update: \S+ runs (\S+) instead of (\S+)\.$/m;

export function legacyDropInImages(text: string): { runs: string; instead: string } | null {
  const m = LEGACY_HEADER.exec(text);
  return m ? { runs: m[1], instead: m[2] } : null;
}
