// Compose's env files (.env, --env-file, include's env_file): NAME=VALUE lines,
// `export ` allowed, # comment lines, and — unlike quadctl.env — a ` #` after
// an unquoted value starts a comment, double-quoted values decode \n, \t, \" and
// \\ and may span lines, single-quoted ones are taken literally and are not
// interpolated. The dotenv package reads `a#b` as `a` and keeps no quoting, which
// Compose does differently, so the format is read here.

interface EnvLine {
  readonly name: string;
  readonly value: string;
  /** Single-quoted: Compose does not interpolate it. */
  readonly literal: boolean;
}

interface EnvFileProblem {
  readonly line: number;
  readonly message: string;
}

const ASSIGNMENT = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/s;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };

/** A double-quoted value from `rest` (after the opening quote), possibly over several lines. */
function doubleQuoted(lines: readonly string[], start: number, rest: string): { value: string; end: number } | undefined {
  let text = rest;
  let i = start;
  for (;;) {
    let out = '';
    for (let k = 0; k < text.length; k++) {
      const c = text[k];
      if (c === '\\' && k + 1 < text.length) {
        out += ESCAPES[text[k + 1]] ?? `\\${text[k + 1]}`;
        k++;
      } else if (c === '"') return { value: out, end: i };
      else out += c;
    }
    i++;
    if (i >= lines.length) return undefined;
    text = `${text}\n${lines[i]}`;
  }
}

export function parseComposeEnv(text: string): { lines: EnvLine[]; problems: EnvFileProblem[] } {
  const lines = text.split(/\r?\n/);
  const out: EnvLine[] = [];
  const problems: EnvFileProblem[] = [];
  for (let i = 0; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const m = ASSIGNMENT.exec(lines[i]);
    if (!m) {
      problems.push({ line: i + 1, message: `expected NAME=VALUE, not ${JSON.stringify(trimmed)}` });
      continue;
    }
    const [, name, raw] = m;
    if (raw.startsWith("'")) {
      const close = raw.indexOf("'", 1);
      if (close < 0) problems.push({ line: i + 1, message: `${name}: the ' is never closed` });
      else out.push({ name, value: raw.slice(1, close), literal: true });
    } else if (raw.startsWith('"')) {
      const q = doubleQuoted(lines, i, raw.slice(1));
      if (!q) problems.push({ line: i + 1, message: `${name}: the " is never closed` });
      else {
        out.push({ name, value: q.value, literal: false });
        i = q.end;
      }
    } else out.push({ name, value: raw.replace(/\s+#.*$/s, '').trim(), literal: false });
  }
  return { lines: out, problems };
}
