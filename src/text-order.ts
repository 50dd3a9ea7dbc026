// Sorted output (plans, tables, state files, manifests) is ordered by UTF-16 code
// units, as Array.prototype.sort does: the same on every host, whatever its locale.
// String.prototype.localeCompare would also load ICU's collation data, ~3 MiB of
// resident memory for a run that only orders unit names.

/** Compares two strings by code unit: -1, 0 or 1, for Array.prototype.sort. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
