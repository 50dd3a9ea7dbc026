// How one config key is read, checked and written into a Quadlet file.
import type { UnitKind } from '../../quadlet/types';

export type { UnitKind };

/**
 * How Quadlet reads the key, which decides how quadctl must write it:
 * - `raw`:    the line is taken as is (no quoting exists; some characters cannot be written)
 * - `word`:   Quadlet splits the line into words (C escapes decoded); one config line is ONE word (an env pair, a label, a path)
 * - `strv`:   like `word`, but Quadlet keeps backslashes and decodes no escapes (AddDevice, Sysctl, UIDMap, …)
 * - `tokens`: Quadlet splits the line; the config line is a whitespace-separated list of plain tokens
 * - `units`:  unit names for systemd's dependency and [Install] keys, which systemd splits WITHOUT
 *             removing quotes or decoding escapes: written bare, so no quotes at all
 * - `args`:   a command line (Exec=, PodmanArgs=): a systemd-quoted string or a JSON array of words
 * - `bool`:   a systemd boolean
 */
export type ValueKind = 'raw' | 'word' | 'strv' | 'tokens' | 'units' | 'args' | 'bool';

/** Value checks by name; the table in ../values.ts implements them. */
export type CheckName =
  | 'port-mapping' | 'expose-port' | 'go-duration' | 'int' | 'uint' | 'size' | 'image' | 'key-value'
  | 'capability' | 'absolute-path' | 'pull' | 'notify' | 'auto-update' | 'health-on-failure'
  | 'exit-code-propagation' | 'set-working-directory' | 'stop-timeout' | 'timespan' | 'service-type' | 'restart';

/** A reference to another unit of the config, written by name (`Network = backend`). */
export type RefKind = 'network' | 'volume' | 'pod' | 'image' | 'mount';

export interface KeySpec {
  readonly kind: ValueKind;
  /** `list`: the key may repeat and accumulates (an empty value resets it); `one`: the last value wins. */
  readonly shape: 'one' | 'list';
  readonly check?: CheckName;
  readonly ref?: RefKind;
  /** The first Podman whose Quadlet knows the key (absent: 5.4 or older). */
  readonly since?: string;
}

export type KeyTable = Readonly<Record<string, KeySpec>>;

export const one = (kind: ValueKind, check?: CheckName, ref?: RefKind): KeySpec => ({ kind, shape: 'one', check, ref });
export const list = (kind: ValueKind, check?: CheckName, ref?: RefKind): KeySpec => ({ kind, shape: 'list', check, ref });
/** The key arrived in Podman `version`'s Quadlet. */
export const since = (version: string, spec: KeySpec): KeySpec => ({ ...spec, since: version });
