import { arn } from '../../model/arns.js';
import type { RowGenerator } from '../generator.js';
import { deny, OTHER_ADMIN_ROLE } from '../negative.js';
import type { Context } from '../rows.js';
import { SOURCES } from '../sources.js';
import { verifySourceModule } from '../sources/registry.js';
import { step } from '../step.js';
import type { AccessRow } from '../types.js';

/**
 * Transport and encryption: the bucket policy's denies, against principals that are allowed
 * everything otherwise (an administrator of the tools account, the source action's role).
 */
export const transportRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const toolsAdmin = ctx.admin(arn.role(t.partition, t.tools, OTHER_ADMIN_ROLE), t.tools);
  const sourceActor = t.sourceRole ?? t.pipelineRole;
  const noTls = { 'aws:SecureTransport': false };
  const row = (
    check: 'no-tls' | 'no-sse',
    principal: string,
    action: string,
    resource: string,
    context?: Context,
  ): AccessRow =>
    deny({
      step: step('negative', { check }),
      principal,
      action,
      resource,
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      ...(context === undefined ? {} : { context }),
      source: check === 'no-tls' ? SOURCES.s3Tls : SOURCES.s3SseKms,
    });
  return [
    row('no-tls', toolsAdmin, 's3:ListBucket', t.bucketArn, noTls),
    row('no-tls', toolsAdmin, 's3:GetObject', r.object('BuildArtif'), noTls),
    row('no-tls', sourceActor, 's3:PutObject', r.object('SourceArti'), { ...r.sseKms(), ...noTls }),
    row('no-sse', sourceActor, 's3:PutObject', r.object('SourceArti')),
    row('no-sse', sourceActor, 's3:PutObject', r.object('SourceArti'), {
      's3:x-amz-server-side-encryption': 'AES256',
    }),
    row('no-sse', toolsAdmin, 's3:PutObject', r.object('BuildArtif')),
  ];
};

/** What the source action's principal must not do to its source: the provider's rows. */
export const sourceNegativeRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  return verifySourceModule(t.sourceAction).negativeRows(
    ctx,
    t.sourceAction,
    t.sourceRole ?? t.pipelineRole,
  );
};
