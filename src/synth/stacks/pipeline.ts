import { roleResources, template, toCfn, type CfnRef, type Resources } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { layoutRole } from '../policies/layout.js';
import { buildRole, pipelineRole, triggerRole } from '../policies/tools-roles.js';
import { PARAM } from '../placeholders.js';
import type { ActionModel, PipelineModel } from '../pipeline-model.js';
import { artifactParameters, parameterRefs, type StackBuild } from './stack.js';
import { buildProjectEnvironment, vpcConfig } from '../release/build-environment.js';
import { packageCommands, packagedOutputs, workloadEnvironment } from '../workloads/buildspec.js';
import { imageRepositories } from '../workloads/repositories.js';
import { apiArtifactStores, cfnArtifactStores } from '../regions-pipeline.js';
import { artifactStores, regionalInputs } from '../regions.js';
import { PIPELINE_EXECUTION_MODE } from '../../model/index.js';
import { apiOnFailure, cfnOnFailure } from '../release/on-failure.js';
import { testStackPart } from '../release/test-stack.js';
import { notificationsStackPart } from '../release/notifications.js';

const BUILD_LOG_RETENTION_DAYS = 90;

/** The pipeline in the CodePipeline API shape (`create-pipeline --cli-input-json`, `get-pipeline`). */
export function pipelineDeclaration(
  ctx: SynthContext,
  model: PipelineModel,
): Record<string, unknown> {
  return {
    pipeline: {
      name: ctx.names.pipeline,
      roleArn: ctx.arns.pipelineRole,
      ...apiArtifactStores(ctx),
      stages: model.stages.map((s) => ({
        name: s.name,
        actions: s.actions.map(apiAction),
        ...apiOnFailure(s.onFailure),
      })),
      version: 1,
      pipelineType: 'V2',
      executionMode: PIPELINE_EXECUTION_MODE,
      ...sourceTriggers(ctx, 'api'),
    },
  };
}

/** The source provider's V2 `triggers` (`triggers` in the API, `Triggers` in CloudFormation). */
function sourceTriggers(ctx: SynthContext, c: 'api' | 'cfn'): Record<string, unknown> {
  const part = ctx.sourceModule.pipelinePart?.(ctx, ctx.pipeline.source);
  if (part?.triggers === undefined) return {};
  return c === 'api' ? { triggers: part.triggers.api } : { Triggers: part.triggers.cfn };
}

function apiAction(a: ActionModel): Record<string, unknown> {
  return {
    name: a.name,
    actionTypeId: { category: a.category, owner: 'AWS', provider: a.provider, version: '1' },
    runOrder: a.runOrder,
    configuration: a.configuration,
    inputArtifacts: a.inputArtifacts.map((name) => ({ name })),
    outputArtifacts: a.outputArtifacts.map((name) => ({ name })),
    ...(a.roleArn === undefined ? {} : { roleArn: a.roleArn }),
    ...(a.region === undefined ? {} : { region: a.region }),
  };
}

function cfnAction(a: ActionModel): Record<string, unknown> {
  return {
    Name: a.name,
    ActionTypeId: { Category: a.category, Owner: 'AWS', Provider: a.provider, Version: '1' },
    RunOrder: a.runOrder,
    Configuration: a.configuration,
    ...(a.inputArtifacts.length === 0
      ? {}
      : { InputArtifacts: a.inputArtifacts.map((Name) => ({ Name })) }),
    ...(a.outputArtifacts.length === 0
      ? {}
      : { OutputArtifacts: a.outputArtifacts.map((Name) => ({ Name })) }),
    ...(a.roleArn === undefined ? {} : { RoleArn: a.roleArn }),
    ...(a.region === undefined ? {} : { Region: a.region }),
  };
}

function buildSpec(ctx: SynthContext): string {
  const b = ctx.pipeline.build;
  return JSON.stringify({
    version: 0.2,
    phases: { build: { commands: [...b.commands, ...packageCommands(ctx)] } },
    artifacts: {
      files: b.artifacts === undefined ? ['**/*'] : [...b.artifacts, ...packagedOutputs(ctx)],
    },
  });
}

