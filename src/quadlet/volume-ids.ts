// Numeric ids (User=/Group= of a volume, RemapUidSize=) as Quadlet reads them.

const MAX_ID = 0xffffffff;

/**
 * User=/Group= as Quadlet reads them: a C-style unsigned number (decimal, 0x hex,
 * leading-0 octal) up to 2^32-1; anything else, names included, becomes 0.
 */
export function numericId(value: string): number {
  const v = value.trim().replace(/^\+/, '');
  let n = Number.NaN;
  if (/^0x[0-9a-f]+$/i.test(v)) n = parseInt(v.slice(2), 16);
  else if (/^0[0-7]*$/.test(v)) n = parseInt(v, 8);
  else if (/^[1-9][0-9]*$/.test(v)) n = Number(v);
  return Number.isFinite(n) && n <= MAX_ID ? n : 0;
}
