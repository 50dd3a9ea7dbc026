// Sends a payload to every target at once, each delivery retried with backoff,
// all of it inside one budget (10 s by default): a dead target can neither fail
// a run nor hold it up. Failures are returned (and recorded by the caller), not thrown.
import { readFile } from 'node:fs/promises';
import type { NotifySettings } from '../../config';
import { prepareTarget, redactUrl } from '../../notify/deliveries';
import type { Payload } from '../../notify/payload';
import { deliver } from './transports';

const NOTIFY_BUDGET_MS = 10_000;
/** One attempt may take at most this long, so a hung target still leaves room for a retry. */
const ATTEMPT_MS = 4_000;
const BACKOFF_MS = [500, 1_000, 2_000, 4_000];

export interface SendResult {
  target: string;
  /** The URL without its secrets. */
  where: string;
  ok: boolean;
  /** Messages sent (0 when the target wanted none of the run's events). */
  messages: number;
  attempts: number;
  detail: string;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Strips what a library may echo back: the target's URL (tokens) and secret file contents never reach here. */
function redact(text: string, settings: NotifySettings): string {
  return text.split(settings.url).join(redactUrl(settings.url));
}

async function withRetries(send: (timeoutMs: number) => Promise<string>, deadline: number): Promise<{ ok: boolean; attempts: number; detail: string }> {
  let attempts = 0;
  let last = '';
  for (;;) {
    const left = deadline - Date.now();
    if (left < 200) return { ok: false, attempts, detail: attempts ? last : 'no time left in the notification budget' };
    attempts++;
    try {
      return { ok: true, attempts, detail: await send(Math.min(ATTEMPT_MS, left)) };
    } catch (err) {
      last = message(err);
    }
    const pause = BACKOFF_MS[Math.min(attempts - 1, BACKOFF_MS.length - 1)];
    if (Date.now() + pause + 200 >= deadline) return { ok: false, attempts, detail: last };
    await sleep(pause);
  }
}

async function loadTemplate(settings: NotifySettings): Promise<string | undefined> {
  if (!settings.template) return undefined;
  try {
    return await readFile(settings.template, 'utf8');
  } catch (e) {
    throw new Error(`cannot read template ${settings.template}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

async function sendTo(settings: NotifySettings, payload: Payload, deadline: number): Promise<SendResult> {
  const base = { target: settings.name, where: redactUrl(settings.url) };
  let deliveries: ReturnType<ReturnType<typeof prepareTarget>>;
  try {
    deliveries = prepareTarget(settings, await loadTemplate(settings))(payload);
  } catch (err) {
    return { ...base, ok: false, messages: 0, attempts: 0, detail: redact(message(err), settings) };
  }
  let attempts = 0;
  const details: string[] = [];
  for (const d of deliveries) {
    const r = await withRetries((ms) => deliver(d, settings, ms), deadline);
    attempts += r.attempts;
    details.push(redact(r.detail, settings));
    if (!r.ok) return { ...base, ok: false, messages: deliveries.length, attempts, detail: details[details.length - 1] };
  }
  return { ...base, ok: true, messages: deliveries.length, attempts, detail: deliveries.length ? details.join('; ') : 'nothing to send (no event it asked for)' };
}

export async function notifyAll(targets: readonly NotifySettings[], payload: Payload, budgetMs = NOTIFY_BUDGET_MS): Promise<SendResult[]> {
  const deadline = Date.now() + budgetMs;
  return Promise.all(targets.map((t) => sendTo(t, payload, deadline)));
}
