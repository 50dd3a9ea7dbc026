// A config setting back to the values the user wrote: the config model stores each
// value encoded for its unit-file line (quoted words, `%%`, `$$`); Kubernetes wants
// the plain strings.
import type { ConfigUnit, Origin, Setting } from '../config';
import { UNIT_TYPES } from '../config';
import { QUADLET_STRV_SPLIT, splitValue } from '../quadlet/common/split';
import { type SplitOptions } from '../unitfile';

export interface Decoded {
  readonly group: string;
  readonly key: string;
  /** The value as one string (a raw key's text; words joined by a blank). */
  readonly text: string;
  /** The value's words (one for a raw key). */
  readonly words: readonly string[];
  readonly origin?: Origin;
  /** A systemd specifier the value asks for (`%{h}` in the config), which only the host's systemd expands. */
  readonly specifier?: string;
}

/** `%%` → `%`, `$$` → `$`: the escapes quadctl added so systemd would not expand them. */
function unliteral(text: string): string {
  return text.replace(/%%|\$\$/g, (m) => m[0]);
}

const WORDS: SplitOptions = { stopAtEmptyWord: true };

function splitFor(unit: ConfigUnit, s: Setting): SplitOptions | undefined {
  const own = UNIT_TYPES[unit.kind];
  const spec = s.group === own.group ? own.keys[s.key] : undefined;
  const kind = spec?.kind ?? (s.key.startsWith('Exec') ? 'args' : 'raw');
  if (kind === 'strv') return QUADLET_STRV_SPLIT;
  if (kind === 'word' || kind === 'tokens' || kind === 'args') return WORDS;
  return undefined;
}

/** In the encoded text a `%` not doubled is a specifier the user asked for with `%{X}`. */
const SPECIFIER = /(?<!%)(?:%%)*(%[A-Za-z])/;

function decodeSetting(unit: ConfigUnit, s: Setting): Decoded {
  const split = splitFor(unit, s);
  const words = (split ? (splitValue(s.text, split) ?? [s.text]) : [s.text]).map(unliteral);
  return { group: s.group, key: s.key, text: words.join(' '), words, origin: s.origin, specifier: SPECIFIER.exec(s.text)?.[1] };
}

export function decodeUnit(unit: ConfigUnit): Decoded[] {
  return unit.settings.map((s) => decodeSetting(unit, s));
}
