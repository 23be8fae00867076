import type { Source } from '../../model/index.js';
import type { Json } from '../cfn.js';
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
  /** The `<name>-source` stack: the source role and whatever delivers the source's events. */
  stack(ctx: SynthContext, source: S): StackBuild;
  /** The tools-account start rule's description and event pattern. */
  startTrigger(ctx: SynthContext, source: S): StartTrigger;
  /** The tools default bus policy; undefined when no event crosses accounts. */
  busPolicy(ctx: SynthContext, source: S): BusPolicy | undefined;
}
