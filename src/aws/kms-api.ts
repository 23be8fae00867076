import { sessionClient, orUndefinedOn, type ApiSession } from './api-session.js';

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

export async function createKmsReadApi(session: ApiSession): Promise<KmsReadApi> {
  const sdk = await import('@aws-sdk/client-kms');
  const { client: kms, call } = sessionClient(session, 'kms', sdk.KMSClient);
  return {
    async readKey(reference) {
      const described = await orUndefinedOn(
        call('DescribeKey', () => kms.send(new sdk.DescribeKeyCommand({ KeyId: reference }))),
        'NotFoundException',
      );
      const meta = described?.KeyMetadata;
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
