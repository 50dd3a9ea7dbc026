// The outcome of a check that can fail with a message for the user, where the
// caller gathers the messages (every config issue at once) instead of stopping
// at the first. A failure that should stop the run is a typed Error instead.
export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function failed<T = never>(error: string): Result<T> {
  return { ok: false, error };
}
