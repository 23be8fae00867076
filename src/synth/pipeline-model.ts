import { createHash } from 'node:crypto';
import { deployedTemplate, type Target } from '../model/index.js';
import type { SynthContext } from './context.js';
import { changeSetStageActions } from './release/change-set.js';
import { afterLevels } from './release/order.js';
import { actionRegion, targetLabel } from './regions.js';
import { onFailureNotes } from './release/on-failure.js';
import { withTests } from './release/test-actions.js';
import type { StageOnFailure } from '../model/index.js';

/** CodePipeline quota: at most 50 actions in one stage. */
export const MAX_ACTIONS_PER_STAGE = 50;
const MAX_NAME = 100;

export const SOURCE_OUTPUT = 'SourceOutput';
export const BUILD_OUTPUT = 'BuildOutput';

/** One action, in the API's terms; rendered both as CloudFormation and as pipeline.json. */
export interface ActionModel {
  readonly name: string;
  readonly category: 'Source' | 'Build' | 'Approval' | 'Deploy' | 'Test';
  /** CodePipeline's action provider, e.g. `CodeBuild`; source providers name their own. */
  readonly provider: string;
  readonly runOrder: number;
  /** Every value is a string, as the CodePipeline API requires. */
  readonly configuration: Readonly<Record<string, string>>;
  readonly inputArtifacts: readonly string[];
  readonly outputArtifacts: readonly string[];
  readonly roleArn?: string;
  readonly target?: Target;
  /** The action's region when it is not the pipeline's (targets in several regions). */
  readonly region?: string;
}

export interface StageModel {
  readonly name: string;
  readonly actions: readonly ActionModel[];
  /** Set when a config stage was split into waves: which config stage, which wave of how many. */
  readonly wave?: { readonly stage: string; readonly index: number; readonly count: number };
  /** The config stage's onFailure (each wave carries it). */
  readonly onFailure?: StageOnFailure | undefined;
}

export interface PipelineModel {
  readonly stages: readonly StageModel[];
  readonly notes: readonly string[];
}

/** Action names: 1-100 of [A-Za-z0-9.@_-]; a long one is cut and made unique with a hash. */
export function actionName(text: string): string {
  const clean = text.replace(/[^A-Za-z0-9.@_-]/g, '-');
  if (clean.length <= MAX_NAME) return clean;
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 8);
  return `${clean.slice(0, MAX_NAME - 9)}-${hash}`;
}

export function pipelineModel(ctx: SynthContext): PipelineModel {
  const p = ctx.pipeline;
  const notes: string[] = [];
  const stages: StageModel[] = [
    {
      name: 'Source',
      actions: [ctx.sourceModule.action(ctx, p.source)],
    },
    {
      name: 'Build',
      actions: [
        {
          name: 'Build',
          category: 'Build',
          provider: 'CodeBuild',
          runOrder: 1,
          configuration: { ProjectName: ctx.names.buildProject },
          inputArtifacts: [SOURCE_OUTPUT],
          outputArtifacts: [BUILD_OUTPUT],
        },
      ],
    },
  ];

  for (const stage of p.stages) {
    if (stage.mode === 'change-set') {
      // Validation keeps a change-set stage within one CodePipeline stage (config/release.ts).
      stages.push({
        name: stage.name,
        actions: withTests(
          ctx,
          stage,
          changeSetStageActions(ctx, stage, (t) => deployAction(ctx, t), actionName),
        ),
        ...(stage.onFailure === undefined ? {} : { onFailure: stage.onFailure }),
      });
      notes.push(...onFailureNotes(stage, 1));
      continue;
    }
    // `after` orders the deploys: sorted by level, so a wave never waits for a later one.
    const levels = afterLevels(stage);
    const level = (a: ActionModel): number => (a.target ? (levels.get(a.target) ?? 1) : 1);
    const deploys = stage.targets
      .map((t) => deployAction(ctx, t))
      .sort((a, b) => level(a) - level(b));
    // The test action runs in the last wave: every wave leaves room for it.
    const capacity = (first: boolean): number =>
      MAX_ACTIONS_PER_STAGE - (first && stage.approval ? 1 : 0) - (stage.tests ? 1 : 0);
    const waves: ActionModel[][] = [];
    for (let i = 0; i < deploys.length;) {
      const n = capacity(waves.length === 0);
      waves.push(deploys.slice(i, i + n));
      i += n;
    }
    waves.forEach((wave, index) => {
      const approval = index === 0 && stage.approval;
      const actions: ActionModel[] = [
        ...(approval ? [approvalAction(stage.name)] : []),
        ...wave.map((a) => ({
          ...a,
          runOrder: (approval ? 1 : 0) + level(a) - Math.min(...wave.map(level)) + 1,
        })),
      ];
      const split = waves.length > 1;
      stages.push({
        name: split ? `${stage.name}-${index + 1}` : stage.name,
        actions: index === waves.length - 1 ? withTests(ctx, stage, actions) : actions,
        ...(split ? { wave: { stage: stage.name, index: index + 1, count: waves.length } } : {}),
        ...(stage.onFailure === undefined ? {} : { onFailure: stage.onFailure }),
      });
    });
    notes.push(...onFailureNotes(stage, waves.length));
    if (waves.length > 1) {
      notes.push(
        `stage ${stage.name} has ${deploys.length} deploy actions${stage.approval ? ' and an approval' : ''}; CodePipeline allows ${MAX_ACTIONS_PER_STAGE} actions per stage, so it runs as ${waves.length} waves (${waves.map((w, i) => `${stage.name}-${i + 1}: ${w.length}`).join(', ')})${stage.approval ? `; the approval gates the first wave` : ''}`,
      );
    }
  }
  return { stages, notes };
}

function approvalAction(stage: string): ActionModel {
  return {
    name: 'Approve',
    category: 'Approval',
    provider: 'Manual',
    runOrder: 1,
    configuration: { CustomData: `Approve the release to ${stage}` },
    inputArtifacts: [],
    outputArtifacts: [],
  };
}

function deployAction(ctx: SynthContext, t: Target): ActionModel {
  const region = actionRegion(ctx, t);
  const params: Record<string, string> =
    Object.keys(t.parameters).length > 0
      ? { ParameterOverrides: JSON.stringify(t.parameters) }
      : {};
  return {
    name: actionName(targetLabel(ctx, t)),
    category: 'Deploy',
    provider: 'CloudFormation',
    runOrder: 1,
    configuration: {
      ActionMode: 'CREATE_UPDATE',
      Capabilities: 'CAPABILITY_IAM,CAPABILITY_NAMED_IAM,CAPABILITY_AUTO_EXPAND',
      ...params,
      RoleArn: ctx.execRoleOf(t.account),
      StackName: t.stack,
      // Keys from the configuration file's Parameters lose to ParameterOverrides: "parameter
      // overrides … override values in a template configuration file"
      // (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/continuous-delivery-codepipeline-parameter-override-functions.html).
      ...(t.configuration === undefined
        ? {}
        : { TemplateConfiguration: `${BUILD_OUTPUT}::${t.configuration}` }),
      TemplatePath: `${BUILD_OUTPUT}::${deployedTemplate(ctx.pipeline, t)}`,
    },
    inputArtifacts: [BUILD_OUTPUT],
    outputArtifacts: [],
    roleArn: ctx.deployRoleOf(t.account),
    target: t,
    ...(region === undefined ? {} : { region }),
  };
}