/** Tools account, deployed last: pipeline, build project, their roles, and the start rule. */
export function pipelineStack(ctx: SynthContext, model: PipelineModel): StackBuild {
  const regional = regionalInputs(artifactStores(ctx));
  const source = ctx.pipeline.source;
  // A provider without a start rule (its pipeline triggers start it) has no trigger role.
  const trigger = ctx.sourceModule.startTrigger(ctx, source);
  const part = ctx.sourceModule.pipelinePart?.(ctx, source);
  const refs = [...parameterRefs(ctx), ...(part?.refs ?? []), ...regional.refs];
  const roles = [pipelineRole(ctx), buildRole(ctx), ...(trigger ? [triggerRole(ctx)] : [])].map(
    layoutRole,
  );
  const [pipelineLayout, buildLayout, triggerLayout] = roles as [
    (typeof roles)[0],
    (typeof roles)[0],
    (typeof roles)[0] | undefined,
  ];
  const declarationRefs: CfnRef[] = [
    ...refs,
    { text: ctx.arns.pipelineRole, sub: 'PipelineRole.Arn' },
  ];
  const images = imageRepositories(ctx);
  const tests = testStackPart(ctx, refs);
  const notifications = notificationsStackPart(ctx);

  const resources: Resources = {
    ...roleResources(
      pipelineLayout,
      refs,
      `CodePipeline runs ${ctx.names.pipeline} with this role`,
    ),
    ...roleResources(buildLayout, refs, `CodeBuild runs ${ctx.names.buildProject} with this role`),
    ...(triggerLayout === undefined
      ? {}
      : roleResources(
          triggerLayout,
          refs,
          `EventBridge starts ${ctx.names.pipeline} on commits with this role`,
        )),
    ...part?.resources,
    BuildLogGroup: {
      Type: 'AWS::Logs::LogGroup',
      Properties: {
        LogGroupName: ctx.buildLogGroupName,
        RetentionInDays: BUILD_LOG_RETENTION_DAYS,
      },
    },
    BuildProject: {
      Type: 'AWS::CodeBuild::Project',
      Properties: {
        Name: ctx.names.buildProject,
        Description: `Build stage of the ${ctx.names.pipeline} pipeline`,
        ServiceRole: { 'Fn::GetAtt': ['BuildRole', 'Arn'] },
        EncryptionKey: { Ref: PARAM.keyArn },
        Source: { Type: 'CODEPIPELINE', BuildSpec: buildSpec(ctx) },
        Artifacts: { Type: 'CODEPIPELINE' },
        Environment: buildProjectEnvironment(ctx, workloadEnvironment(ctx)),
        ...vpcConfig(ctx),
        LogsConfig: { CloudWatchLogs: { Status: 'ENABLED', GroupName: { Ref: 'BuildLogGroup' } } },
      },
    },
    Pipeline: {
      Type: 'AWS::CodePipeline::Pipeline',
      Properties: toCfn(
        {
          Name: ctx.names.pipeline,
          RoleArn: ctx.arns.pipelineRole,
          PipelineType: 'V2',
          ExecutionMode: PIPELINE_EXECUTION_MODE,
          RestartExecutionOnUpdate: false,
          ...cfnArtifactStores(ctx),
          Stages: model.stages.map((s) => ({
            Name: s.name,
            Actions: s.actions.map(cfnAction),
            ...cfnOnFailure(s.onFailure),
          })),
          ...sourceTriggers(ctx, 'cfn'),
        },
        declarationRefs,
      ),
    },
    ...images.resources,
    ...tests.resources,
    ...notifications.resources,
  };
  if (trigger !== undefined) {
    resources.StartRule = {
      Type: 'AWS::Events::Rule',
      DependsOn: ['Pipeline'],
      Properties: {
        Name: ctx.names.startRule,
        Description: trigger.description,
        EventPattern: trigger.eventPattern,
        State: 'ENABLED',
        Targets: [
          {
            Id: 'Pipeline',
            Arn: ctx.arns.pipeline,
            RoleArn: { 'Fn::GetAtt': ['TriggerRole', 'Arn'] },
          },
        ],
      },
    };
  }
  return {
    kind: 'pipeline',
    account: ctx.tools,
    region: ctx.region,
    name: ctx.names.pipelineStack,
    template: template(
      `crossline ${ctx.names.pipeline}: pipeline, build project and commit trigger (tools account ${ctx.tools.alias})`,
      { ...artifactParameters(), ...regional.parameters },
      resources,
      { ...part?.outputs },
    ),
    entries: [
      ...roles.flatMap((r) => r.entries),
      ...images.entries,
      ...tests.roles.flatMap((r) => r.entries),
      ...notifications.entries,
    ],
    ...(regional.inputs.length === 0 ? {} : { inputs: regional.inputs }),
    roles: [...roles, ...tests.roles],
    parameters: [PARAM.bucketName, PARAM.keyArn],
    outputs: Object.keys(part?.outputs ?? {}),
    notes: [
      ...[...roles, ...tests.roles].flatMap((r) => (r.note === undefined ? [] : [r.note])),
      ...(part?.notes ?? []),
      ...notifications.notes,
    ],
    ...(part === undefined || part.placeholders.length === 0
      ? {}
      : { placeholders: part.placeholders }),
  };
}
