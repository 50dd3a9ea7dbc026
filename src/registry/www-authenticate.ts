/**
 * WWW-Authenticate parsing (RFC 7235 §4.1): one header may carry several
 * challenges, e.g. `Bearer realm="https://auth.example/token",service="reg",
 * scope="repository:a/b:pull", Basic realm="x"`. Quoted values may contain
 * commas and backslash escapes, which is why a split on "," is not enough.
 */
export interface Challenge {
  /** Lower-cased: `bearer`, `basic`. */
  scheme: string;
  /** Parameter names lower-cased; values unquoted. */
  params: Record<string, string>;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+/;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}
  skipSpace(): void {
    while (this.pos < this.text.length && /[ \t]/.test(this.text[this.pos])) this.pos++;
  }
  skipSeparators(): void {
    while (this.pos < this.text.length && /[ \t,]/.test(this.text[this.pos])) this.pos++;
  }
  token(): string | undefined {
    const m = TOKEN.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return m[0];
  }
  peek(): string | undefined {
    return this.text[this.pos];
  }
  quoted(): string {
    let out = '';
    this.pos++; // opening quote
    while (this.pos < this.text.length && this.text[this.pos] !== '"') {
      if (this.text[this.pos] === '\\' && this.pos + 1 < this.text.length) this.pos++;
      out += this.text[this.pos++];
    }
    this.pos++; // closing quote (or end)
    return out;
  }
  done(): boolean {
    return this.pos >= this.text.length;
  }
}

/** Reads `name=value` if it is next; leaves the position alone otherwise. */
function readParam(s: Scanner): [string, string] | undefined {
  const start = s.pos;
  const name = s.token();
  s.skipSpace();
  if (!name || s.peek() !== '=') {
    s.pos = start;
    return undefined;
  }
  s.pos++;
  s.skipSpace();
  const value = s.peek() === '"' ? s.quoted() : (s.token() ?? '');
  return [name.toLowerCase(), value];
}

export function parseWwwAuthenticate(header: string): Challenge[] {
  const s = new Scanner(header);
  const challenges: Challenge[] = [];
  s.skipSeparators();
  while (!s.done()) {
    const scheme = s.token();
    if (!scheme) break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    s.skipSpace();
    for (;;) {
      const param = readParam(s);
      if (!param) break;
      challenge.params[param[0]] = param[1];
      s.skipSpace();
      if (s.peek() !== ',') break;
      const before = s.pos;
      s.skipSeparators();
      // A bare token after the comma starts the next challenge, not a parameter.
      if (!readParam(s)) {
        s.pos = before;
        break;
      }
      s.pos = before;
      s.skipSeparators();
    }
    s.skipSeparators();
  }
  return challenges;
}

/** The challenge we answer: Bearer when offered (it scopes access), else Basic. */
export function preferredChallenge(challenges: readonly Challenge[]): Challenge | undefined {
  return challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ?? challenges.find((c) => c.scheme === 'basic');
}

/** The token scope for reading one repository: `repository:<name>:pull`. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}
