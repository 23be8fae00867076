import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';

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
}
