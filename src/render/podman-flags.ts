// Checks every Podman flag in a generated service against what the host's
// Podman accepts, naming the config key and the Podman version it needs.
import { splitWords } from '../unitfile';
import { PODMAN_43_FLAGS, PODMAN_43_HIDDEN } from './podman-flags-4.3';

/** Flags newer than 4.3.1 that Quadlet 5.4 emits, with the key that asks for them. */
const NEWER_FLAGS: Readonly<Record<string, { readonly key: string; readonly since: string }>> = {
  'run --health-startup-cmd': { key: 'HealthStartupCmd', since: '4.4.0' },
  'run --health-startup-interval': { key: 'HealthStartupInterval', since: '4.4.0' },
  'run --health-startup-retries': { key: 'HealthStartupRetries', since: '4.4.0' },
  'run --health-startup-success': { key: 'HealthStartupSuccess', since: '4.4.0' },
  'run --health-startup-timeout': { key: 'HealthStartupTimeout', since: '4.4.0' },
  'run --health-log-destination': { key: 'HealthLogDestination', since: '5.3.0' },
  'run --health-max-log-count': { key: 'HealthMaxLogCount', since: '5.3.0' },
  'run --health-max-log-size': { key: 'HealthMaxLogSize', since: '5.3.0' },
  'global --module': { key: 'ContainersConfModule', since: '4.7.0' },
  'network create --dns': { key: 'DNS', since: '4.7.0' },
  'network create --ignore': { key: '(network unit)', since: '4.4.0' },
  'volume create --ignore': { key: '(volume unit)', since: '4.4.0' },
  'image pull --decryption-key': { key: 'DecryptionKey', since: '4.5.0' },
  'kube play --publish': { key: 'PublishPort', since: '4.5.0' },
  'kube play --service-exit-code-propagation': { key: 'ExitCodePropagation', since: '4.8.0' },
  'kube down --force': { key: 'KubeDownForce', since: '4.5.0' },
  'artifact pull': { key: 'Artifact', since: '5.7.0' },
};

type FlagTable = ReadonlyMap<string, boolean>;

function table(sub: string): FlagTable | undefined {
  const text = PODMAN_43_FLAGS[sub];
  if (text === undefined) return undefined;
  const all = `${text} ${PODMAN_43_HIDDEN[sub] ?? ''}`.split(/\s+/).filter(Boolean);
  return new Map(all.map((f) => [f.replace(/=$/, ''), f.endsWith('=')]));
}

const TABLES = new Map<string, FlagTable | undefined>();
function flagsOf(sub: string): FlagTable | undefined {
  if (!TABLES.has(sub)) TABLES.set(sub, table(sub));
  return TABLES.get(sub);
}

export interface FlagProblem {
  /** "run --health-startup-cmd" */
  readonly flag: string;
  /** The Quadlet key behind it, when known. */
  readonly key?: string;
  readonly since?: string;
}

interface Cursor {
  readonly words: readonly string[];
  i: number;
}

/** Reads flags at the cursor against a table; stops at the first positional word. */
function readFlags(cur: Cursor, sub: string, problems: FlagProblem[]): void {
  const known = flagsOf(sub) ?? new Map<string, boolean>();
  while (cur.i < cur.words.length && cur.words[cur.i].startsWith('-')) {
    const word = cur.words[cur.i++];
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    const takesValue = known.get(name);
    if (takesValue === undefined) {
      const newer = NEWER_FLAGS[`${sub} ${name}`];
      problems.push({ flag: `${sub === 'global' ? '' : sub + ' '}${name}`.trim(), key: newer?.key, since: newer?.since });
      if (eq < 0 && cur.i < cur.words.length && !cur.words[cur.i].startsWith('-')) cur.i++;
      continue;
    }
    if (takesValue && eq < 0) cur.i++;
  }
}

const TWO_WORD = new Set(['pod', 'network', 'volume', 'image', 'kube', 'artifact']);

/** Problems with one Exec line; [] when it is not a podman command or all flags are known. */
export function checkPodmanLine(value: string): FlagProblem[] {
  const words = splitWords(value.replace(/^[-@+!:]+/, ''), { exec: true });
  if (words.length === 0 || !/(^|\/)podman$/.test(words[0])) return [];
  const problems: FlagProblem[] = [];
  const cur: Cursor = { words, i: 1 };
  readFlags(cur, 'global', problems);
  const first = words[cur.i++] ?? '';
  const sub = TWO_WORD.has(first) ? `${first} ${words[cur.i++] ?? ''}` : first;
  const newerCommand = NEWER_FLAGS[sub];
  if (newerCommand !== undefined) problems.push({ flag: sub, key: newerCommand.key, since: newerCommand.since });
  if (flagsOf(sub) === undefined) return problems;
  readFlags(cur, sub, problems);
  return problems;
}
