/** `--since` for `quadctl history`: an absolute time, or an age counted back from `now`. */
import { parseDuration } from './labels';

export function parseSince(text: string, now: number): number | null {
  const trimmed = text.trim();
  const days = /^(\d+(?:\.\d+)?)\s*d$/.exec(trimmed);
  if (days) return now - Number(days[1]) * 86_400_000;
  // An age has no date or time separators: 90m, 12h, 1h30m.
  const age = /^\d/.test(trimmed) && !/[-T:]/.test(trimmed) ? parseDuration(trimmed) : null;
  if (age !== null) return now - age;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? null : at;
}
