import type { SynthContext } from '../context.js';
import { KEY_WRITER_ACTIONS } from './key-policy.js';
import type { RoleSpec } from './role.js';
import { codeBuildRole, trustService } from './role.js';
import { because, DOCS, REGION_DOCS } from './sources.js';
import { allow, type Grant } from './statement.js';
import { buildRoleImageGrants } from '../workloads/grants.js';
import { buildRoleRegionalGrants } from '../workloads/regional.js';
import { artifactStores, mainStore, type ArtifactStore } from '../regions.js';
import { runTestGrants } from '../release/tests.js';
import { buildEnvironmentGrants } from '../release/build-environment.js';
import { coveredByOrgPath, orgPathCondition, orgPathPatterns, ORG_DOCS } from './org-paths.js';
import { anyAccountRoleArn } from '../../model/index.js';

const ARTIFACT_OBJECT_ACTIONS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'];

/**
 * Artifact access in `stores`: the build uses the main store only; the pipeline role uses
 * every store, because CodePipeline copies each action's input artifacts to the store of the
 * action's region with it (https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-create-cross-region.html).
 * Same account as the stores: the bucket policies and the key policies' root statement
 * delegate to this identity policy.
 */
function artifactGrants(
  ctx: SynthContext,
  who: string,
  bucketActions: readonly string[],
  source: string,
  stores: readonly ArtifactStore[] = [mainStore(ctx)],
): Grant[] {
  const regions =
    stores.length > 1
      ? ` (and copies them to the store of each action region: ${stores
          .slice(1)
          .map((s) => s.region)
          .join(', ')})`
      : '';
  return [
    allow({
      sid: 'ReadWriteArtifacts',
      reason: because(
        `s3:GetObject / GetObjectVersion / PutObject of pipeline artifacts by ${who}`,
        `it reads its input artifacts and writes its output artifacts in the artifact bucket${regions}`,
        stores.length > 1 ? `${source} ; ${REGION_DOCS.crossRegion}` : source,
      ),
      actions: ARTIFACT_OBJECT_ACTIONS,
      resources: stores.map((s) => s.bucketObjects),
    }),
    allow({
      sid: 'InspectArtifactBucket',
      reason: because(
        `${bucketActions.join(' / ')} on the artifact bucket by ${who}`,
        'the service checks the bucket it stores artifacts in; bucket metadata only',
        source,
      ),
      actions: bucketActions,
      resources: stores.map((s) => s.bucketArn),
    }),
    allow({
      sid: 'UseArtifactKey',
      reason: because(
        `kms:GenerateDataKey / Encrypt / Decrypt with the artifact key by ${who}`,
        'artifacts are SSE-KMS encrypted with the pipeline key',
        DOCS.artifactEncryption,
      ),
      actions: KEY_WRITER_ACTIONS,
      resources: stores.map((s) => s.key),
    }),
  ];
}

export function pipelineRole(ctx: SynthContext): RoleSpec {
  // Members of targeted OUs: one statement by aws:ResourceOrgPaths (org-paths.ts), not a list.
  const deployRoles = ctx.targets
    .filter((a) => !coveredByOrgPath(ctx, a))
    .map((a) => ctx.deployRoleOf(a));
  return {
    key: 'pipeline-role',
    logicalId: 'PipelineRole',
    name: ctx.names.pipelineRole,
    account: ctx.tools,
    arn: ctx.arns.pipelineRole,
    trust: [
      trustService(
        ctx,
        'codepipeline',
        ctx.tools,
        undefined,
        `to run the pipeline ${ctx.names.pipeline}`,
        DOCS.pipelineServiceRole,
      ),
    ],
    permissions: [
      ...artifactGrants(
        ctx,
        'CodePipeline',
        ['s3:GetBucketLocation', 's3:GetBucketVersioning'],
        DOCS.pipelineServiceRole,
        artifactStores(ctx),
      ),
      ...(ctx.sourceModule.runsAsPipelineRole === true ? [] : [assumeSourceRole(ctx)]),
      ...(ctx.sourceModule.pipelineGrants?.(ctx, ctx.pipeline.source) ?? []),
      ...(orgPathPatterns(ctx).length === 0
        ? []
        : [
            allow({
              sid: 'AssumeOuDeployRoles',
              reason: because(
                `sts:AssumeRole of ${ctx.names.deployRole} in each account of the targeted OUs for the CloudFormation actions`,
                'only that role name, and only in member accounts of the targeted OUs (aws:ResourceOrgPaths), so the policy keeps its size as accounts join',
                ORG_DOCS.resourceOrgPaths,
              ),
              actions: ['sts:AssumeRole'],
              resources: [anyAccountRoleArn(ctx.partition, ctx.names.deployRole)],
              condition: orgPathCondition(ctx, ctx.names.deployRole, 'aws:ResourceOrgPaths'),
            }),
          ]),
      // Without explicit targets (all in OUs) there is no role to list: no statement.
      ...(deployRoles.length === 0
        ? []
        : [
            allow({
              sid: 'AssumeDeployRoles',
              reason: because(
                `sts:AssumeRole of ${ctx.names.deployRole} in each target account for the CloudFormation actions`,
                'each deploy action runs with the deploy role of its account; exactly those roles, never role/*',
                DOCS.crossAccountPipeline,
              ),
              actions: ['sts:AssumeRole'],
              resources: deployRoles,
            }),
          ]),
      allow({
        sid: 'RunBuildProject',
        reason: because(
          `codebuild:StartBuild and BatchGetBuilds on ${ctx.names.buildProject} by the Build action`,
          'CodePipeline starts the build and polls its status with the pipeline role',
          DOCS.codeBuildAction,
        ),
        actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
        resources: [ctx.arns.buildProject],
      }),
      ...runTestGrants(ctx),
    ],
    managedPolicyArns: [],
    may: `${ctx.sourceModule.runsAsPipelineRole === true ? `run the ${ctx.sourceModule.label} source action,` : `assume ${ctx.names.sourceRole} and`} ${deployRoles.length} deploy role${deployRoles.length === 1 ? '' : 's'} (exact ARNs), start ${ctx.names.buildProject}, read/write artifacts`,
    why: `CodePipeline runs ${ctx.names.pipeline} with it`,
  };
}

