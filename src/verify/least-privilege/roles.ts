import { arn, withArnParts } from '../../model/arns.js';
import type { RowGenerator } from '../generator.js';
import {
  actionRoles,
  artifactScope,
  KEY_WRITES,
  other,
  otherBucket,
  resourceScope,
} from '../least-privilege.js';
import { deny, OUTSIDER_ACCOUNT } from '../negative.js';
import { roleName } from '../rows.js';
import { stepTargets } from '../positive.js';
import { SOURCES } from '../sources.js';
import { step, targetScope } from '../step.js';
import type { AccessRow } from '../types.js';

const scope = (verb: string) => step('negative', { check: 'scope', verb });

/**
 * What every role that touches artifacts is refused: reading artifacts out of scope, rewriting
 * the bucket policy, and `otherBucketAction` on another account's bucket.
 */
function bucketScope(
  ctx: Parameters<RowGenerator>[0],
  s: { step: ReturnType<typeof scope>; principal: string },
  otherBucketAction: string,
): AccessRow[] {
  return [
    ...artifactScope(ctx, s.step, s.principal, 's3:GetObject', 'kms:Decrypt'),
    deny({
      ...s,
      action: 's3:PutBucketPolicy',
      resource: ctx.t.bucketArn,
      layer: 'identity',
      source: SOURCES.s3Tls,
    }),
    deny({
      ...s,
      action: otherBucketAction,
      resource: otherBucket(ctx),
      layer: 'identity',
      source: SOURCES.s3Tls,
    }),
  ];
}

/** The pipeline role: artifacts, the bucket, its build project, its action roles. */
export const pipelineScopeRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  const s = { step: scope('pipeline'), principal: t.pipelineRole };
  const rows = bucketScope(ctx, s, 's3:GetBucketLocation');
  if (t.buildProjectArn !== undefined) {
    rows.push(
      deny({
        ...s,
        action: 'codebuild:DeleteProject',
        resource: t.buildProjectArn,
        source: SOURCES.codebuildAction,
      }),
      deny({
        ...s,
        action: 'codebuild:StartBuild',
        resource: other(t.buildProjectArn),
        source: SOURCES.codebuildAction,
      }),
    );
  }
  for (const role of actionRoles(ctx)) {
    rows.push(
      deny({
        ...s,
        action: 'iam:UpdateAssumeRolePolicy',
        resource: role,
        layer: 'identity',
        source: SOURCES.assumeRoleCrossAccount,
      }),
    );
  }
  // Its own policy names the exact accounts of its action roles: a role of the same name in
  // any other account (`arn:aws:iam::*:role/<name>-deploy`) stays out of reach, whatever
  // that role trusts.
  for (const name of new Set(actionRoles(ctx).map(roleName))) {
    rows.push(
      deny({
        ...s,
        action: 'sts:AssumeRole',
        resource: arn.role(t.partition, OUTSIDER_ACCOUNT, name),
        layer: 'identity',
        context: { 'aws:ResourceAccount': OUTSIDER_ACCOUNT },
        source: SOURCES.assumeRoleCrossAccount,
      }),
    );
  }
  return rows;
};

/** The build role: artifacts, the bucket, its log group. */
export const buildScopeRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  if (t.buildRole === undefined) return [];
  const s = { step: scope('build'), principal: t.buildRole };
  const rows = bucketScope(ctx, s, 's3:GetBucketAcl');
  if (t.buildLogGroupArn !== undefined) {
    rows.push(
      deny({
        ...s,
        action: 'logs:DeleteLogGroup',
        resource: t.buildLogGroupArn,
        source: SOURCES.codebuildServiceRole,
      }),
      deny({
        ...s,
        action: 'logs:PutLogEvents',
        resource: `${other(t.buildLogGroupArn)}:log-stream:x`,
        source: SOURCES.codebuildServiceRole,
      }),
    );
  }
  return rows;
};

/** The trigger and forward roles: one pipeline, one bus, one action each. */
export const eventScopeRows: RowGenerator = ({ t }) => {
  const rows: AccessRow[] = [];
  if (t.triggerRole !== undefined) {
    const s = { step: scope('trigger'), principal: t.triggerRole, source: SOURCES.pipelineTrigger };
    rows.push(
      deny({ ...s, action: 'codepipeline:UpdatePipeline', resource: t.pipelineArn }),
      deny({ ...s, action: 'codepipeline:StartPipelineExecution', resource: other(t.pipelineArn) }),
    );
  }
  if (t.forwardRole !== undefined && t.busArn !== undefined) {
    const s = {
      step: scope('forward'),
      principal: t.forwardRole,
      layer: 'identity',
      source: SOURCES.eventsCrossAccount,
    } as const;
    rows.push(
      deny({ ...s, action: 'events:PutPermission', resource: t.busArn }),
      deny({
        ...s,
        action: 'events:PutEvents',
        resource: withArnParts(t.busArn, { resource: 'event-bus/other' }),
      }),
      // Every account has a default bus: the role's policy names the tools account's.
      deny({
        ...s,
        action: 'events:PutEvents',
        resource: withArnParts(t.busArn, { account: OUTSIDER_ACCOUNT }),
      }),
    );
  }
  return rows;
};

/** The source action's principal: artifacts (each layer), no key administration through the key policy. */
export const sourceScopeRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const actor = t.sourceRole ?? t.pipelineRole;
  return [
    ...artifactScope(ctx, scope('source'), actor, 's3:PutObject', 'kms:GenerateDataKey'),
    ...resourceScope(ctx, scope('source'), actor, 's3:DeleteObject', r.object('SourceArti'), {}),
  ];
};

/** Each deploy role: artifacts (each layer), its stack, its execution role. */
export const targetScopeRows: RowGenerator = (ctx) => {
  const { t, r } = ctx;
  const rows: AccessRow[] = [];
  const seen = new Set<string>();
  for (const [target, name] of stepTargets(t)) {
    const s = {
      step: targetScope(name),
      principal: target.deployRole ?? t.pipelineRole,
    };
    rows.push(
      deny({
        ...s,
        action: 'cloudformation:DeleteStack',
        resource: r.stack(target),
        source: SOURCES.cloudformationAction,
      }),
    );
    if (target.execRole !== undefined)
      rows.push(
        deny({
          ...s,
          action: 'iam:UpdateAssumeRolePolicy',
          resource: target.execRole,
          source: SOURCES.passRole,
        }),
      );
    if (seen.has(s.principal)) continue;
    seen.add(s.principal);
    rows.push(
      ...artifactScope(ctx, s.step, s.principal, 's3:GetObject', 'kms:Decrypt', true),
      ...resourceScope(
        ctx,
        s.step,
        s.principal,
        's3:PutObject',
        r.object('BuildArtif'),
        r.sseKms(),
        KEY_WRITES,
      ),
    );
  }
  return rows;
};
