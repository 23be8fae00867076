import { classifyError, errorName, type ErrorClass } from './sdk-errors.js';

/**
 * Retries with capped exponential backoff and full jitter (delay = random × min(cap, base × 2^n)),
 * on throttling, 5xx and network errors. An expired session is refreshed (through `onExpired`)
 * and retried at once. Sleep and randomness are injected so tests run in milliseconds.
 */
export interface RetryOptions {
  /** Total attempts including the first. Default 8. */
  readonly maxAttempts?: number;
  /** First backoff step in ms. Default 200. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts in ms. Default 20 000. */
  readonly maxDelayMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told before each retry (for debug messages; never gets credentials). */
  readonly onRetry?: (info: RetryInfo) => void;
}

export interface RetryInfo {
  readonly operation: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly reason: ErrorClass;
  readonly error: string;
}

export const realSleep = (ms: number): Promise<void> =>
  new Promise((resolve) => setTimeout(resolve, ms));

export function backoffDelay(attempt: number, options: RetryOptions = {}): number {
  const base = options.baseDelayMs ?? 200;
  const cap = options.maxDelayMs ?? 20_000;
  const random = options.random ?? Math.random;
  return Math.round(random() * Math.min(cap, base * 2 ** (attempt - 1)));
}

/**
 * Runs `fn(attempt)` until it succeeds or fails with an error that is not worth retrying.
 * `attempt` starts at 1, so an operation can tell a retry (e.g. "already exists" after a
 * dropped answer means our own first attempt went through).
 */
export async function withRetry<T>(
  operation: string,
  fn: (attempt: number) => Promise<T>,
  options: RetryOptions & { readonly onExpired?: () => void } = {},
): Promise<T> {
  const max = options.maxAttempts ?? 8;
  const sleep = options.sleep ?? realSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      const reason = classifyError(e);
      if (reason === 'other' || attempt >= max) throw e;
      if (reason === 'expired') {
        if (options.onExpired === undefined) throw e;
        options.onExpired();
        options.onRetry?.({ operation, attempt, delayMs: 0, reason, error: errorName(e) });
        continue;
      }
      const delayMs = backoffDelay(attempt, options);
      options.onRetry?.({ operation, attempt, delayMs, reason, error: errorName(e) });
      await sleep(delayMs);
    }
  }
}
