/**
 * How crossline reads AWS SDK errors: which ones are worth retrying, which mean the session
 * expired. Plain data in, verdict out, so the retry loop and the tests share one definition.
 */

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $retryable?: { readonly throttling?: boolean };
}

const THROTTLING = new Set([
  'Throttling',
  'ThrottlingException',
  'ThrottledException',
  'RequestThrottledException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'SlowDown',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'BandwidthLimitExceeded',
]);

const TRANSIENT = new Set([
  'InternalFailure',
  'InternalError',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'RequestTimeout',
  'RequestTimeoutException',
  'TimeoutError',
  'IDPCommunicationError',
]);

const NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'TokenRefreshRequired']);

export type ErrorClass = 'throttling' | 'transient' | 'network' | 'expired' | 'other';

export function errorName(e: unknown): string {
  const s = (e ?? {}) as SdkErrorShape;
  return s.name ?? s.code ?? 'Error';
}

export function errorMessage(e: unknown): string {
  const s = (e ?? {}) as SdkErrorShape;
  return typeof s.message === 'string' && s.message !== '' ? s.message : errorName(e);
}

export function classifyError(e: unknown): ErrorClass {
  const s = (e ?? {}) as SdkErrorShape;
  const name = errorName(e);
  if (EXPIRED.has(name)) return 'expired';
  if (
    THROTTLING.has(name) ||
    s.$metadata?.httpStatusCode === 429 ||
    s.$retryable?.throttling === true
  )
    return 'throttling';
  if (s.code !== undefined && NETWORK.has(s.code)) return 'network';
  if (NETWORK.has(name) || /socket hang up|ECONNRESET|EPIPE|ECONNREFUSED/i.test(s.message ?? ''))
    return 'network';
  if (TRANSIENT.has(name)) return 'transient';
  const status = s.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return 'transient';
  return 'other';
}

export function isNotFound(e: unknown, ...names: string[]): boolean {
  const name = errorName(e);
  return names.includes(name);
}
