import { errorName } from './sdk-errors.js';
import { sessionClient, orUndefinedOn, type ApiSession } from './api-session.js';

export interface BucketEncryption {
  /** `aws:kms`, `aws:kms:dsse` or `AES256`. */
  readonly algorithm: string;
  readonly kmsKeyId?: string | undefined;
  readonly bucketKeyEnabled?: boolean | undefined;
}

/** The artifact bucket as doctor reads it. `null`: the bucket has none. */
export interface LiveBucket {
  readonly name: string;
  readonly exists: boolean;
  readonly policy: unknown;
  readonly encryption: BucketEncryption | null;
}

/** Read-only S3, for `doctor`. */
export interface S3ReadApi {
  readBucket(name: string): Promise<LiveBucket>;
}

export async function createS3ReadApi(session: ApiSession): Promise<S3ReadApi> {
  const sdk = await import('@aws-sdk/client-s3');
  const { client: s3, call } = sessionClient(session, 's3', sdk.S3Client);
  const absent = (e: unknown, ...names: string[]): boolean => names.includes(errorName(e));
  return {
    async readBucket(name) {
      let policy: unknown = null;
      try {
        const out = await call('GetBucketPolicy', () =>
          s3.send(new sdk.GetBucketPolicyCommand({ Bucket: name })),
        );
        policy = out.Policy ? (JSON.parse(out.Policy) as unknown) : null;
      } catch (e) {
        if (absent(e, 'NoSuchBucket'))
          return { name, exists: false, policy: null, encryption: null };
        if (!absent(e, 'NoSuchBucketPolicy')) throw e;
      }
      const out = await orUndefinedOn(
        call('GetBucketEncryption', () =>
          s3.send(new sdk.GetBucketEncryptionCommand({ Bucket: name })),
        ),
        'ServerSideEncryptionConfigurationNotFoundError',
      );
      const rule = out?.ServerSideEncryptionConfiguration?.Rules?.[0];
      const d = rule?.ApplyServerSideEncryptionByDefault;
      const encryption: BucketEncryption | null = d?.SSEAlgorithm
        ? {
            algorithm: d.SSEAlgorithm,
            ...(d.KMSMasterKeyID ? { kmsKeyId: d.KMSMasterKeyID } : {}),
            ...(rule?.BucketKeyEnabled !== undefined
              ? { bucketKeyEnabled: rule.BucketKeyEnabled }
              : {}),
          }
        : null;
      return { name, exists: true, policy, encryption };
    },
  };
}
