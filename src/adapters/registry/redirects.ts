/**
 * Redirects, followed as fetch's `redirect: 'follow'` follows them. Registries
 * send blob and manifest GETs to storage on another host (S3, a CDN) with a
 * signed URL of its own: the registry's credentials must not travel there, so
 * a hop to another origin drops them, as browsers and fetch do.
 */
import { HttpError } from '../http/error';

/** Go's HTTP client, and so Podman, gives up after 10 redirects. */
export const MAX_REDIRECTS = 10;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
/** Credentials meant for the origin they were sent to. */
const ORIGIN_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);
/** Headers that describe a request body, dropped with it. */
const BODY_HEADERS = new Set(['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);

export interface Hop {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
}

function without(headers: Record<string, string>, names: Set<string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.has(name.toLowerCase())));
}

/**
 * The request a redirect answer asks for next; undefined when the answer is not
 * a redirect, or has no Location (then it is the response, as with fetch).
 */
export function nextHop(hop: Hop, status: number, location: string | null): Hop | undefined {
  if (!REDIRECT_STATUSES.has(status) || location === null) return undefined;
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    throw new HttpError(`${hop.method} ${hop.url.href}: redirected to an invalid location ${JSON.stringify(location.slice(0, 200))}`, hop.url.href, 'redirect');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HttpError(`${hop.method} ${hop.url.href}: redirected to ${url.protocol} (only http and https are followed)`, hop.url.href, 'redirect');
  }
  // As fetch: 303 turns anything but HEAD into a GET, 301 and 302 turn a POST into one; the body goes.
  const toGet = (status === 303 && hop.method !== 'GET' && hop.method !== 'HEAD') || ((status === 301 || status === 302) && hop.method === 'POST');
  let headers = toGet ? without(hop.headers, BODY_HEADERS) : hop.headers;
  if (url.origin !== hop.url.origin) headers = without(headers, ORIGIN_HEADERS);
  return { method: toGet ? 'GET' : hop.method, url, headers, body: toGet ? undefined : hop.body };
}
