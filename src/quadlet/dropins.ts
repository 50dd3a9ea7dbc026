// Which drop-in folders apply to a unit file, most specific first (see
// podman-systemd.unit(5)): NAME.EXT.d, the template's NAME@.EXT.d for an
// instance, the dash-truncated prefixes (foo-bar-.EXT.d, foo-.EXT.d), then EXT.d.

/** Folder names, most specific first; a .conf in an earlier folder hides the same name in later ones. */
export function dropInDirNames(fileName: string): string[] {
  const dot = fileName.lastIndexOf('.');
  const base = fileName.slice(0, dot);
  const ext = fileName.slice(dot);
  const at = base.indexOf('@');
  const names = [`${fileName}.d`];
  if (at >= 0 && at < base.length - 1) names.push(`${base.slice(0, at + 1)}${ext}.d`);
  const stem = at >= 0 ? base.slice(0, at) : base;
  const parts = stem.split('-');
  for (let n = parts.length - 1; n >= 1; n--) names.push(`${parts.slice(0, n).join('-')}-${ext}.d`);
  names.push(`${ext.slice(1)}.d`);
  return names;
}
