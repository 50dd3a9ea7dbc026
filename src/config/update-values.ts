// Checks for quadctl's update.probe, update.settle and update.authfile values.

/** `http(s)://HOST:PORT/PATH`, `tcp://HOST:PORT` or `exec:COMMAND`. */
export function probeError(value: string): string | undefined {
  if (value.startsWith('exec:')) return value.slice(5).trim() === '' ? 'exec: probe needs a command, e.g. exec:/bin/healthcheck' : undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a probe: use http://HOST:PORT/PATH, https://…, tcp://HOST:PORT or exec:COMMAND`;
  }
  if (url.protocol === 'http:' || url.protocol === 'https:') return undefined;
  if (url.protocol === 'tcp:') return url.port === '' || url.hostname === '' ? `tcp probe ${JSON.stringify(value)} needs tcp://HOST:PORT` : undefined;
  return `probe scheme ${url.protocol} is not http:, https:, tcp: or exec:`;
}

/** A short duration: 30s, 2m, 1m30s, 500ms (no bare numbers: the unit must be explicit). */
export function settleError(value: string): string | undefined {
  return /^(\d+(ms|s|m|h))+$/.test(value) ? undefined : `${JSON.stringify(value)} is not a settle window like 30s, 2m or 1m30s`;
}

/**
 * Podman reads the label as it is, relative to its own working directory, so
 * only an absolute path (or one from a systemd specifier: `%{h}/auth.json`) is
 * the same file for the unit's Podman, `podman auto-update` and quadctl.
 */
export function authFileError(value: string): string | undefined {
  return /^(\/|%\{[A-Za-z]\})/.test(value) ? undefined : `${JSON.stringify(value)} is not an absolute path (write %{h}/… for the user's home)`;
}

/** A hook runs as root through /bin/sh -c: it must name its program by absolute path (no PATH lookup under systemd). */
export function hookError(value: string): string | undefined {
  return value.startsWith('/') ? undefined : `${JSON.stringify(value)} must start with the program's absolute path, e.g. /usr/local/bin/backup-db --quick`;
}
