/**
 * What every narrow API of this module needs from a session, and the one way they call AWS:
 * each request is named `service:Operation`, retried as the session's retry settings say, and
 * refreshes the session's credentials after an expired-token error.
 */
import type { AccountSession } from './credentials.js';
import { withRetry } from './retry.js';
import { errorName } from './sdk-errors.js';
import type { AwsClientConfig } from './types.js';

export type ApiSession = Pick<AccountSession, 'config' | 'expire' | 'retry'>;

/**
 * `call(op, fn)` for one API object; `service` prefixes `op` (none: `op` names the service).
 * `fn` gets the session's abort signal, if any, for the SDK's `send(command, { abortSignal })`.
 */
export type SessionCall = <T>(
  op: string,
  fn: (attempt: number, signal?: AbortSignal) => Promise<T>,
) => Promise<T>;

/** The SDK's `send` options for a call's signal (none without one). */
export function sendOptions(signal: AbortSignal | undefined): { abortSignal?: AbortSignal } {
  return signal === undefined ? {} : { abortSignal: signal };
}

export function sessionCall(session: ApiSession, service?: string): SessionCall {
  return (op, fn) =>
    withRetry(service === undefined ? op : `${service}:${op}`, fn, {
      ...session.retry,
      onExpired: session.expire,
    });
}

/**
 * A service's SDK client on the session's config and `call` for its requests (prefixed
 * `service:`): how every API object of this module starts.
 */
export function sessionClient<C>(
  session: ApiSession,
  service: string,
  Client: new (config: AwsClientConfig) => C,
): { client: C; call: SessionCall } {
  const config = service === 's3' ? s3ClientConfig(session.config) : session.config;
  return { client: new Client(config), call: sessionCall(session, service) };
}

/**
 * `request`'s answer, or `undefined` when AWS answers with one of `expected`: the error names
 * the caller expects (there is no such thing, or it is done already). Any other is thrown.
 */
export async function orUndefinedOn<T>(
  request: Promise<T>,
  ...expected: readonly string[]
): Promise<T | undefined> {
  try {
    return await request;
  } catch (e) {
    if (expected.includes(errorName(e))) return undefined;
    throw e;
  }
}

/** An S3 client's config: emulators on 127.0.0.1 have no per-bucket DNS names, so path-style there. */
export function s3ClientConfig(config: AwsClientConfig): AwsClientConfig & {
  forcePathStyle: boolean;
} {
  return { ...config, forcePathStyle: config.endpoint !== undefined };
}

/**
 * Every item of a paged list request: `page(token)` fetches one page (no token: the first) and
 * returns its items and the token of the next page (none: it was the last).
 */
export async function allPages<T>(
  page: (
    token: string | undefined,
  ) => Promise<{ items?: readonly T[] | undefined; next?: string | undefined }>,
): Promise<T[]> {
  const all: T[] = [];
  let token: string | undefined;
  do {
    const p = await page(token);
    all.push(...(p.items ?? []));
    token = p.next;
  } while (token);
  return all;
}
