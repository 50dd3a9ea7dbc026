// Numeric options, checked where they are parsed: a value that is not what the
// option needs (`--wait abc`, `--concurrency 0`) is a usage error, exit 2,
// naming the option and the value — never NaN passed on to wait forever.
import { UsageError } from '../command-error';

interface NumberRule {
  /** What the number counts, for the message: "seconds", "entries" ('' for a plain count). */
  unit: string;
  min: number;
  /** Only whole numbers. */
  whole?: boolean;
}

const RULE_WORDS = (r: NumberRule): string => `${r.whole ? 'a whole number' : 'a number'}${r.unit ? ` of ${r.unit}` : ''}${r.min > 0 ? `, at least ${r.min}` : ''}`;

/** A yargs `coerce` for option `flag`: the number, or a UsageError. */
export function numberOption(flag: string, rule: NumberRule): (raw: unknown) => number | undefined {
  return (raw) => {
    if (raw === undefined) return undefined;
    const text = Array.isArray(raw) ? String(raw[raw.length - 1]) : String(raw);
    const value = text.trim() === '' ? Number.NaN : Number(text);
    if (!Number.isFinite(value) || value < rule.min || (rule.whole && !Number.isInteger(value))) {
      throw new UsageError(`--${flag} must be ${RULE_WORDS(rule)}, not ${JSON.stringify(text)}`);
    }
    return value;
  };
}

export const SECONDS_WAIT: NumberRule = { unit: 'seconds', min: 0 };
export const SECONDS_LIMIT: NumberRule = { unit: 'seconds', min: 1 };
export const COUNT_AT_LEAST_ONE: NumberRule = { unit: '', min: 1, whole: true };
export const ENTRIES: NumberRule = { unit: 'entries', min: 0, whole: true };
