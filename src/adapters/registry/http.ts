/**
 * The one place registry HTTP happens: per-attempt connect/read timeouts,
 * retries with exponential backoff on 5xx and connection errors, 429
 * honouring Retry-After, a cap on body sizes, and redirects followed (to
 * another origin without credentials). Clock and sleep are injected so tests
 * can run faults without waiting. One hop on the wire is ../http/exchange.ts,
 * what a redirect asks for next is redirects.ts.
 *
 * A timeout is not retried: a registry that did not answer in time rarely
 * answers on the next try, and retrying would multiply the wait.
 */
import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { ACCEPT_ENCODING, exchange, type ResponseHeaders } from '../http/exchange';
import { HttpError } from '../http/error';
import { type Hop, MAX_REDIRECTS, nextHop } from './redirects';

const INSECURE_HINT = 'for a registry you trust without it, set insecure = true for it in registries.conf';

export interface HttpRequest {
  method: 'GET' | 'HEAD' | 'POST';
  url: string;
  headers?: Record<string, string>;
  body?: string;
  /** Largest body accepted; a bigger one is an error (protects memory from a broken or hostile registry). */
  maxBytes: number;
  /** Skip TLS verification (registries.conf `insecure = true`). */
  insecureTls?: boolean;
  /** Retry connection errors (default true); off when probing whether a host speaks TLS. */
  retryConnectionErrors?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
  /** Where the answer came from, after redirects. */
  url: string;
}

export interface HttpOptions {
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Time to establish a connection (default 10 s). */
  connectTimeoutMs?: number;
  /** Time to wait for headers, and between body chunks (default 30 s). */
  readTimeoutMs?: number;
  /** Attempts per request, including the first (default 4). */
  attempts?: number;
  /** First backoff delay; doubles per retry (default 500 ms). */
  backoffMs?: number;
  /** Longest Retry-After we are willing to wait (default 60 s); longer is an error. */
  maxRetryAfterMs?: number;
  /** Called once per request sent on the wire (for counting and --verbose). */
  onRequest?: (method: string, url: string) => void;
}

export interface Http {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Requests sent so far (each retry and each redirect hop counts). */
  readonly sent: number;
  close(): Promise<void>;
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(value: string | null, now: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export function createHttp(options: HttpOptions = {}): Http {
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const readTimeoutMs = options.readTimeoutMs ?? 30_000;
  const attempts = Math.max(1, options.attempts ?? 4);
  const backoff = options.backoffMs ?? 500;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const agents = {
    http: new HttpAgent({ keepAlive: true }),
    verified: new HttpsAgent({ keepAlive: true }),
    unverified: new HttpsAgent({ keepAlive: true, rejectUnauthorized: false }),
  };
  let sent = 0;

  /** One attempt: the request and the redirects it is answered with. */
  async function once(req: HttpRequest): Promise<HttpResponse> {
    // The overall deadline backs up the per-hop timeouts (e.g. a body that trickles).
    const deadline = AbortSignal.timeout(connectTimeoutMs + 2 * readTimeoutMs);
    let hop: Hop;
    try {
      hop = { method: req.method, url: new URL(req.url), headers: { ...req.headers, 'accept-encoding': ACCEPT_ENCODING }, body: req.body };
    } catch {
      throw new HttpError(`${req.method} ${req.url}: not a valid URL`, req.url, 'connection');
    }
    for (let redirects = 0; ; redirects++) {
      sent++;
      options.onRequest?.(hop.method, hop.url.href);
      const agent = hop.url.protocol === 'http:' ? agents.http : req.insecureTls ? agents.unverified : agents.verified;
      const answer = await exchange({ ...hop, maxBytes: req.maxBytes, agent, certificateHint: INSECURE_HINT }, { connectTimeoutMs, readTimeoutMs, deadline });
      const next = nextHop(hop, answer.status, answer.headers.get('location'));
      if (next === undefined) return { ...answer, url: hop.url.href };
      if (redirects >= MAX_REDIRECTS) throw new HttpError(`${req.method} ${req.url}: more than ${MAX_REDIRECTS} redirects (last to ${next.url.href})`, req.url, 'redirect');
      hop = next;
    }
  }

  async function request(req: HttpRequest): Promise<HttpResponse> {
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      const delay = backoff * 2 ** (attempt - 1);
      let response: HttpResponse;
      try {
        response = await once(req);
      } catch (err) {
        const retryable = err instanceof HttpError && err.kind === 'connection' && req.retryConnectionErrors !== false;
        if (!retryable || last) throw err;
        await sleep(delay);
        continue;
      }
      if (response.status === 429) {
        const wait = retryAfterMs(response.headers.get('retry-after'), now()) ?? delay;
        if (wait > maxRetryAfter) {
          throw new HttpError(`${req.url}: rate limited (429); the registry asks to wait ${Math.ceil(wait / 1000)} s, more than the ${Math.ceil(maxRetryAfter / 1000)} s we wait`, req.url, 'rate-limited');
        }
        if (last) throw new HttpError(`${req.url}: still rate limited (429) after ${attempts} attempts`, req.url, 'rate-limited');
        await sleep(wait);
        continue;
      }
      if (response.status >= 500 && !last) {
        await sleep(delay);
        continue;
      }
      return response;
    }
  }

  return {
    request,
    get sent() {
      return sent;
    },
    async close() {
      for (const agent of Object.values(agents)) agent.destroy();
    },
  };
}
