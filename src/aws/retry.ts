import { CrosslineError } from '../errors/index.js';
import type { RetryPayload } from '../io/index.js';
import {
  callErrorHint,
  classifyError,
  describeCallError,
  errorName,
  httpStatus,
  httpTimedOut,
  networkCode,
  unparsedAnswer,
  type ErrorClass,
} from './sdk-errors.js';

/**
 * Retries with capped exponential backoff and full jitter (delay = random × min(cap, base × 2^n)),
 * on throttling, 5xx and network errors. An expired session is refreshed (through `onExpired`)
 * and retried at once. Sleep and randomness are injected so tests run in milliseconds.
 *
 * Bounded twice: at most `maxAttempts` tries and at most `totalTimeoutMs` of wall-clock time per
 * call (default 20 s), so an endpoint that keeps failing gives an answer in bounded time. The
 * SDK clients are built with `maxAttempts: 1`, so these are the only retries.
 */
export interface RetryOptions {
  /** Total attempts including the first. Default 8. */
  readonly maxAttempts?: number;
  /** First backoff step in ms. Default 200. */
  readonly baseDelayMs?: number;
  /** Longest wait between attempts in ms. Default 20 000. */
  readonly maxDelayMs?: number;
  /** Attempts when the endpoint fails (5xx, network) rather than throttles. Default 4. */
  readonly maxFailedAttempts?: number;
  /** Longest wall-clock time for one call, retries included, in ms. Default 20 000. */
  readonly totalTimeoutMs?: number;
  /** The endpoint the clients use when it is not AWS's (named in error messages). */
  readonly endpoint?: string;
  /**
   * Ends the call when it fires (e.g. `watch --timeout`): the attempt in flight is aborted
   * (`fn` gets the signal for the SDK's `abortSignal`), the wait before a retry is cut, and
   * the call rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  /** Told before each retry (for debug messages; never gets credentials). */
  readonly onRetry?: (info: RetryInfo) => void;
}

/** The `*.retry` message's data, with the error class it was retried for. */
export interface RetryInfo extends RetryPayload {
  readonly reason: ErrorClass;
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
  fn: (attempt: number, signal?: AbortSignal) => Promise<T>,
  options: RetryOptions & { readonly onExpired?: () => void } = {},
): Promise<T> {
  const max = options.maxAttempts ?? 8;
  // A 5xx or network failure that repeats is rarely throttling in disguise: give up sooner.
  const maxUnanswered = Math.min(max, options.maxFailedAttempts ?? 4);
  const sleep = options.sleep ?? realSleep;
  const now = options.now ?? Date.now;
  const deadline = now() + (options.totalTimeoutMs ?? 20_000);
  const signal = options.signal;
  for (let attempt = 1; ; attempt++) {
    try {
      if (signal === undefined) return await fn(attempt);
      if (signal.aborted) throw abortReason(signal, operation);
      return await untilAborted(fn(attempt, signal), signal, operation);
    } catch (e) {
      if (signal?.aborted === true) throw abortReason(signal, operation);
      if (e instanceof CrosslineError) throw e;
      const reason = classifyError(e);
      if (reason === 'other') throw readable(operation, e, options.endpoint, attempt);
      const limit = reason === 'transient' || reason === 'network' ? maxUnanswered : max;
      if (attempt >= limit) throw readable(operation, e, options.endpoint, attempt);
      if (reason === 'expired') {
        if (options.onExpired === undefined) throw e;
        options.onExpired();
        options.onRetry?.({ operation, attempt, delayMs: 0, reason, error: errorName(e) });
        continue;
      }
      const delayMs = backoffDelay(attempt, options);
      if (now() + delayMs >= deadline) throw readable(operation, e, options.endpoint, attempt);
      options.onRetry?.({ operation, attempt, delayMs, reason, error: retryLabel(e) });
      await (signal === undefined
        ? sleep(delayMs)
        : untilAborted(sleep(delayMs), signal, operation));
    }
  }
}

/**
 * `work`, or the signal's reason as soon as it fires: a request the SDK does not abort (or
 * an injected sleep) must not hold the caller past it.
 */
export function untilAborted<T>(
  work: Promise<T>,
  signal: AbortSignal,
  operation: string,
): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal, operation));
  return new Promise<T>((resolve, reject) => {
    const stop = (): void => reject(abortReason(signal, operation));
    signal.addEventListener('abort', stop, { once: true });
    void work.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}

function abortReason(signal: AbortSignal, operation: string): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.name !== 'TimeoutError')
    return reason;
  return new CrosslineError(
    'AwsRequestFailed',
    'external',
    `${operation}: stopped before an answer`,
    {
      cause: reason,
    },
  );
}

/** An answer the SDK could not parse is named by its HTTP status (its error name is `Unknown`). */
function retryLabel(e: unknown): string {
  if (httpTimedOut(e)) return 'no answer in time';
  const status = httpStatus(e);
  return status === undefined || !unparsedAnswer(e) ? errorName(e) : `HTTP ${status}`;
}

/**
 * A failure the SDK could not even parse (an HTML page, a refused connection, no answer in
 * time) is worded by us;
 * any other AWS error keeps its own name and message for the caller to inspect.
 */
function readable(
  operation: string,
  e: unknown,
  endpoint: string | undefined,
  attempts: number,
): unknown {
  if (!unparsedAnswer(e) && networkCode(e) === undefined && !httpTimedOut(e)) return e;
  return gaveUp(operation, e, endpoint, attempts);
}

function gaveUp(
  operation: string,
  e: unknown,
  endpoint: string | undefined,
  attempts: number,
): CrosslineError {
  const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const hint = callErrorHint(e, endpoint);
  return new CrosslineError(
    'AwsRequestFailed',
    'external',
    `${describeCallError(operation, e, endpoint)}${tries}`,
    { ...(hint === undefined ? {} : { hint }), cause: e, details: { operation, attempts } },
  );
}
