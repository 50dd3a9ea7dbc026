/**
 * From a target's URL and a payload to what must be sent: an HTTP request, a
 * mail, or a program's stdin. A table per URL scheme (and per webhook format);
 * the adapters in src/adapters/notify only carry these out. Pure.
 */
import type { NotifySettings, WebhookFormat } from '../config/notify-sections';
import type { NotifyEventName } from '../config/notify-sections';
import { payloadsFor, type Payload } from './payload';
import { compileTemplate, titleOf, type Renderer, type TextFormat } from './render';

export interface HttpDelivery {
  kind: 'http';
  url: string;
  headers: Record<string, string>;
  body: string;
  /** Sign the body with the target's secret-file (X-Quadctl-Signature). */
  sign: boolean;
}

export interface MailDelivery {
  kind: 'smtp';
  host: string;
  port: number;
  /** `tls`: TLS from the first byte (465); `starttls`: required upgrade; `none`: plain (loopback relays only). */
  security: 'tls' | 'starttls' | 'none';
  user: string;
  from: string;
  to: string[];
  subject: string;
  text: string;
}

export interface ExecDelivery {
  kind: 'exec';
  program: string;
  stdin: string;
}

export type Delivery = HttpDelivery | MailDelivery | ExecDelivery;

/** The URL with secrets (a gotify token, a user) cut out, for logs and history. */
export function redactUrl(url: string): string {
  if (url.startsWith('exec:')) return url;
  try {
    const u = new URL(url);
    if (u.protocol === 'gotify:') u.pathname = u.pathname.replace(/[^/]+$/, '***');
    if (u.username) u.username = '***';
    for (const k of [...u.searchParams.keys()]) if (/token|key|secret|pass/i.test(k)) u.searchParams.set(k, '***');
    return u.toString();
  } catch {
    return '(not a URL)';
  }
}

const PRIORITY: Record<NotifyEventName, number> = { 'rolled-back': 4, failed: 5, held: 3, updated: 3, pending: 2 };
const NTFY_TAGS: Record<NotifyEventName, string> = { updated: 'white_check_mark', 'rolled-back': 'warning', failed: 'rotating_light', pending: 'hourglass', held: 'pause_button' };

function priorityOf(p: Payload): number {
  return Math.max(...p.units.map((u) => PRIORITY[u.event]));
}

/** ntfy:// and gotify:// speak https unless `?scheme=http` (a local server). */
function baseOf(u: URL): string {
  const scheme = u.searchParams.get('scheme') === 'http' ? 'http' : 'https';
  return `${scheme}://${u.host}`;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

type Builder = (settings: NotifySettings, payload: Payload, text: Renderer) => Delivery;

const WEBHOOK_BODY: Record<WebhookFormat, (p: Payload, text: Renderer) => unknown> = {
  json: (p) => p,
  slack: (p, text) => ({ text: text(p) }),
  // Discord refuses content over 2000 characters.
  discord: (p, text) => ({ content: text(p).slice(0, 2000), allowed_mentions: { parse: [] } }),
  matrix: (p, text) => ({ text: titleOf(p), html: text(p) }),
};

const WEBHOOK_TEXT: Record<WebhookFormat, TextFormat> = { json: 'plain', slack: 'slack', discord: 'discord', matrix: 'html' };

const http: Builder = (s, p, text) => ({ kind: 'http', url: s.url, headers: { ...JSON_HEADERS }, body: JSON.stringify(WEBHOOK_BODY[s.format](p, text)), sign: Boolean(s.secretFile) });

const ntfy: Builder = (s, p, text) => {
  const u = new URL(s.url);
  const topic = u.pathname.replace(/^\/+|\/+$/g, '');
  const tags = [...new Set(p.units.map((x) => NTFY_TAGS[x.event]))];
  // JSON publishing to the server root: a title in a header could not hold "→" or non-Latin-1 names.
  return { kind: 'http', url: `${baseOf(u)}/`, headers: { ...JSON_HEADERS }, body: JSON.stringify({ topic, title: titleOf(p), message: text(p), tags, priority: priorityOf(p) }), sign: false };
};

const gotify: Builder = (s, p, text) => {
  const u = new URL(s.url);
  const parts = u.pathname.split('/').filter(Boolean);
  const token = parts.pop() ?? '';
  const prefix = parts.length ? `/${parts.join('/')}` : '';
  return { kind: 'http', url: `${baseOf(u)}${prefix}/message`, headers: { ...JSON_HEADERS, 'x-gotify-key': token }, body: JSON.stringify({ title: titleOf(p), message: text(p), priority: priorityOf(p) }), sign: false };
};

const SECURITY: Record<string, MailDelivery['security']> = { tls: 'tls', starttls: 'starttls', none: 'none' };

const smtp: Builder = (s, p, text) => {
  const u = new URL(s.url);
  const port = u.port ? Number(u.port) : 587;
  const to = u.searchParams.getAll('to').flatMap((t) => t.split(',')).map((t) => t.trim()).filter(Boolean);
  const security = SECURITY[u.searchParams.get('tls') ?? (port === 465 ? 'tls' : 'starttls')] ?? 'starttls';
  return { kind: 'smtp', host: u.hostname, port, security, user: decodeURIComponent(u.username), from: u.searchParams.get('from') ?? `quadctl@${p.run.host}`, to, subject: titleOf(p), text: text(p) };
};

const exec: Builder = (s, p) => ({ kind: 'exec', program: s.url.slice('exec:'.length), stdin: `${JSON.stringify(p)}\n` });

const BY_SCHEME: Record<string, { build: Builder; text: (s: NotifySettings) => TextFormat }> = {
  'http:': { build: http, text: (s) => WEBHOOK_TEXT[s.format] },
  'https:': { build: http, text: (s) => WEBHOOK_TEXT[s.format] },
  'ntfy:': { build: ntfy, text: () => 'plain' },
  'gotify:': { build: gotify, text: () => 'plain' },
  'smtp:': { build: smtp, text: () => 'plain' },
  'exec:': { build: exec, text: () => 'plain' },
};

function schemeOf(url: string): string {
  return url.slice(0, url.indexOf(':') + 1);
}

/** A target ready to turn payloads into deliveries; `template` is the text of its template file. */
export function prepareTarget(settings: NotifySettings, template?: string): (payload: Payload) => Delivery[] {
  const entry = BY_SCHEME[schemeOf(settings.url)];
  if (!entry) throw new Error(`[notify.${settings.name}] url ${redactUrl(settings.url)}: unsupported scheme`);
  const render = compileTemplate(entry.text(settings), template);
  return (payload) => payloadsFor(payload, settings.events, settings.perUnit).map((p) => entry.build(settings, p, render));
}
