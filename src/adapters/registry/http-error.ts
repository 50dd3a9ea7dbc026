/**
 * A registry request that got no usable answer. `kind` decides what happens
 * next: only 'connection' is retried (see http.ts).
 */
export type HttpErrorKind = 'timeout' | 'connection' | 'too-large' | 'rate-limited' | 'redirect';

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
