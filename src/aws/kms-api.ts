import type { KMSClient } from '@aws-sdk/client-kms';
import type { AccountSession } from './credentials.js';
import { withRetry } from './retry.js';
import { errorName } from './sdk-errors.js';

export interface LiveKey {
  readonly arn: string;
  readonly keyId: string;
  /** `CUSTOMER` or `AWS` (an AWS managed key such as aws/s3 cannot be shared across accounts). */
  readonly manager?: string | undefined;
  readonly policy: unknown;
}

/** Read-only KMS, for `doctor`. */
export interface KmsReadApi {
  /** A key by id, key ARN, alias name or alias ARN; undefined when none matches. */
  readKey(reference: string): Promise<LiveKey | undefined>;
}

type Session = Pick<AccountSession, 'config' | 'expire' | 'retry'>;

export async function createKmsReadApi(session: Session): Promise<KmsReadApi> {
  const sdk = await import('@aws-sdk/client-kms');
  const kms: KMSClient = new sdk.KMSClient(session.config);
  const call = <T>(op: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(`kms:${op}`, fn, { ...session.retry, onExpired: session.expire });
  return {
    async readKey(reference) {
      let meta;
      try {
        meta = (
          await call('DescribeKey', () =>
            kms.send(new sdk.DescribeKeyCommand({ KeyId: reference })),
          )
        ).KeyMetadata;
      } catch (e) {
        if (errorName(e) === 'NotFoundException') return undefined;
        throw e;
      }
      if (!meta?.Arn || !meta.KeyId) return undefined;
      const keyId = meta.KeyId;
      const out = await call('GetKeyPolicy', () =>
        kms.send(new sdk.GetKeyPolicyCommand({ KeyId: keyId, PolicyName: 'default' })),
      );
      return {
        arn: meta.Arn,
        keyId,
        manager: meta.KeyManager,
        policy: out.Policy ? (JSON.parse(out.Policy) as unknown) : undefined,
      };
    },
  };
}
