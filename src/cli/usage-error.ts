/**
 * Bad input to a command (arguments, a unit that does not exist): the
 * top-level handler in quadctl.ts prints the message and exits 2. Thrown
 * rather than exiting on the spot, so `finally` blocks run — a run that held
 * the update lock releases it.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
