/** No bus to talk to, or no systemd on it: the command cannot do its work at all. */
export class SystemdUnavailableError extends Error {
  constructor(
    message: string,
    /** The D-Bus address that was tried ('' when none could be found). */
    readonly address: string,
  ) {
    super(message);
    this.name = 'SystemdUnavailableError';
  }
}

/** systemd answered a call with a D-Bus error (unknown unit, access denied, …). */
export class SystemdCallError extends Error {
  constructor(
    readonly member: string,
    /** The D-Bus error name, e.g. org.freedesktop.systemd1.NoSuchUnit. */
    readonly dbusName: string,
    text: string,
  ) {
    super(`systemd ${member}: ${text}${dbusName ? ` (${dbusName})` : ''}`);
    this.name = 'SystemdCallError';
  }
}

/** A call or wait took longer than we allow. */
export class SystemdTimeoutError extends Error {
  constructor(what: string, readonly timeoutMs: number) {
    super(`systemd did not answer ${what} within ${timeoutMs} ms`);
    this.name = 'SystemdTimeoutError';
  }
}
