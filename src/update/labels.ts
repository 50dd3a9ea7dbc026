/**
 * The container labels the updater reads. Podman's own three come first: systemd
 * units started by Podman carry PODMAN_SYSTEMD_UNIT (Quadlet and
 * `podman generate systemd` set it through the unit's environment), and
 * `io.containers.autoupdate` (and `.authfile`) is what `podman auto-update` looks for. quadctl's
 * own labels are written by `quadctl generate` from the config's update keys,
 * and can be put on hand-written units with `--label` / `Label=`.
 */
import { failed, ok, type Result } from '../result';

export const LABELS = {
  /** The systemd unit that runs the container (`web.service`). */
  systemdUnit: 'PODMAN_SYSTEMD_UNIT',
  /** Podman's switch: `registry` (alias `image`) or `local`. */
  autoUpdate: 'io.containers.autoupdate',
  /** Podman's per-container credentials: the auth file for the registry check and the pull (`podman pull --authfile`). */
  authFile: 'io.containers.autoupdate.authfile',
  /** digest | patch | minor | major | <semver range> | none */
  policy: 'io.quadctl.policy',
  /** `false` (or no/off/0/manual): left alone by timer runs, still updated by hand. */
  timer: 'io.quadctl.timer',
  /** How long the restarted unit must stay up without restarting: `10s`, `500ms`, `1m`. */
  settle: 'io.quadctl.settle',
  /** Optional probe after the settle window (the config's update.probe): `http://…`, `tcp://host:port`, `exec:COMMAND`. */
  probe: 'io.quadctl.probe',
  /** How long the probe and Podman's healthcheck may take to pass: a duration. */
  healthTimeout: 'io.quadctl.health-timeout',
  /** Commands run around an update (the config's update.pre-hook, post-hook, rollback-hook): see hooks.ts. */
  preHook: 'io.quadctl.pre-hook',
  postHook: 'io.quadctl.post-hook',
  rollbackHook: 'io.quadctl.rollback-hook',
  hookTimeout: 'io.quadctl.hook-timeout',
} as const;

/** Podman accepts `image` as an older spelling of `registry`. */
const AUTOUPDATE_MODES: Record<string, 'registry' | 'local'> = { registry: 'registry', image: 'registry', local: 'local' };

/** Podman's io.containers.autoupdate value as Podman reads it; null when unset or unknown. */
export function autoUpdateMode(value: string | undefined): 'registry' | 'local' | null {
  if (value === undefined) return null;
  return AUTOUPDATE_MODES[value.trim().toLowerCase()] ?? null;
}

/** Podman's values that leave auto-update off: empty and `disabled`. */
export function autoUpdateOff(value: string): boolean {
  return ['', 'disabled'].includes(value.trim().toLowerCase());
}

const FALSE_WORDS = new Set(['false', 'no', 'off', '0', 'manual']);
const TRUE_WORDS = new Set(['true', 'yes', 'on', '1', '']);

/** Whether timer runs may update the container (default yes); error text for a bad value. */
export function parseTimerLabel(value: string | undefined): Result<boolean> {
  if (value === undefined) return ok(true);
  const word = value.trim().toLowerCase();
  if (FALSE_WORDS.has(word)) return ok(false);
  if (TRUE_WORDS.has(word)) return ok(true);
  return failed( `${LABELS.timer}=${JSON.stringify(value)} is not a boolean (true/false, or "manual" for updates by hand only)`);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

/** `10s`, `1.5s`, `500ms`, `2m`, `1m30s`, or a bare number of seconds → milliseconds. */
export function parseDuration(text: string): number | null {
  const trimmed = text.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(ms|sec|min|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('').replace(/\s/g, '') !== trimmed.replace(/\s/g, '')) return null;
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]], 0));
}

/**
 * The container's auth file, as `podman auto-update` takes it from the label;
 * undefined when unset or empty (the usual search applies). Relative paths are
 * refused: Podman would resolve them against its own working directory, which
 * quadctl does not share.
 */
export function parseAuthFileLabel(value: string | undefined): Result<string | undefined> {
  if (value === undefined || value === '') return ok(undefined);
  if (!value.startsWith('/')) return failed(`${LABELS.authFile}=${JSON.stringify(value)} is not an absolute path`);
  return ok(value);
}
