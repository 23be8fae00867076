/**
 * What `destroy --including-artifacts` needs beyond CloudFormation: the artifact bucket and
 * key are retained by their stack (DeletionPolicy: Retain), so they are removed here.
 */
import { DeleteAliasCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { AccountSession } from './credentials.js';
import { withRetry } from './retry.js';
import { errorName } from './sdk-errors.js';

export interface ArtifactStoreApi {
  /** Deletes every object version and delete marker, then the bucket. false when it did not exist. */
  deleteBucket(bucket: string): Promise<boolean>;
  /** Deletes the alias and schedules the key for deletion after `pendingDays` (7–30). */
  retireKey(keyId: string, alias: string | undefined, pendingDays?: number): Promise<void>;
}

export function createArtifactStoreApi(
  session: Pick<AccountSession, 'config' | 'expire' | 'retry'>,
): ArtifactStoreApi {
  const s3 = new S3Client({
    ...session.config,
    forcePathStyle: session.config.endpoint !== undefined,
  });
  const kms = new KMSClient(session.config);
  const call = <T>(op: string, fn: () => Promise<T>): Promise<T> =>
    withRetry(op, fn, { ...session.retry, onExpired: session.expire });
  return {
    async deleteBucket(bucket) {
      try {
        for (;;) {
          const page = await call('s3:ListObjectVersions', () =>
            s3.send(new ListObjectVersionsCommand({ Bucket: bucket })),
          );
          const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
            Key: v.Key ?? '',
            VersionId: v.VersionId,
          }));
          if (objects.length === 0) break;
          await call('s3:DeleteObjects', () =>
            s3.send(
              new DeleteObjectsCommand({
                Bucket: bucket,
                Delete: { Objects: objects, Quiet: true },
              }),
            ),
          );
        }
        await call('s3:DeleteBucket', () => s3.send(new DeleteBucketCommand({ Bucket: bucket })));
        return true;
      } catch (e) {
        if (errorName(e) === 'NoSuchBucket') return false;
        throw e;
      }
    },
    async retireKey(keyId, alias, pendingDays = 7) {
      if (alias !== undefined) {
        try {
          await call('kms:DeleteAlias', () =>
            kms.send(new DeleteAliasCommand({ AliasName: alias })),
          );
        } catch (e) {
          if (errorName(e) !== 'NotFoundException') throw e;
        }
      }
      try {
        // By bare key id: AWS takes the ARN too, moto_server does not.
        await call('kms:ScheduleKeyDeletion', () =>
          kms.send(
            new ScheduleKeyDeletionCommand({
              KeyId: keyIdOf(keyId),
              PendingWindowInDays: pendingDays,
            }),
          ),
        );
      } catch (e) {
        // Already pending deletion, or gone: the goal is reached.
        if (errorName(e) !== 'KMSInvalidStateException' && errorName(e) !== 'NotFoundException')
          throw e;
      }
    },
  };
}

/** `arn:aws:kms:r:a:key/<id>` → `<id>`; anything else unchanged. */
export function keyIdOf(keyArnOrId: string): string {
  const m = /^arn:[^:]+:kms:[^:]*:\d{12}:key\/(.+)$/.exec(keyArnOrId);
  return m ? m[1] : keyArnOrId;
}
