/**
 * An HTTP request that got no usable answer. `kind` decides what happens next:
 * the registry client retries only 'connection' (registry/http.ts). A
 * certificate that does not verify is its own kind: it will not verify on the
 * next try either.
 */
type HttpErrorKind = 'timeout' | 'connection' | 'certificate' | 'too-large' | 'rate-limited' | 'redirect';

export class HttpError extends Error {
  constructor(
    message: string,
    readonly url: string,
    readonly kind: HttpErrorKind,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}
