// The [notify.NAME] and [metrics] sections: where quadctl tells people what an
// update run did. They may sit in the main config or in a file of their own
// (/etc/quadctl/notify.ini) with no unit at all; loadConfig skips them and
// checks them through here, so `quadctl validate` reports their problems too.
import { type IniEntry, type IniSection, scanIni } from './ini-lines';
import { interpolate, type EnvMap } from './interpolate';
import { type ConfigIssue, IssueList } from './issues';
import { didYouMean } from './suggest';

export const NOTIFY_EVENTS = ['updated', 'rolled-back', 'failed', 'pending', 'held'] as const;
export type NotifyEventName = (typeof NOTIFY_EVENTS)[number];
/** Everything but `pending`: a pending update is news only to whoever asked for it. */
const DEFAULT_EVENTS: readonly NotifyEventName[] = NOTIFY_EVENTS.filter((e) => e !== 'pending');

export const NOTIFY_FORMATS = ['json', 'slack', 'discord', 'matrix'] as const;
export type WebhookFormat = (typeof NOTIFY_FORMATS)[number];

export interface NotifySettings {
  readonly name: string;
  readonly url: string;
  readonly events: readonly NotifyEventName[];
  /** One message per unit instead of one digest per run. */
  readonly perUnit: boolean;
  /** For http(s) URLs: the body's shape (json = quadctl's documented payload). */
  readonly format: WebhookFormat;
  /** A Handlebars file replacing the default message text. */
  readonly template?: string;
  /** http(s): the HMAC-SHA256 key for the X-Quadctl-Signature header. */
  readonly secretFile?: string;
  /** smtp: the password (never in the config itself). */
  readonly passwordFile?: string;
  /** smtp: extra CA certificates (PEM) to trust. */
  readonly caFile?: string;
  readonly line: number;
}

export interface MetricsSettings {
  readonly textfile?: string;
}

export interface Announce {
  readonly notify: readonly NotifySettings[];
  readonly metrics: MetricsSettings;
}

interface KeyRule {
  readonly help: string;
  readonly check?: (value: string) => string | null;
}

const SCHEMES = ['http:', 'https:', 'ntfy:', 'gotify:', 'smtp:', 'exec:'];
const absolute = (v: string): string | null => (v.startsWith('/') ? null : 'must be an absolute path');

function checkUrl(value: string): string | null {
  if (value.startsWith('exec:')) return value.slice(5).startsWith('/') ? null : 'exec: takes an absolute program path: exec:/usr/local/bin/tell-me';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `is not a URL; use one of ${SCHEMES.join(' ')}`;
  }
  if (!SCHEMES.includes(url.protocol)) return `scheme ${url.protocol} is not supported; use one of ${SCHEMES.join(' ')}`;
  if (url.password) return 'must not carry a password: put it in password-file (smtp) or secret-file';
  return SCHEME_CHECKS[url.protocol]?.(url) ?? null;
}

