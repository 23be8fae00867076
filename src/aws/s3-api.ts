import type { S3Client } from '@aws-sdk/client-s3';
import { errorName } from './sdk-errors.js';
import { s3ClientConfig, sessionCall, type ApiSession } from './api-session.js';

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
  const s3: S3Client = new sdk.S3Client(s3ClientConfig(session.config));
  const call = sessionCall(session, 's3');
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
      let encryption: BucketEncryption | null = null;
      try {
        const out = await call('GetBucketEncryption', () =>
          s3.send(new sdk.GetBucketEncryptionCommand({ Bucket: name })),
        );
        const rule = out.ServerSideEncryptionConfiguration?.Rules?.[0];
        const d = rule?.ApplyServerSideEncryptionByDefault;
        if (d?.SSEAlgorithm) {
          encryption = {
            algorithm: d.SSEAlgorithm,
            ...(d.KMSMasterKeyID ? { kmsKeyId: d.KMSMasterKeyID } : {}),
            ...(rule?.BucketKeyEnabled !== undefined
              ? { bucketKeyEnabled: rule.BucketKeyEnabled }
              : {}),
          };
        }
      } catch (e) {
        if (!absent(e, 'ServerSideEncryptionConfigurationNotFoundError')) throw e;
      }
      return { name, exists: true, policy, encryption };
    },
  };
}
