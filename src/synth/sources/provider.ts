import type { Source } from '../../model/index.js';
import type { CfnRef, Json, Resources } from '../cfn.js';
import type { SynthContext } from '../context.js';
import type { ActionModel } from '../pipeline-model.js';
import type { Grant } from '../policies/statement.js';
import type { StackBuild } from '../stacks/stack.js';

/** What the tools-account rule that starts the pipeline matches. */
export interface StartTrigger {
  readonly description: string;
  readonly eventPattern: Record<string, Json>;
  /** The event that starts a run, e.g. `a commit to main`. */
  readonly event: string;
}

/** The tools default bus policy a provider needs to deliver its events (one statement). */
export interface BusPolicy {
  readonly statementId: string;
  readonly grants: readonly Grant[];
}

/**
 * Everything one source provider contributes to synthesis. The generic code (pipeline,
 * artifacts and key/bucket policies, the plan) asks this instead of naming a provider; a new
 * provider is one module implementing it plus one line in `./registry.ts`.
 */
export interface SynthSourceModule<S extends Source = Source> {
  readonly provider: S['provider'];
  /** The action's name in reasons, e.g. `CodeCommit` in "when the CodeCommit action uploads". */
  readonly label: string;
  /** The action of the pipeline's Source stage (runs with the source role). */
  action(ctx: SynthContext, source: S): ActionModel;
  /**
   * The `<name>-source` stack: the source role and whatever delivers the source's events;
   * undefined when the source has no account of its own (the action runs in the pipeline's).
   */
  stack(ctx: SynthContext, source: S): StackBuild | undefined;
  /** The tools-account start rule's description and event pattern; undefined: no start rule. */
  startTrigger(ctx: SynthContext, source: S): StartTrigger | undefined;
  /** The tools default bus policy; undefined when no event crosses accounts. */
  busPolicy(ctx: SynthContext, source: S): BusPolicy | undefined;
  /** Set when the action runs with the pipeline role: no source role to assume. */
  readonly runsAsPipelineRole?: true;
  /** What the pipeline role itself needs for the source action (with reasons). */
  pipelineGrants?(ctx: SynthContext, source: S): Grant[];
  /** What the CodeBuild role needs to read this source (e.g. a full clone's connection). */
  buildGrants?(ctx: SynthContext, source: S): Grant[];
  /** The pipeline stack's share: resources, refs to them, outputs, notes, V2 triggers. */
  pipelinePart?(ctx: SynthContext, source: S): SourcePipelinePart;
}

/** What a provider adds to the pipeline stack and pipeline.json. */
export interface SourcePipelinePart {
  readonly resources: Resources;
  /** Concrete text (e.g. a placeholder ARN) → the template expression that stands for it. */
  readonly refs: readonly CfnRef[];
  readonly outputs: Readonly<Record<string, Json>>;
  /** Values known after deploy: the text, and the pipeline stack output that gives it. */
  readonly placeholders: readonly { readonly text: string; readonly output: string }[];
  readonly notes: readonly string[];
  /** The pipeline's `triggers`, in the API's shape (pipeline.json) and CloudFormation's. */
  readonly triggers?: { readonly api: readonly Json[]; readonly cfn: readonly Json[] };
}
