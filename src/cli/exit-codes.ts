/**
 * Exit codes shared by every quadctl command, so scripts can branch on them.
 * Documented in docs/cli.md (and README); keep them in step.
 */
export const ExitCode = {
  /** Everything asked for was done (or there was nothing to do). */
  Ok: 0,
  /** The command ran but something failed at run time (a unit, a registry, a D-Bus call). */
  Failure: 1,
  /** Bad input: usage errors, invalid config. Nothing was changed. */
  Invalid: 2,
  /** An update was rolled back: services run, but on the previous image. */
  RolledBack: 3,
  /** Another quadctl run holds the lock. */
  Busy: 4,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
