/**
 * A counting semaphore: at most `size` of the wrapped calls run at once.
 * Pure promise plumbing — no timers — so the core can bound concurrency.
 */
/** How many registry requests run at once unless asked otherwise. */
export const DEFAULT_CONCURRENCY = 8;

export type Limiter = <T>(task: () => Promise<T>) => Promise<T>;

export function createLimiter(size: number): Limiter {
  if (!Number.isInteger(size) || size < 1) throw new Error(`concurrency must be a whole number of at least 1, not ${size}`);
  let running = 0;
  const waiting: Array<() => void> = [];
  const release = (): void => {
    running--;
    waiting.shift()?.();
  };
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= size) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      release();
    }
  };
}
