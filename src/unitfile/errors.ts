/** A unit file that does not follow systemd's grammar; names the file and line. */
export class UnitFileParseError extends Error {
  constructor(
    /** Quadlet's wording, without the file name. */
    readonly detail: string,
    readonly file: string | undefined,
    readonly line: number | undefined,
  ) {
    super(file === undefined ? detail : `${file}: ${detail}`);
    this.name = 'UnitFileParseError';
  }
}

/** A value, key or group name that cannot be written without changing the file's meaning. */
export class UnitFileValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnitFileValueError';
  }
}
