// The validated config: one ConfigUnit per [TYPE.NAME] section, every value
// already encoded for its unit-file line.
import type { KeySpec, UnitKind } from './catalog/types';
import type { RawValue } from './ini-lines';
import type { Announce } from './notify-sections';

/** Where a value was written, for messages. */
export interface Origin {
  readonly line: number;
  readonly section: string;
  /** The key as written in the config ("Service.Restart"). */
  readonly key: string;
}

/** A decoded value on its way to a unit file (before encoding). */
export interface Entry {
  /** The unit-file group it goes to: the type's own ("Container"), or Unit, Service, Install, Quadlet. */
  readonly group: string;
  readonly key: string;
  readonly spec: KeySpec;
  readonly value: RawValue;
  readonly origin: Origin;
}

/** One line of a unit file: key and its encoded value. */
export interface Setting {
  readonly group: string;
  readonly key: string;
  /** The value exactly as it must appear after `KEY=`. */
  readonly text: string;
  readonly origin?: Origin;
}

export interface UpdateSettings {
  readonly policy?: string;
  readonly probe?: string;
  readonly settle?: string;
  readonly timer?: string;
  readonly authfile?: string;
  readonly 'pre-hook'?: string;
  readonly 'post-hook'?: string;
  readonly 'rollback-hook'?: string;
  readonly 'hook-timeout'?: string;
}

export interface ConfigUnit {
  readonly kind: UnitKind;
  readonly name: string;
  /** "web.container" */
  readonly fileName: string;
  readonly section: string;
  readonly line: number;
  readonly settings: readonly Setting[];
  readonly update: UpdateSettings;
}

export interface Config {
  readonly file: string;
  readonly units: readonly ConfigUnit[];
  /** [notify.*] and [metrics]. */
  readonly announce: Announce;
}
