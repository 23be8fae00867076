/**
 * How crossline reads AWS SDK errors: which ones are worth retrying, which mean the session
 * expired. Plain data in, verdict out, so the retry loop and the tests share one definition.
 */
import { HTTP_TIMEOUTS } from './http-timeouts.js';

interface SdkErrorShape {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
  readonly $metadata?: { readonly httpStatusCode?: number };
  readonly $response?: { readonly statusCode?: number };
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

/** What an HTTP status from an AWS endpoint means, in words a user can act on. */
export function statusMeaning(status: number): string {
  if (status === 400) return 'the endpoint rejected the request';
  if (status === 401 || status === 403)
    return 'access denied (the credentials are not valid for this endpoint, or lack the permission)';
  if (status === 404) return 'the endpoint does not serve this API';
  if (status === 429) return 'the endpoint is throttling requests';
  if (status === 502 || status === 503 || status === 504)
    return 'the endpoint is unavailable (a gateway or proxy in front of it failed)';
  if (status >= 500) return 'the endpoint had an internal error, or is not an AWS API';
  return 'unexpected answer';
}

/** The HTTP status the SDK saw, if any. */
export function httpStatus(e: unknown): number | undefined {
  const s = (e ?? {}) as SdkErrorShape;
  return s.$metadata?.httpStatusCode ?? s.$response?.statusCode;
}

/**
 * True when the SDK could not parse the answer (an HTML error page, a proxy's text): its own
 * message then talks about `$response` and JSON tokens, which says nothing to the user.
 */
export function unparsedAnswer(e: unknown): boolean {
  const s = (e ?? {}) as SdkErrorShape;
  const m = typeof s.message === 'string' ? s.message : '';
  return (
    s.name === 'SyntaxError' ||
    ((s.name === 'Unknown' || s.name === 'UnknownError') &&
      (m === '' || m === 'Unknown' || m === 'UnknownError')) ||
    m.includes('$response') ||
    m.includes('Deserialization error')
  );
}

/**
 * True when a request ran into one of our HTTP bounds (http-timeouts.ts): the SDK's handler
 * then fails with a `TimeoutError` whose message names its own options, not the endpoint.
 */
export function httpTimedOut(e: unknown): boolean {
  const s = (e ?? {}) as SdkErrorShape;
  return s.name === 'TimeoutError' && /node-http-handler/.test(s.message ?? '');
}

/** The code of a network failure (ECONNREFUSED…), looking through `cause`. */
export function networkCode(e: unknown): string | undefined {
  for (let x: unknown = e, i = 0; x !== undefined && x !== null && i < 4; i++) {
    const c = (x as { code?: unknown }).code;
    if (typeof c === 'string' && NETWORK.has(c)) return c;
    x = (x as { cause?: unknown }).cause;
  }
  return undefined;
}

const NETWORK_MEANING: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused (nothing listens at the endpoint)',
  ECONNRESET: 'the connection was reset',
  ETIMEDOUT: 'the connection timed out',
  EAI_AGAIN: 'the endpoint host name could not be resolved',
  EHOSTUNREACH: 'the endpoint host is unreachable',
  ENETUNREACH: 'the network is unreachable',
};

/**
 * The error in words: the SDK's message when it has one worth reading, else the HTTP status
 * and what it means. Never the SDK's hints about hidden fields.
 */
export function errorMessage(e: unknown): string {
  const s = (e ?? {}) as SdkErrorShape;
  const net = networkCode(e);
  if (net !== undefined) return NETWORK_MEANING[net] ?? `network error ${net}`;
  if (httpTimedOut(e)) {
    return /establish a connection/.test(s.message ?? '')
      ? `no connection within ${HTTP_TIMEOUTS.connectionTimeout / 1000} s (nothing answers at the endpoint)`
      : `no answer within ${HTTP_TIMEOUTS.socketTimeout / 1000} s (the endpoint took the request and went silent)`;
  }
  const status = httpStatus(e);
  if (unparsedAnswer(e)) {
    return status === undefined
      ? 'the endpoint sent an answer that is not an AWS API response'
      : `HTTP ${status}: ${statusMeaning(status)}`;
  }
  if (typeof s.message === 'string' && s.message !== '' && s.message !== 'UnknownError')
    return s.message;
  if (status !== undefined) return `HTTP ${status}: ${statusMeaning(status)}`;
  return errorName(e);
}

/** `CloudFormation DescribeStacks` from `cloudformation:DescribeStacks`. */
const SERVICE_NAMES: Readonly<Record<string, string>> = {
  cloudformation: 'CloudFormation',
  codepipeline: 'CodePipeline',
  codebuild: 'CodeBuild',
  sts: 'STS',
  iam: 'IAM',
  kms: 'KMS',
  s3: 'S3',
  ssm: 'SSM',
  events: 'EventBridge',
};

export function serviceCall(operation: string): string {
  const i = operation.indexOf(':');
  if (i < 0) return operation;
  const svc = operation.slice(0, i);
  return `${SERVICE_NAMES[svc] ?? svc} ${operation.slice(i + 1)}`;
}

/**
 * One line for a failed call: the service call, what went wrong, and the endpoint host when
 * one is set (a wrong endpoint is the usual cause of HTML answers and refused connections).
 */
export function describeCallError(operation: string, e: unknown, endpoint?: string): string {
  let host = '';
  if (endpoint !== undefined && endpoint !== '') {
    try {
      host = ` at ${new URL(endpoint).host}`;
    } catch {
      host = ` at ${endpoint}`;
    }
  }
  return `${serviceCall(operation)}${host} failed: ${errorMessage(e)}`;
}

/** A hint for a failed call, when the cause is the endpoint rather than the request. */
export function callErrorHint(e: unknown, endpoint?: string): string | undefined {
  const status = httpStatus(e);
  const custom = endpoint !== undefined && endpoint !== '';
  if (networkCode(e) !== undefined || httpTimedOut(e) || unparsedAnswer(e) || status === 404) {
    return custom
      ? 'check --endpoint-url / AWS_ENDPOINT_URL: it must point at an AWS-compatible API (e.g. moto_server)'
      : 'check the network and the AWS region';
  }
  if (status === 401 || status === 403)
    return 'check the credentials and that their role allows this request';
  return undefined;
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
  if (networkCode(e) !== undefined) return 'network';
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
