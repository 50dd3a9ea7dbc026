/**
 * One request and its answer on the wire, over Node's own http/https: a
 * timeout for connecting, one for the answer's headers and each pause in its
 * body, a deadline over all of it, and a cap on the body. The one HTTP client
 * of quadctl (registries, webhooks). Node's http client instead of fetch: fetch
 * is undici, whose loading and first request cost quadctl update ~23 MiB of
 * RSS, and which needs WebAssembly, so a JIT (issue 19).
 */
import { type Agent, type ClientRequest, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { gunzipSync, inflateSync } from 'node:zlib';
import { HttpError } from './error';

/** An answer's headers; a header sent several times reads as its values joined by ", " (as fetch's Headers). */
export interface ResponseHeaders {
  get(name: string): string | null;
}

interface Exchange {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  maxBytes: number;
  /** false: a connection of its own, closed after the answer. */
  agent: Agent | false;
  /** Names the request in errors instead of METHOD URL (a webhook's URL is its secret). */
  label?: string;
  /** Appended when the server's certificate does not verify: what the user can do about it. */
  certificateHint?: string;
}

interface ExchangeLimits {
  connectTimeoutMs: number;
  readTimeoutMs: number;
  /** Aborted when the whole request (every hop) is past its deadline. */
  deadline: AbortSignal;
}

interface Answer {
  status: number;
  headers: ResponseHeaders;
  body: Buffer;
}

/** What we accept-encode, and how each is decoded (capped: a small gzip can inflate to gigabytes). */
const DECODERS: Record<string, (data: Buffer, maxOutputLength: number) => Buffer> = {
  gzip: (data, max) => gunzipSync(data, { maxOutputLength: max }),
  'x-gzip': (data, max) => gunzipSync(data, { maxOutputLength: max }),
  deflate: (data, max) => inflateSync(data, { maxOutputLength: max }),
};
export const ACCEPT_ENCODING = 'gzip';

function headerView(raw: IncomingHttpHeaders): ResponseHeaders {
  return {
    get(name) {
      const value = raw[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

interface NodeError {
  code?: unknown;
  message?: unknown;
}

function describe(err: unknown): string {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as NodeError;
  return `${typeof e.code === 'string' ? `${e.code}: ` : ''}${String(e.message ?? '')}`;
}

// OpenSSL's verification codes as Node reports them (DEPTH_ZERO_SELF_SIGNED_CERT,
// CERT_HAS_EXPIRED, UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID, …).
const CERTIFICATE_CODE = /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

function describeRequest(ex: Exchange): string {
  return ex.label ?? `${ex.method} ${ex.url.href}`;
}

function connectionError(ex: Exchange, err: unknown): HttpError {
  const what = describeRequest(ex);
  const url = ex.url.href;
  const code = (err as NodeError).code;
  if (typeof code === 'string' && CERTIFICATE_CODE.test(code)) {
    return new HttpError(`${what}: the server's TLS certificate does not verify (${describe(err)})${ex.certificateHint ? `; ${ex.certificateHint}` : ''}`, url, 'certificate');
  }
  return new HttpError(`${what}: connection failed (${describe(err)})`, url, 'connection');
}

function decode(answer: Answer, ex: Exchange): Answer {
  const encoding = (answer.headers.get('content-encoding') ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity' || ex.method === 'HEAD') return answer;
  const what = describeRequest(ex);
  const decoder = DECODERS[encoding];
  if (!decoder) throw new HttpError(`${what}: the body is ${encoding}-encoded; only ${ACCEPT_ENCODING} was accepted`, ex.url.href, 'connection');
  try {
    return { ...answer, body: decoder(answer.body, ex.maxBytes) };
  } catch (err) {
    if ((err as NodeError).code === 'ERR_BUFFER_TOO_LARGE') throw new HttpError(`${what}: response body exceeds the ${ex.maxBytes}-byte limit once decoded`, ex.url.href, 'too-large');
    throw new HttpError(`${what}: the ${encoding} body does not decode (${describe(err)})`, ex.url.href, 'connection');
  }
}

export function exchange(ex: Exchange, limits: ExchangeLimits): Promise<Answer> {
  const what = describeRequest(ex);
  return new Promise<Answer>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      clearTimeout(timer);
      limits.deadline.removeEventListener('abort', onDeadline);
      return true;
    };
    // Destroying the request closes its socket: a half-read answer must not go back to the pool.
    const fail = (err: HttpError): void => {
      if (!settle()) return;
      outgoing.destroy();
      reject(err);
    };
    const timedOut = (why: string) => fail(new HttpError(`${what}: timed out (${why})`, ex.url.href, 'timeout'));
    const arm = (ms: number, why: string): void => {
      clearTimeout(timer);
      timer = setTimeout(() => timedOut(why), ms);
    };
    const onDeadline = () => timedOut('the request took longer than its deadline');
    const headers = ex.body === undefined ? ex.headers : { ...ex.headers, 'content-length': String(Buffer.byteLength(ex.body)) };
    const send = ex.url.protocol === 'https:' ? httpsRequest : httpRequest;
    const outgoing: ClientRequest = send(ex.url, { method: ex.method, headers, agent: ex.agent });

    outgoing.on('socket', (socket) => {
      if (!socket.connecting) return arm(limits.readTimeoutMs, `no answer within ${limits.readTimeoutMs} ms`);
      arm(limits.connectTimeoutMs, `no connection within ${limits.connectTimeoutMs} ms`);
      socket.once(ex.url.protocol === 'https:' ? 'secureConnect' : 'connect', () => arm(limits.readTimeoutMs, `no answer within ${limits.readTimeoutMs} ms`));
    });
    outgoing.on('error', (err) => fail(connectionError(ex, err)));
    outgoing.on('response', (res: IncomingMessage) => onResponse(res));
    if (limits.deadline.aborted) return onDeadline();
    limits.deadline.addEventListener('abort', onDeadline);
    outgoing.end(ex.body);

    function onResponse(res: IncomingMessage): void {
      const stalled = `the body stalled for ${limits.readTimeoutMs} ms`;
      arm(limits.readTimeoutMs, stalled);
      const declared = Number(res.headers['content-length'] ?? '0');
      if (ex.method !== 'HEAD' && declared > ex.maxBytes) {
        return fail(new HttpError(`${what}: response of ${declared} bytes exceeds the ${ex.maxBytes}-byte limit`, ex.url.href, 'too-large'));
      }
      const chunks: Buffer[] = [];
      let total = 0;
      res.on('data', (chunk: Buffer) => {
        total += chunk.byteLength;
        if (total > ex.maxBytes) return fail(new HttpError(`${what}: response body exceeds the ${ex.maxBytes}-byte limit`, ex.url.href, 'too-large'));
        chunks.push(chunk);
        arm(limits.readTimeoutMs, stalled);
      });
      res.on('error', (err) => fail(new HttpError(`${what}: connection failed while reading the body (${describe(err)})`, ex.url.href, 'connection')));
      res.on('close', () => {
        if (!res.complete) fail(new HttpError(`${what}: connection closed before the body ended`, ex.url.href, 'connection'));
      });
      res.on('end', () => {
        if (!settle()) return;
        try {
          resolve(decode({ status: res.statusCode ?? 0, headers: headerView(res.headers), body: Buffer.concat(chunks) }, ex));
        } catch (err) {
          reject(err);
        }
      });
    }
  });
}
