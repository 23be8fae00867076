import type { RowGenerator } from '../generator.js';
import { allow, artifactAccess, keyRows, type Actor } from '../positive.js';
import { verifySourceModule } from '../sources/registry.js';
import { SOURCES } from '../sources.js';
import { step } from '../step.js';

/**
 * The pipeline role itself reads and writes artifacts (the CDK grants it bucket read/write
 * and key encrypt/decrypt: aws-codepipeline/lib/pipeline.ts), and checks the artifact store:
 * versioning and region. Its documented minimum service-role policy grants these on the
 * bucket (it also lists GetBucketAcl, which crossline does not grant; see docs/verify.md).
 */
export const pipelineRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const who: Actor = { phase: 'pipeline', principal: t.pipelineRole };
  return [
    ...artifactAccess(ctx, who, 'BuildArtif', SOURCES.pipelineServiceRole),
    ...['s3:GetBucketLocation', 's3:GetBucketVersioning'].map((action) =>
      allow({
        step: step('pipeline', { verb: 'inspect' }),
        principal: t.pipelineRole,
        action,
        resource: t.bucketArn,
        resourceAccount: t.tools,
        resourcePolicy: r.bucketPolicy,
        source: SOURCES.pipelineServiceRolePolicy,
      }),
    ),
  ];
};

/**
 * The pipeline assumes the source role, which reads the source (the provider's rows) and
 * uploads the source artifact, encrypted with the artifact key.
 */
export const sourceRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const who: Actor = { phase: 'source', principal: t.sourceRole ?? t.pipelineRole };
  const write = {
    step: step('source', { verb: 'write' }),
    principal: who.principal,
    resource: r.object('SourceArti'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
  };
  return [
    ...(t.sourceRole === undefined
      ? []
      : [
          allow({
            step: step('source', { verb: 'assume' }),
            principal: t.pipelineRole,
            action: 'sts:AssumeRole',
            resource: t.sourceRole,
            resourcePolicy: r.trust(t.sourceRole),
            source: SOURCES.pipelineCrossAccount,
          }),
        ]),
    ...verifySourceModule(t.sourceAction).accessRows(ctx, t.sourceAction, who.principal),
    allow({
      ...write,
      action: 's3:PutObject',
      context: r.sseKms(),
      source: SOURCES.pipelineCrossAccount,
    }),
    // The artifact is written for the bucket owner (x-amz-acl: bucket-owner-full-control),
    // which S3 authorizes as s3:PutObjectAcl too; the CDK's cross-account source role gets it.
    allow({
      ...write,
      action: 's3:PutObjectAcl',
      context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
      source: SOURCES.s3PutObjectAcl,
    }),
    ...keyRows(ctx, who, 'write', ['kms:GenerateDataKey', 'kms:Decrypt'], SOURCES.s3SseKms),
  ];
};
