// ${VAR} and ${VAR:-default} in config values. Only the braced form is ours:
// a bare $VAR is left for systemd (which expands it in Exec lines), and $${
// writes a literal ${.
import { failed, ok, type Result } from '../result';


export type EnvMap = Readonly<Record<string, string | undefined>>;

/** The value with variables replaced, or why it can not be. */
export function interpolate(value: string, env: EnvMap): Result<string> {
  let out = '';
  let i = 0;
  while (i < value.length) {
    if (value.startsWith('$${', i)) {
      out += '${';
      i += 3;
      continue;
    }
    if (!value.startsWith('${', i)) {
      out += value[i];
      i++;
      continue;
    }
    const end = value.indexOf('}', i + 2);
    if (end < 0) return failed(`unterminated \${ in ${JSON.stringify(value)}: write \${NAME} (or $\${ for a literal \${)`);
    const body = value.slice(i + 2, end);
    const match = /^([A-Za-z_][A-Za-z0-9_]*)(?::-(.*))?$/s.exec(body);
    if (!match) return failed(`\${${body}} is not \${NAME} or \${NAME:-default}`);
    const found = env[match[1]];
    const replacement = found !== undefined && found !== '' ? found : match[2];
    if (replacement === undefined) return failed(`variable ${match[1]} is not set (give it in the environment or --env-file, or write \${${match[1]}:-default})`);
    out += replacement;
    i = end + 1;
  }
  return ok(out);
}

interface EnvFileError {
  readonly line: number;
  readonly message: string;
}

/** An env file: NAME=VALUE lines, # comments, optional "…" or '…' around the value, `export ` allowed. */
export function parseEnvFile(text: string): { env: Record<string, string>; errors: EnvFileError[] } {
  const env: Record<string, string> = {};
  const errors: EnvFileError[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const t = raw.trim();
    if (t === '' || t.startsWith('#')) return;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(t);
    if (!m) {
      errors.push({ line: index + 1, message: `expected NAME=VALUE, not ${JSON.stringify(t)}` });
      return;
    }
    const v = m[2];
    const quoted = v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]);
    env[m[1]] = quoted ? v.slice(1, -1) : v;
  });
  return { env, errors };
}