const SCHEME_CHECKS: Readonly<Record<string, (url: URL) => string | null>> = {
  'smtp:': (u) =>
    !u.searchParams.get('to')
      ? 'needs ?to=ADDRESS (several: to=a@x,b@y)'
      : u.searchParams.has('tls') && !['tls', 'starttls', 'none'].includes(u.searchParams.get('tls') ?? '')
        ? 'tls= takes tls, starttls or none'
        : null,
  'ntfy:': (u) => (u.pathname.replace(/\//g, '') ? null : 'needs a topic: ntfy://HOST/TOPIC'),
  'gotify:': (u) => (u.pathname.replace(/\//g, '') ? null : "needs the app's token: gotify://HOST/TOKEN"),
};

/** A value as shown in a message: a URL's password masked (it is refused, and must not be echoed). */
function shown(value: string): string {
  return value.replace(/^([a-z]+:\/\/[^/:@]*):[^/@]*@/i, '$1:***@');
}

function checkEvents(value: string): string | null {
  const bad = value.split(/[\s,]+/).filter((w) => w && !(NOTIFY_EVENTS as readonly string[]).includes(w));
  return bad.length ? `unknown event ${bad.map((b) => JSON.stringify(b)).join(', ')}: events are ${NOTIFY_EVENTS.join(' ')}${didYouMean(bad[0], NOTIFY_EVENTS)}` : null;
}

const BOOL: Record<string, boolean> = { true: true, yes: true, on: true, 1: true, false: false, no: false, off: false, 0: false };

const NOTIFY_KEYS: Readonly<Record<string, KeyRule>> = {
  url: { help: 'where to send: https://… ntfy://HOST/TOPIC gotify://HOST/TOKEN smtp://USER@HOST:PORT/?from=…&to=… exec:/PATH', check: checkUrl },
  events: { help: `which events: ${NOTIFY_EVENTS.join(' ')}`, check: checkEvents },
  'per-unit': { help: 'true: one message per unit instead of one per run', check: (v) => (v.toLowerCase() in BOOL ? null : 'is not a boolean (true/false)') },
  format: { help: `http(s) body: ${NOTIFY_FORMATS.join(' | ')}`, check: (v) => ((NOTIFY_FORMATS as readonly string[]).includes(v) ? null : `must be one of ${NOTIFY_FORMATS.join(', ')}`) },
  template: { help: 'a Handlebars file for the message text', check: absolute },
  'secret-file': { help: 'file with the HMAC key for X-Quadctl-Signature', check: absolute },
  'password-file': { help: 'file with the SMTP password', check: absolute },
  'ca-file': { help: 'PEM file of CA certificates to trust (smtp)', check: absolute },
};

const METRICS_KEYS: Readonly<Record<string, KeyRule>> = {
  textfile: { help: "the .prom file for node_exporter's textfile collector", check: (v) => absolute(v) ?? (v.endsWith('.prom') ? null : 'must end in .prom (node_exporter reads only those)') },
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Whether loadConfig should leave a section to this module. */
export function isAnnounceSection(name: string): boolean {
  return name === 'metrics' || name.startsWith('notify.');
}

function values(section: IniSection, rules: Readonly<Record<string, KeyRule>>, file: string, env: EnvMap, issues: IssueList): Map<string, string> {
  const out = new Map<string, string>();
  const issue = (e: IniEntry, message: string): void => issues.add({ file, line: e.line, section: section.name, key: e.key, message });
  for (const e of section.entries) {
    const rule = rules[e.key];
    if (!rule) {
      issue(e, `unknown key; [${section.name}] takes ${Object.keys(rules).join(', ')}${didYouMean(e.key, Object.keys(rules))}`);
      continue;
    }
    if (e.value.kind !== 'text') {
      issue(e, 'takes one value, not an array');
      continue;
    }
    const r = interpolate(e.value.text, env);
    if (!r.ok) {
      issue(e, r.error);
      continue;
    }
    if (out.has(e.key)) {
      issue(e, `${e.key} takes one value and is already set`);
      continue;
    }
    const problem = rule.check?.(r.value) ?? null;
    if (problem) issue(e, `${JSON.stringify(shown(r.value))} ${problem} (${rule.help})`);
    else out.set(e.key, r.value);
  }
  return out;
}

function notifyOf(section: IniSection, file: string, env: EnvMap, issues: IssueList): NotifySettings | null {
  const name = section.name.slice('notify.'.length);
  if (!NAME.test(name)) {
    issues.add({ file, line: section.line, section: section.name, message: 'a notify target name uses letters, digits, _ and -: [notify.NAME]' });
    return null;
  }
  const v = values(section, NOTIFY_KEYS, file, env, issues);
  const url = v.get('url');
  if (!url) {
    if (!section.entries.some((e) => e.key === 'url')) issues.add({ file, line: section.line, section: section.name, message: `[${section.name}] needs url = …` });
    return null;
  }
  const events = v.get('events')?.split(/[\s,]+/).filter(Boolean) as NotifyEventName[] | undefined;
  return {
    name,
    url,
    events: events ?? DEFAULT_EVENTS,
    perUnit: BOOL[(v.get('per-unit') ?? 'false').toLowerCase()],
    format: (v.get('format') ?? 'json') as WebhookFormat,
    line: section.line,
    ...(v.has('template') ? { template: v.get('template') } : {}),
    ...(v.has('secret-file') ? { secretFile: v.get('secret-file') } : {}),
    ...(v.has('password-file') ? { passwordFile: v.get('password-file') } : {}),
    ...(v.has('ca-file') ? { caFile: v.get('ca-file') } : {}),
  };
}

/** The [notify.*] and [metrics] sections of already scanned INI sections. */
export function announceOf(sections: readonly IniSection[], file: string, env: EnvMap, issues: IssueList): Announce {
  const notify: NotifySettings[] = [];
  let metrics: MetricsSettings = {};
  const seen = new Map<string, number>();
  for (const s of sections) {
    const earlier = seen.get(s.name);
    if (earlier !== undefined) {
      issues.add({ file, line: s.line, section: s.name, message: `section [${s.name}] is already defined on line ${earlier}` });
      continue;
    }
    seen.set(s.name, s.line);
    if (s.name === 'metrics') {
      const tf = values(s, METRICS_KEYS, file, env, issues).get('textfile');
      metrics = tf ? { textfile: tf } : {};
    } else if (s.name.startsWith('notify.')) {
      const n = notifyOf(s, file, env, issues);
      if (n) notify.push(n);
    }
  }
  return { notify, metrics };
}

/** Reads only the [notify.*] and [metrics] sections of a file (other sections are loadConfig's). */
export function loadAnnounce(text: string, options: { file: string; env: EnvMap }): { announce: Announce; issues: readonly ConfigIssue[] } {
  const issues = new IssueList();
  const sections = scanIni(text, options.file, issues).filter((s) => isAnnounceSection(s.name));
  const announce = announceOf(sections, options.file, options.env, issues);
  return { announce, issues: issues.all };
}

/** Several files (the config, then notify.ini): targets add up, a later [metrics] wins. */
export function mergeAnnounce(parts: readonly Announce[]): Announce {
  return { notify: parts.flatMap((p) => p.notify), metrics: parts.reduce<MetricsSettings>((m, p) => (p.metrics.textfile ? p.metrics : m), {}) };
}
