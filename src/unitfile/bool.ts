// systemd's parse_boolean() vocabulary.
const TRUE = new Set(['1', 'yes', 'y', 'true', 't', 'on']);
const FALSE = new Set(['0', 'no', 'n', 'false', 'f', 'off']);

/** true/false for systemd's boolean spellings (case-insensitive), undefined otherwise. */
export function parseBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (TRUE.has(v)) return true;
  if (FALSE.has(v)) return false;
  return undefined;
}
