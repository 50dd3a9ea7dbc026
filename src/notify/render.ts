/**
 * Message text from the payload through Handlebars templates. Escaping is per
 * target format and done on the values before rendering (Handlebars' own HTML
 * escaping is off): a template — the default or a user's — lays text out but
 * cannot emit a value unescaped, so an image name or a journal line can never
 * become a Slack link, a Discord mention or Matrix HTML. Pure.
 */
import Handlebars from 'handlebars';
import type { NotifyEventName } from '../config/notify-sections';
import type { Payload } from './payload';

export type TextFormat = 'plain' | 'slack' | 'discord' | 'html';

const ESCAPERS: Record<TextFormat, (s: string) => string> = {
  plain: (s) => s,
  // Slack's mrkdwn: only these three are control characters.
  slack: (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  // Discord markdown, and @everyone/@here or <@id> mentions.
  discord: (s) => s.replace(/[\\*_~`|[\]]/g, '\\$&').replace(/@/g, '@\u200b').replace(/</g, '<\u200b'),
  html: (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;'),
};

const WORDS: Record<NotifyEventName, string> = { updated: 'updated', 'rolled-back': 'rolled back', failed: 'failed', pending: 'update pending', held: 'held back' };

/** `quadctl on web1: 1 updated, 1 rolled back` — plain text, for subjects and titles. */
export function titleOf(payload: Payload): string {
  const counts = new Map<string, number>();
  const order = Object.keys(WORDS);
  const units = [...payload.units].sort((a, b) => order.indexOf(a.event) - order.indexOf(b.event));
  for (const u of units) counts.set(WORDS[u.event], (counts.get(WORDS[u.event]) ?? 0) + 1);
  const what = payload.units.length === 1 ? `${payload.units[0].unit} ${WORDS[payload.units[0].event]}` : [...counts].map(([w, n]) => `${n} ${w}`).join(', ');
  return `quadctl on ${payload.run.host}: ${what}`;
}

/** Bold and line layout per format; the values arrive escaped. */
const DEFAULT_TEMPLATES: Record<TextFormat, string> = {
  plain: `{{#each units}}{{unit}}: {{word}}{{#if to}} {{from.label}} -> {{to.label}}{{/if}}
  {{reason}}
{{/each}}{{run.host}}, {{run.trigger}} run, {{run.duration}}`,
  slack: `{{#each units}}*{{unit}}*: {{word}}{{#if to}} \`{{from.label}}\` → \`{{to.label}}\`{{/if}}
> {{reason}}
{{/each}}_{{run.host}}, {{run.trigger}} run, {{run.duration}}_`,
  discord: `{{#each units}}**{{unit}}**: {{word}}{{#if to}} {{from.label}} → {{to.label}}{{/if}}
{{reason}}
{{/each}}*{{run.host}}, {{run.trigger}} run, {{run.duration}}*`,
  html: `{{#each units}}<b>{{unit}}</b>: {{word}}{{#if to}} <code>{{from.label}}</code> → <code>{{to.label}}</code>{{/if}}<br>
{{reason}}<br>
{{/each}}<i>{{run.host}}, {{run.trigger}} run, {{run.duration}}</i>`,
};

function label(side: { image: string; digest: string; version: string | null }): string {
  const short = side.digest.replace(/^sha256:/, '').slice(0, 12);
  return side.version ? `${side.version}${short ? ` (${short})` : ''}` : `${side.image}${short ? `@${short}` : ''}`;
}

/** What a template sees: the payload, plus `word`, `label`s and `run.duration`; every string escaped for the format. */
function templateContext(payload: Payload, format: TextFormat): unknown {
  const raw = {
    ...payload,
    title: titleOf(payload),
    run: { ...payload.run, duration: `${payload.run.durationSeconds}s` },
    units: payload.units.map((u) => ({ ...u, word: WORDS[u.event], from: { ...u.from, label: label(u.from) }, to: u.to ? { ...u.to, label: label(u.to) } : null })),
  };
  return escapeDeep(raw, ESCAPERS[format]);
}

function escapeDeep(value: unknown, escapeText: (s: string) => string): unknown {
  if (typeof value === 'string') return escapeText(value);
  if (Array.isArray(value)) return value.map((v) => escapeDeep(v, escapeText));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDeep(v, escapeText)]));
  return value;
}

export type Renderer = (payload: Payload) => string;

/** A renderer for a format; `source` is a user's template text (its errors surface here, at load). */
export function compileTemplate(format: TextFormat, source?: string): Renderer {
  const hb = Handlebars.create();
  if (source !== undefined) hb.parse(source);
  const template = hb.compile(source ?? DEFAULT_TEMPLATES[format], { noEscape: true, strict: false });
  return (payload) => template(templateContext(payload, format)).trim();
}

