import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import type { HttpTimeouts } from './http-timeouts.js';

/**
 * What every SDK client crossline creates is configured with: one account, one region.
 * Business logic receives narrow interfaces built from this, never `new XClient()` itself.
 */
export interface AwsClientConfig {
  readonly region: string;
  readonly credentials?: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** AWS_ENDPOINT_URL / --endpoint-url (tests point this at moto on 127.0.0.1). */
  readonly endpoint?: string;
  readonly maxAttempts?: number;
  /** Per-request connection and inactivity bounds ({@link HttpTimeouts}). */
  readonly requestHandler?: HttpTimeouts;
}
