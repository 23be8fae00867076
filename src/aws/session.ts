import type { AwsCredentialIdentity } from '@smithy/types';

/**
 * A credential provider that refreshes itself before the session expires (and on demand when
 * AWS says the token expired). Concurrent callers share one refresh. Marked `memoized` so the
 * SDK uses it as is instead of wrapping it in its own cache, which could not be invalidated.
 */
export interface RefreshingCredentials {
  (): Promise<AwsCredentialIdentity>;
  readonly memoized: true;
  /** Forget the cached session: the next call fetches a new one. */
  invalidate(): void;
  /** How many sessions were fetched (for tests and debug output). */
  readonly fetches: number;
}

export interface RefreshOptions {
  /** Refresh this long before `expiration`. Default 5 minutes (what the SDK does). */
  readonly refreshBeforeMs?: number;
  readonly now?: () => number;
}

export function refreshingCredentials(
  fetch: () => Promise<AwsCredentialIdentity>,
  options: RefreshOptions = {},
): RefreshingCredentials {
  const window = options.refreshBeforeMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let current: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  let fetches = 0;

  const fresh = (c: AwsCredentialIdentity): boolean =>
    c.expiration === undefined || c.expiration.getTime() - now() > window;

  const provider = (async () => {
    if (current !== undefined && fresh(current)) return current;
    pending ??= fetch()
      .then((c) => {
        fetches += 1;
        current = c;
        return c;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  }) as RefreshingCredentials;
  Object.defineProperty(provider, 'memoized', { value: true });
  Object.defineProperty(provider, 'fetches', { get: () => fetches });
  (provider as { invalidate: () => void }).invalidate = () => {
    current = undefined;
  };
  return provider;
}
