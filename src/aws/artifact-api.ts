/**
 * The artifact store beyond CloudFormation: `deploy` uploads templates too large to send inline,
 * and `destroy --including-artifacts` removes the bucket and key, which their stack retains
 * (DeletionPolicy: Retain).
 */
import { DeleteAliasCommand, KMSClient, ScheduleKeyDeletionCommand } from '@aws-sdk/client-kms';
import {
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectVersionsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { dnsSuffix, partitionOf } from '../model/index.js';
import { errorName } from './sdk-errors.js';
import { orUndefinedOn, s3ClientConfig, sessionCall, type ApiSession } from './api-session.js';

export interface TemplateUpload {
  readonly bucket: string;
  readonly key: string;
  readonly body: string;
  /** The artifact key: the bucket policy refuses uploads not encrypted with KMS. */
  readonly kmsKeyId: string;
}

export interface ArtifactStoreApi {
  /** Stores a template (SSE-KMS) and returns the URL CloudFormation takes as TemplateURL. */
  uploadTemplate(upload: TemplateUpload): Promise<string>;
  /** Deletes every object version and delete marker, then the bucket. false when it did not exist. */
  deleteBucket(bucket: string): Promise<boolean>;
  /** Deletes the alias and schedules the key for deletion after `pendingDays` (7–30). */
  retireKey(keyId: string, alias: string | undefined, pendingDays?: number): Promise<void>;
}

export function createArtifactStoreApi(session: ApiSession): ArtifactStoreApi {
  const s3 = new S3Client(s3ClientConfig(session.config));
  const kms = new KMSClient(session.config);
  const call = sessionCall(session);
  return {
    async uploadTemplate(u) {
      // PutObject of the same bytes under the same key is idempotent: plain retries are safe.
      await call('s3:PutObject', () =>
        s3.send(
          new PutObjectCommand({
            Bucket: u.bucket,
            Key: u.key,
            Body: u.body,
            ContentType: 'application/json',
            ServerSideEncryption: 'aws:kms',
            SSEKMSKeyId: u.kmsKeyId,
          }),
        ),
      );
      return templateUrl(u.bucket, u.key, session.config.region, session.config.endpoint);
    },
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
        await orUndefinedOn(
          call('kms:DeleteAlias', () => kms.send(new DeleteAliasCommand({ AliasName: alias }))),
          'NotFoundException',
        );
      }
      // By bare key id: AWS takes the ARN too, moto_server does not. Already pending deletion
      // (KMSInvalidStateException), or gone: the goal is reached.
      await orUndefinedOn(
        call('kms:ScheduleKeyDeletion', () =>
          kms.send(
            new ScheduleKeyDeletionCommand({
              KeyId: keyIdOf(keyId),
              PendingWindowInDays: pendingDays,
            }),
          ),
        ),
        'KMSInvalidStateException',
        'NotFoundException',
      );
    },
  };
}

/** `arn:aws:kms:r:a:key/<id>` → `<id>`; anything else unchanged. */
export function keyIdOf(keyArnOrId: string): string {
  const m = /^arn:[^:]+:kms:[^:]*:\d{12}:key\/(.+)$/.exec(keyArnOrId);
  return m ? m[1] : keyArnOrId;
}

/**
 * Where CloudFormation fetches an uploaded template: the bucket's virtual-hosted regional URL in
 * the region's partition, or path style on an endpoint override (emulators have no bucket DNS).
 */
export function templateUrl(
  bucket: string,
  key: string,
  region: string,
  endpoint?: string,
): string {
  const path = key.split('/').map(encodeURIComponent).join('/');
  if (endpoint !== undefined) return `${endpoint.replace(/\/+$/, '')}/${bucket}/${path}`;
  return `https://${bucket}.s3.${region}.${dnsSuffix(partitionOf(region) ?? 'aws')}/${path}`;
}
