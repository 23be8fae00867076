import type { AwsClientConfig } from './types.js';

/**
 * How long one HTTP request may wait: 5 s for the connection, then 7 s without a byte from the
 * endpoint (an inactivity bound, so an upload that keeps sending is not cut; the handler starts
 * counting up to 3 s after the request, so a silent attempt ends within 10 s). The SDK sets
 * neither by default, and an endpoint that took a request and never answered held a command
 * forever; now two silent attempts fit the 20 s budget of one call (retry.ts). Passed as every
 * client's `requestHandler` (options of @smithy/node-http-handler).
 */
export const HTTP_TIMEOUTS = { connectionTimeout: 5_000, socketTimeout: 7_000 } as const;

export type HttpTimeouts = typeof HTTP_TIMEOUTS;

/**
 * The config of an SDK client crossline creates: one attempt per request (`withRetry` does the
 * retrying, retry.ts), the timeouts above, and the endpoint only when one is set.
 */
export function clientConfig(
  region: string,
  credentials: AwsClientConfig['credentials'],
  endpoint: string | undefined,
): AwsClientConfig {
  return {
    region,
    ...(credentials === undefined ? {} : { credentials }),
    maxAttempts: 1,
    requestHandler: HTTP_TIMEOUTS,
    ...(endpoint ? { endpoint } : {}),
  };
}
