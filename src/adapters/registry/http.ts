/**
 * The one place registry HTTP happens, on undici's fetch: per-attempt
 * connect/read timeouts, retries with exponential backoff on 5xx and
 * connection errors, 429 honouring Retry-After, and a cap on body sizes.
 * Clock and sleep are injected so tests can run faults without waiting.
 *
 * A timeout is not retried: a registry that did not answer in time rarely
 * answers on the next try, and retrying would multiply the wait.
 */
// undici's own fetch, not Node's global one: an Agent only works with the fetch of
// the same undici, and Node's bundled undici changes with each release line (Node 26
// rejects undici 6's Agent: UND_ERR_INVALID_ARG "invalid onError method").
import { Agent, fetch as undiciFetch } from 'undici';

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
  headers: Headers;
  body: Buffer;
  url: string;
}

export interface HttpOptions {
  fetch?: typeof fetch;
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

export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly kind: 'timeout' | 'connection' | 'too-large' | 'rate-limited',
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export interface Http {
  request(req: HttpRequest): Promise<HttpResponse>;
  /** Requests sent so far (each retry counts). */
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

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
}

// Duck-typed on purpose: fetch rejects with DOMExceptions and undici errors
// that may come from another realm, where `instanceof Error` is false.
function asErrorLike(value: unknown): ErrorLike {
  return typeof value === 'object' && value !== null ? (value as ErrorLike) : { message: String(value) };
}

function innermost(err: unknown): ErrorLike {
  const outer = asErrorLike(err);
  return outer.cause !== undefined ? asErrorLike(outer.cause) : outer;
}

function describeCause(err: unknown): string {
  const cause = innermost(err);
  const code = typeof cause.code === 'string' ? cause.code : typeof cause.name === 'string' ? cause.name : '';
  return `${code ? `${code}: ` : ''}${String(cause.message ?? '')}`;
}

// undici reports its own timeouts in several shapes (HeadersTimeoutError,
// UND_ERR_*_TIMEOUT, a wrapped message); the abort signal as a TimeoutError.
function isTimeout(err: unknown): boolean {
  return [asErrorLike(err), innermost(err)].some(
    (e) =>
      e.name === 'TimeoutError' ||
      e.name === 'AbortError' ||
      /TimeoutError|TIMEOUT/.test(`${String(e.name ?? '')} ${String(e.code ?? '')}`) ||
      /timeout error/i.test(String(e.message ?? '')),
  );
}

async function readCapped(response: Response, maxBytes: number, url: string): Promise<Buffer> {
  const declared = Number(response.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await response.body?.cancel();
    throw new HttpError(`${url}: response of ${declared} bytes exceeds the ${maxBytes}-byte limit`, url, 'too-large');
  }
  if (!response.body) return Buffer.alloc(0);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) {
      throw new HttpError(`${url}: response body exceeds the ${maxBytes}-byte limit`, url, 'too-large');
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}

export function createHttp(options: HttpOptions = {}): Http {
  const doFetch: typeof fetch = options.fetch ?? undiciFetch;
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const connectTimeout = options.connectTimeoutMs ?? 10_000;
  const readTimeout = options.readTimeoutMs ?? 30_000;
  const attempts = Math.max(1, options.attempts ?? 4);
  const backoff = options.backoffMs ?? 500;
  const maxRetryAfter = options.maxRetryAfterMs ?? 60_000;
  const agentOptions = { connect: { timeout: connectTimeout }, headersTimeout: readTimeout, bodyTimeout: readTimeout };
  const agents = {
    verified: new Agent(agentOptions),
    unverified: new Agent({ ...agentOptions, connect: { timeout: connectTimeout, rejectUnauthorized: false } }),
  };
  let sent = 0;

  async function once(req: HttpRequest): Promise<HttpResponse> {
    sent++;
    options.onRequest?.(req.method, req.url);
    // The overall deadline backs up the agent's own timeouts (e.g. a body that trickles).
    const signal = AbortSignal.timeout(connectTimeout + 2 * readTimeout);
    try {
      const init: RequestInit & { dispatcher: Agent } = {
        method: req.method,
        headers: req.headers,
        body: req.body,
        redirect: 'follow',
        signal,
        dispatcher: req.insecureTls ? agents.unverified : agents.verified,
      };
      const response = await doFetch(req.url, init);
      const body = req.method === 'HEAD' ? Buffer.alloc(0) : await readCapped(response, req.maxBytes, req.url);
      return { status: response.status, headers: response.headers, body, url: response.url || req.url };
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (isTimeout(err)) throw new HttpError(`${req.method} ${req.url}: timed out (${describeCause(err)})`, req.url, 'timeout');
      throw new HttpError(`${req.method} ${req.url}: connection failed (${describeCause(err)})`, req.url, 'connection');
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
      await Promise.all([agents.verified.close(), agents.unverified.close()]);
    },
  };
}