/** The pipeline role assumes the source role for the Source action (providers with one). */
function assumeSourceRole(ctx: SynthContext): Grant {
  return allow({
    sid: 'AssumeSourceRole',
    reason: because(
      `sts:AssumeRole of ${ctx.names.sourceRole} in ${ctx.source.alias} for the Source action`,
      'the action runs with its own role (action roleArn); exactly that role, never role/*',
      DOCS.crossAccountPipeline,
    ),
    actions: ['sts:AssumeRole'],
    resources: [ctx.arns.sourceRole],
  });
}

export function buildRole(ctx: SynthContext): RoleSpec {
  return codeBuildRole(ctx, {
    key: 'build-role',
    logicalId: 'BuildRole',
    name: ctx.names.buildRole,
    arn: ctx.arns.buildRole,
    project: { name: ctx.names.buildProject, arn: ctx.arns.buildProject },
    logs: {
      sid: 'WriteBuildLogs',
      group: ctx.buildLogGroupName,
      arn: ctx.arns.buildLogGroup,
      why: 'CodeBuild streams the build log to its own log group (created by the pipeline stack)',
    },
    permissions: [
      ...artifactGrants(
        ctx,
        'CodeBuild',
        ['s3:GetBucketAcl', 's3:GetBucketLocation'],
        DOCS.codeBuildServiceRole,
      ),
      ...buildRoleImageGrants(ctx),
      ...buildRoleRegionalGrants(ctx),
      ...buildEnvironmentGrants(ctx),
      ...(ctx.sourceModule.buildGrants?.(ctx, ctx.pipeline.source) ?? []),
    ],
    may: `write its build logs, read the source artifact and write the build artifact (with the artifact key)`,
    why: `CodeBuild runs ${ctx.names.buildProject} (your build commands) with it`,
  });
}

export function triggerRole(ctx: SynthContext): RoleSpec {
  return {
    key: 'trigger-role',
    logicalId: 'TriggerRole',
    name: ctx.names.triggerRole,
    account: ctx.tools,
    arn: ctx.arns.triggerRole,
    trust: [
      trustService(
        ctx,
        'events',
        ctx.tools,
        ctx.arns.startRule,
        `for the rule ${ctx.names.startRule}`,
        DOCS.eventsTargetRole,
      ),
    ],
    permissions: [
      allow({
        sid: 'StartThisPipeline',
        reason: because(
          `codepipeline:StartPipelineExecution of ${ctx.names.pipeline} by EventBridge when a commit event matches ${ctx.names.startRule}`,
          'the rule target starts the pipeline with this role; this pipeline only',
          DOCS.commitTrigger,
        ),
        actions: ['codepipeline:StartPipelineExecution'],
        resources: [ctx.arns.pipeline],
      }),
    ],
    managedPolicyArns: [],
    may: `start ${ctx.names.pipeline} only`,
    why: `EventBridge starts the pipeline with it on ${ctx.sourceModule.startTrigger(ctx, ctx.pipeline.source)?.event ?? 'a source event'}`,
  };
}
