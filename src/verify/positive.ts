import { accountOf, makeRow, type Context, type Resources, type RowSpec } from './rows.js';
import type { ScriptContext } from './generator.js';
import { SOURCES } from './sources.js';
import { verifySourceModule } from './sources/registry.js';
import { formatStep, step, type StepTarget } from './step.js';
import type { TargetTopology, Topology } from './topology.js';
import type { AccessRow } from './types.js';

/**
 * The positive script (DESIGN.md §5): every request the running pipeline makes, in the order
 * it makes them. Each must be allowed by the identity side and the resource side.
 */
export function positiveRows(ctx: ScriptContext): AccessRow[] {
  const { t, r } = ctx;
  const rows: AccessRow[] = [];
  const allow = (spec: RowSpec): void => void rows.push(makeRow('allow', spec));

  // Service principals assume the roles they run as. Trusts should carry the confused-deputy
  // keys, so the rows send what each service sends: aws:SourceAccount and aws:SourceArn.
  allow({
    step: 'service.codepipeline',
    principal: t.services.codepipeline,
    action: 'sts:AssumeRole',
    resource: t.pipelineRole,
    resourcePolicy: r.trust(t.pipelineRole),
    context: { 'aws:SourceAccount': t.tools, 'aws:SourceArn': t.pipelineArn },
    source: SOURCES.pipelineServiceRole,
  });
  if (t.buildRole !== undefined && t.buildProjectArn !== undefined) {
    allow({
      step: 'service.codebuild',
      principal: t.services.codebuild,
      action: 'sts:AssumeRole',
      resource: t.buildRole,
      resourcePolicy: r.trust(t.buildRole),
      context: { 'aws:SourceAccount': t.tools, 'aws:SourceArn': t.buildProjectArn },
      source: SOURCES.codebuildServiceRole,
    });
  }

  // trigger: the source account's rule forwards the commit event to the tools bus, where a
  // second rule starts the pipeline.
  if (t.forwardRole !== undefined && t.forwardRuleArn !== undefined && t.busArn !== undefined) {
    allow({
      step: 'service.events.forward',
      principal: t.services.events,
      action: 'sts:AssumeRole',
      resource: t.forwardRole,
      resourcePolicy: r.trust(t.forwardRole),
      context: { 'aws:SourceAccount': t.source, 'aws:SourceArn': t.forwardRuleArn },
      source: SOURCES.eventsTargetRole,
    });
    allow({
      step: 'trigger.forward',
      principal: t.forwardRole,
      action: 'events:PutEvents',
      resource: t.busArn,
      resourcePolicy: { kind: 'bus', arn: t.busArn },
      source: SOURCES.eventsCrossAccount,
    });
  }
  if (t.triggerRole !== undefined && t.startRuleArn !== undefined) {
    allow({
      step: 'service.events.start',
      principal: t.services.events,
      action: 'sts:AssumeRole',
      resource: t.triggerRole,
      resourcePolicy: r.trust(t.triggerRole),
      context: { 'aws:SourceAccount': t.tools, 'aws:SourceArn': t.startRuleArn },
      source: SOURCES.eventsTargetRole,
    });
    allow({
      step: 'trigger.start',
      principal: t.triggerRole,
      action: 'codepipeline:StartPipelineExecution',
      resource: t.pipelineArn,
      source: SOURCES.pipelineTrigger,
    });
  }

  // The pipeline role itself reads and writes artifacts (the CDK grants it bucket read/write
  // and key encrypt/decrypt: aws-codepipeline/lib/pipeline.ts).
  pushArtifactAccess(
    rows,
    r,
    'pipeline',
    t.pipelineRole,
    'BuildArtif',
    SOURCES.pipelineServiceRole,
  );

  // CodePipeline checks the artifact store it writes to: versioning and region. Its documented
  // minimum service-role policy grants these on the bucket (it also lists GetBucketAcl, which
  // crossline does not grant; see docs/verify.md).
  for (const action of ['s3:GetBucketLocation', 's3:GetBucketVersioning']) {
    allow({
      step: 'pipeline.inspect',
      principal: t.pipelineRole,
      action,
      resource: t.bucketArn,
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      source: SOURCES.pipelineServiceRolePolicy,
    });
  }

  // source: the pipeline assumes the source role, which reads the repository and uploads the
  // source artifact, encrypted with the artifact key.
  const sourceActor = t.sourceRole ?? t.pipelineRole;
  if (t.sourceRole !== undefined) {
    allow({
      step: 'source.assume',
      principal: t.pipelineRole,
      action: 'sts:AssumeRole',
      resource: t.sourceRole,
      resourcePolicy: r.trust(t.sourceRole),
      source: SOURCES.pipelineCrossAccount,
    });
  }
  rows.push(...verifySourceModule(t.sourceAction).accessRows(ctx, t.sourceAction, sourceActor));
  allow({
    step: 'source.write',
    principal: sourceActor,
    action: 's3:PutObject',
    resource: r.object('SourceArti'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    context: r.sseKms(),
    source: SOURCES.pipelineCrossAccount,
  });
  // The artifact is written for the bucket owner (x-amz-acl: bucket-owner-full-control), which
  // S3 authorizes as s3:PutObjectAcl too; the CDK's cross-account source role gets it.
  allow({
    step: 'source.write',
    principal: sourceActor,
    action: 's3:PutObjectAcl',
    resource: r.object('SourceArti'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    context: { 's3:x-amz-acl': 'bucket-owner-full-control' },
    source: SOURCES.s3PutObjectAcl,
  });
  pushKey(
    rows,
    r,
    'source.write',
    sourceActor,
    ['kms:GenerateDataKey', 'kms:Decrypt'],
    SOURCES.s3SseKms,
  );

  // build: the pipeline starts the project and polls it; the build role reads the source
  // artifact, writes the build artifact and its logs.
  if (t.buildProjectArn !== undefined) {
    for (const [step, action] of [
      ['build.start', 'codebuild:StartBuild'],
      ['build.status', 'codebuild:BatchGetBuilds'],
    ] as const) {
      allow({
        step,
        principal: t.pipelineRole,
        action,
        resource: t.buildProjectArn,
        source: SOURCES.codebuildAction,
      });
    }
  }
  if (t.buildRole !== undefined) {
    pushArtifactAccess(rows, r, 'build', t.buildRole, 'SourceArti', SOURCES.codebuildServiceRole);
    // CodeBuild checks who owns the bucket it reads from and writes to (its service role
    // policy grants GetBucketAcl and GetBucketLocation on the bucket for that).
    for (const action of ['s3:GetBucketAcl', 's3:GetBucketLocation']) {
      allow({
        step: 'build.inspect',
        principal: t.buildRole,
        action,
        resource: t.bucketArn,
        resourceAccount: t.tools,
        resourcePolicy: r.bucketPolicy,
        source: SOURCES.codebuildServiceRole,
      });
    }
    if (t.buildLogGroupArn !== undefined) {
      if (t.buildLogGroupCreated !== true) {
        allow({
          step: 'build.logs',
          principal: t.buildRole,
          action: 'logs:CreateLogGroup',
          resource: t.buildLogGroupArn,
          source: SOURCES.codebuildServiceRole,
        });
      }
      for (const action of ['logs:CreateLogStream', 'logs:PutLogEvents']) {
        allow({
          step: 'build.logs',
          principal: t.buildRole,
          action,
          resource: `${t.buildLogGroupArn}:log-stream:0a1b2c3d-build`,
          source: SOURCES.codebuildServiceRole,
        });
      }
    }
  }

  for (const [target, step] of targetSteps(t)) rows.push(...deployRows(t, r, target, step));
  return rows;
}

/**
 * What the CloudFormation action calls on the target stack, by action mode
 * (SOURCES.cloudformationAction; the CDK's SingletonPolicy grants the same).
 */
export function stackActions(target: TargetTopology): readonly string[] {
  return target.mode === 'CHANGE_SET'
    ? [
        'cloudformation:DescribeStacks',
        'cloudformation:CreateChangeSet',
        'cloudformation:DescribeChangeSet',
        'cloudformation:ExecuteChangeSet',
        'cloudformation:DeleteChangeSet',
      ]
    : [
        'cloudformation:DescribeStacks',
        'cloudformation:CreateStack',
        'cloudformation:UpdateStack',
        // CodePipeline calls it to name the failed resource in its error message (same page).
        'cloudformation:DescribeStackEvents',
      ];
}

/**
 * How steps name each target: `<stage>.<alias>`, plus the stack when one stage deploys two
 * stacks into one account.
 */
export function stepTargets(t: Topology): [TargetTopology, StepTarget][] {
  const count = new Map<string, number>();
  const base = (x: TargetTopology): string =>
    formatStep(step('deploy', { target: { stage: x.stage, alias: x.alias } }));
  for (const x of t.targets) count.set(base(x), (count.get(base(x)) ?? 0) + 1);
  return t.targets.map((x) => [
    x,
    (count.get(base(x)) ?? 0) > 1
      ? { stage: x.stage, alias: x.alias, stack: x.stack }
      : { stage: x.stage, alias: x.alias },
  ]);
}

/** The `deploy.<target>` prefix of a target's steps. */
export function targetSteps(t: Topology): [TargetTopology, string][] {
  return stepTargets(t).map(([x, target]) => [x, formatStep(step('deploy', { target }))]);
}

function deployRows(t: Topology, r: Resources, target: TargetTopology, step: string): AccessRow[] {
  const rows: AccessRow[] = [];
  const allow = (spec: RowSpec): void => void rows.push(makeRow('allow', spec));
  const actor = target.deployRole ?? t.pipelineRole;
  if (target.deployRole !== undefined) {
    allow({
      step: `${step}.assume`,
      principal: t.pipelineRole,
      action: 'sts:AssumeRole',
      resource: target.deployRole,
      resourcePolicy: r.trust(target.deployRole),
      source: SOURCES.pipelineCrossAccount,
    });
  }
  allow({
    step: `${step}.read`,
    principal: actor,
    action: 's3:GetObject',
    resource: r.object('BuildArtif'),
    resourceAccount: t.tools,
    resourcePolicy: r.bucketPolicy,
    source: SOURCES.pipelineCrossAccount,
  });
  pushKey(rows, r, `${step}.read`, actor, ['kms:Decrypt'], SOURCES.kmsCrossAccount);
  const changeSet: Context =
    target.changeSetName === undefined
      ? {}
      : { 'cloudformation:ChangeSetName': target.changeSetName };
  for (const action of stackActions(target)) {
    allow({
      step: `${step}.stack`,
      principal: actor,
      action,
      resource: r.stack(target.account, target.stack),
      context: action.includes('ChangeSet') ? changeSet : {},
      source:
        target.mode === 'CHANGE_SET'
          ? SOURCES.cdkCloudformationGrants
          : SOURCES.cloudformationAction,
    });
  }
  if (target.execRole !== undefined) {
    allow({
      step: `${step}.pass-role`,
      principal: actor,
      action: 'iam:PassRole',
      resource: target.execRole,
      context: { 'iam:PassedToService': t.services.cloudformation },
      source: SOURCES.passRole,
    });
    // CloudFormation sends aws:SourceAccount when it assumes a service role; we do not rely
    // on it sending aws:SourceArn.
    allow({
      step: `${step}.exec`,
      principal: t.services.cloudformation,
      action: 'sts:AssumeRole',
      resource: target.execRole,
      resourcePolicy: r.trust(target.execRole),
      context: { 'aws:SourceAccount': target.account },
      source: SOURCES.cloudformationServiceRole,
    });
  }
  return rows;
}

/** Read (or write) an artifact object and use the key for it, as `principal`. */
function pushArtifactAccess(
  rows: AccessRow[],
  r: Resources,
  prefix: string,
  principal: string,
  input: 'SourceArti' | 'BuildArtif',
  source: string,
): void {
  const t = r.t;
  rows.push(
    makeRow('allow', {
      step: `${prefix}.read`,
      principal,
      action: 's3:GetObject',
      resource: r.object(input),
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      source,
    }),
  );
  pushKey(rows, r, `${prefix}.read`, principal, ['kms:Decrypt'], SOURCES.s3SseKms);
  rows.push(
    makeRow('allow', {
      step: `${prefix}.write`,
      principal,
      action: 's3:PutObject',
      resource: r.object('BuildArtif'),
      resourceAccount: t.tools,
      resourcePolicy: r.bucketPolicy,
      context: r.sseKms(),
      source,
    }),
  );
  pushKey(rows, r, `${prefix}.write`, principal, ['kms:GenerateDataKey'], SOURCES.s3SseKms);
}

function pushKey(
  rows: AccessRow[],
  r: Resources,
  step: string,
  principal: string,
  actions: readonly string[],
  source: string,
): void {
  const key = r.keyPolicy;
  if (key === undefined) return;
  for (const action of actions) {
    rows.push(
      makeRow('allow', {
        step,
        principal,
        action,
        resource: key.arn,
        resourcePolicy: key,
        context: r.kmsViaS3(accountOf(principal)),
        source,
      }),
    );
  }
}
