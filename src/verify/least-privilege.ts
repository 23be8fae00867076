import { arn } from '../model/arns.js';
import type { Partition } from '../model/types.js';
import { OUTSIDER_ACCOUNT } from './negative.js';
import { targetSteps } from './positive.js';
import type { ScriptContext } from './generator.js';
import { accountOf, makeRow, type Context, type RowSpec } from './rows.js';
import { SOURCES } from './sources.js';
import type { AccessRow } from './types.js';

/**
 * Least-privilege rows: each pipeline principal, on each resource it uses, must not get an
 * action it does not need (a statement widened to `Action: *`), nor its own action on a
 * sibling resource (`Resource: *`); service trusts must hold against a confused deputy (a
 * service acting for another account). Cross-account grants are checked one layer at a time,
 * so a broad statement cannot hide behind the other side's narrow one.
 */
export function leastPrivilegeRows({ t, r }: ScriptContext): AccessRow[] {
  const rows: AccessRow[] = [];
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  const otherBucket = arn.bucket(t.partition as Partition, `${t.bucket}-other`);
  const otherKey = t.keyArn?.replace(/key\/[^/]+$/, 'key/00000000-0000-4000-8000-0000000other');
  const swap = (arnText: string, suffix: string): string => `${arnText}${suffix}`;

  /** Artifact access of one role: no delete, no other bucket, no key administration, no other key. */
  const artifactScope = (
    step: string,
    principal: string,
    granted: 's3:GetObject' | 's3:PutObject',
    keyAction: string,
  ): void => {
    deny({
      step,
      principal,
      action: 's3:DeleteObject',
      resource: r.object('BuildArtif'),
      layer: 'identity',
      source: SOURCES.s3CrossAccount,
    });
    deny({
      step,
      principal,
      action: granted,
      resource: `${otherBucket}/${t.pipelineName}/obj`,
      layer: 'identity',
      context: granted === 's3:PutObject' ? r.sseKms() : {},
      source: SOURCES.s3CrossAccount,
    });
    if (t.keyArn === undefined || otherKey === undefined) return;
    deny({
      step,
      principal,
      action: 'kms:ScheduleKeyDeletion',
      resource: t.keyArn,
      layer: 'identity',
      source: SOURCES.kmsKeyPolicy,
    });
    deny({
      step,
      principal,
      action: keyAction,
      resource: otherKey,
      layer: 'identity',
      source: SOURCES.kmsKeyPolicy,
    });
  };

  /**
   * The resource side alone, for a principal in another account: with `Allow *:*` of its own,
   * the bucket and key policies must still refuse an action it does not need. (In the tools
   * account the bucket and key delegate to IAM by design: the key's admin statement names the
   * tools root.)
   */
  const resourceScope = (
    step: string,
    principal: string,
    s3Action: string,
    object: string,
    context: Context,
  ): void => {
    if (accountOf(principal) === t.tools) return;
    deny({
      step,
      principal,
      action: s3Action,
      resource: object,
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      layer: 'resource',
      context,
      source: SOURCES.s3CrossAccount,
    });
    if (t.keyArn === undefined) return;
    deny({
      step,
      principal,
      action: 'kms:ScheduleKeyDeletion',
      resource: t.keyArn,
      resourcePolicy: { kind: 'key', arn: t.keyArn },
      layer: 'resource',
      source: SOURCES.kmsKeyPolicy,
    });
  };

  // The pipeline role: artifacts, the bucket, its build project, its action roles.
  artifactScope('negative.scope.pipeline', t.pipelineRole, 's3:GetObject', 'kms:Decrypt');
  deny({
    step: 'negative.scope.pipeline',
    principal: t.pipelineRole,
    action: 's3:PutBucketPolicy',
    resource: t.bucketArn,
    layer: 'identity',
    source: SOURCES.s3Tls,
  });
  deny({
    step: 'negative.scope.pipeline',
    principal: t.pipelineRole,
    action: 's3:GetBucketLocation',
    resource: otherBucket,
    layer: 'identity',
    source: SOURCES.s3Tls,
  });
  if (t.buildProjectArn !== undefined) {
    deny({
      step: 'negative.scope.pipeline',
      principal: t.pipelineRole,
      action: 'codebuild:DeleteProject',
      resource: t.buildProjectArn,
      source: SOURCES.codebuildAction,
    });
    deny({
      step: 'negative.scope.pipeline',
      principal: t.pipelineRole,
      action: 'codebuild:StartBuild',
      resource: swap(t.buildProjectArn, '-other'),
      source: SOURCES.codebuildAction,
    });
  }
  const actionRoles = [t.sourceRole, ...new Set(t.targets.map((x) => x.deployRole))].filter(
    (x): x is string => x !== undefined,
  );
  for (const role of actionRoles) {
    deny({
      step: 'negative.scope.pipeline',
      principal: t.pipelineRole,
      action: 'iam:UpdateAssumeRolePolicy',
      resource: role,
      layer: 'identity',
      source: SOURCES.assumeRoleCrossAccount,
    });
  }

  // The build role: artifacts, the bucket, its log group.
  if (t.buildRole !== undefined) {
    artifactScope('negative.scope.build', t.buildRole, 's3:GetObject', 'kms:Decrypt');
    deny({
      step: 'negative.scope.build',
      principal: t.buildRole,
      action: 's3:PutBucketPolicy',
      resource: t.bucketArn,
      layer: 'identity',
      source: SOURCES.s3Tls,
    });
    deny({
      step: 'negative.scope.build',
      principal: t.buildRole,
      action: 's3:GetBucketAcl',
      resource: otherBucket,
      layer: 'identity',
      source: SOURCES.s3Tls,
    });
    if (t.buildLogGroupArn !== undefined) {
      deny({
        step: 'negative.scope.build',
        principal: t.buildRole,
        action: 'logs:DeleteLogGroup',
        resource: t.buildLogGroupArn,
        source: SOURCES.codebuildServiceRole,
      });
      deny({
        step: 'negative.scope.build',
        principal: t.buildRole,
        action: 'logs:PutLogEvents',
        resource: `${swap(t.buildLogGroupArn, '-other')}:log-stream:x`,
        source: SOURCES.codebuildServiceRole,
      });
    }
  }

  // The trigger and forward roles: one pipeline, one bus, one action each.
  if (t.triggerRole !== undefined) {
    deny({
      step: 'negative.scope.trigger',
      principal: t.triggerRole,
      action: 'codepipeline:UpdatePipeline',
      resource: t.pipelineArn,
      source: SOURCES.pipelineTrigger,
    });
    deny({
      step: 'negative.scope.trigger',
      principal: t.triggerRole,
      action: 'codepipeline:StartPipelineExecution',
      resource: swap(t.pipelineArn, '-other'),
      source: SOURCES.pipelineTrigger,
    });
  }
  if (t.forwardRole !== undefined && t.busArn !== undefined) {
    deny({
      step: 'negative.scope.forward',
      principal: t.forwardRole,
      action: 'events:PutPermission',
      resource: t.busArn,
      layer: 'identity',
      source: SOURCES.eventsCrossAccount,
    });
    deny({
      step: 'negative.scope.forward',
      principal: t.forwardRole,
      action: 'events:PutEvents',
      resource: t.busArn.replace(/event-bus\/[^/]+$/, 'event-bus/other'),
      layer: 'identity',
      source: SOURCES.eventsCrossAccount,
    });
  }

  // The source role: artifacts (each layer), no key administration through the key policy.
  const sourceActor = t.sourceRole ?? t.pipelineRole;
  artifactScope('negative.scope.source', sourceActor, 's3:PutObject', 'kms:GenerateDataKey');
  resourceScope(
    'negative.scope.source',
    sourceActor,
    's3:DeleteObject',
    r.object('SourceArti'),
    {},
  );

  // Each deploy role: artifacts (each layer), its stack, its execution role.
  const seen = new Set<string>();
  for (const [target, prefix] of targetSteps(t)) {
    const actor = target.deployRole ?? t.pipelineRole;
    const step = `negative.scope.${prefix.slice('deploy.'.length)}`;
    deny({
      step,
      principal: actor,
      action: 'cloudformation:DeleteStack',
      resource: r.stack(target.account, target.stack),
      source: SOURCES.cloudformationAction,
    });
    if (target.execRole !== undefined) {
      deny({
        step,
        principal: actor,
        action: 'iam:UpdateAssumeRolePolicy',
        resource: target.execRole,
        source: SOURCES.passRole,
      });
    }
    if (seen.has(actor)) continue;
    seen.add(actor);
    artifactScope(step, actor, 's3:GetObject', 'kms:Decrypt');
    resourceScope(step, actor, 's3:PutObject', r.object('BuildArtif'), r.sseKms());
  }

  // Trusts allow sts:AssumeRole only: not session tags or source identities, which could
  // feed attribute-based grants (checked on the trust alone).
  for (const role of actionRoles) {
    deny({
      step: 'negative.trust.tag-session',
      principal: t.pipelineRole,
      action: 'sts:TagSession',
      resource: role,
      resourcePolicy: r.trust(role),
      layer: 'resource',
      source: SOURCES.assumeRoleCrossAccount,
    });
  }

  const serviceRoles: [string | undefined, string, Context][] = [
    [
      t.pipelineRole,
      t.services.codepipeline,
      { 'aws:SourceAccount': t.tools, 'aws:SourceArn': t.pipelineArn },
    ],
    [
      t.buildRole,
      t.services.codebuild,
      {
        'aws:SourceAccount': t.tools,
        ...(t.buildProjectArn ? { 'aws:SourceArn': t.buildProjectArn } : {}),
      },
    ],
    [
      t.triggerRole,
      t.services.events,
      {
        'aws:SourceAccount': t.tools,
        ...(t.startRuleArn ? { 'aws:SourceArn': t.startRuleArn } : {}),
      },
    ],
    [
      t.forwardRole,
      t.services.events,
      {
        'aws:SourceAccount': t.source,
        ...(t.forwardRuleArn ? { 'aws:SourceArn': t.forwardRuleArn } : {}),
      },
    ],
    ...t.targets.map((x): [string | undefined, string, Context] => [
      x.execRole,
      t.services.cloudformation,
      { 'aws:SourceAccount': x.account },
    ]),
  ];
  const tagged = new Set<string>();
  for (const [role, service, context] of serviceRoles) {
    if (role === undefined || tagged.has(role)) continue;
    tagged.add(role);
    deny({
      step: 'negative.trust.tag-session',
      principal: service,
      action: 'sts:TagSession',
      resource: role,
      resourcePolicy: r.trust(role),
      context,
      source: SOURCES.confusedDeputy,
    });
  }

  // Confused deputy: the right service, acting for another account, must not get in.
  const outsiderArn = (arnText: string | undefined): string | undefined =>
    arnText?.replace(/^(arn:[^:]+:[^:]+:[^:]*:)\d{12}:/, `$1${OUTSIDER_ACCOUNT}:`);
  const deputies: [string | undefined, string, string | undefined][] = [
    [t.pipelineRole, t.services.codepipeline, t.pipelineArn],
    [t.buildRole, t.services.codebuild, t.buildProjectArn],
    [t.triggerRole, t.services.events, t.startRuleArn],
    [t.forwardRole, t.services.events, t.forwardRuleArn],
    ...t.targets.map((x): [string | undefined, string, string | undefined] => [
      x.execRole,
      t.services.cloudformation,
      undefined,
    ]),
  ];
  const done = new Set<string>();
  for (const [role, service, sourceArn] of deputies) {
    if (role === undefined || done.has(role)) continue;
    done.add(role);
    const foreign = outsiderArn(sourceArn);
    const context: Context = {
      'aws:SourceAccount': OUTSIDER_ACCOUNT,
      ...(foreign ? { 'aws:SourceArn': foreign } : {}),
    };
    deny({
      step: 'negative.confused-deputy',
      principal: service,
      action: 'sts:AssumeRole',
      resource: role,
      resourcePolicy: r.trust(role),
      context,
      source: SOURCES.confusedDeputy,
    });
  }
  return rows;
}
