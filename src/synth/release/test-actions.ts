import type { Stage } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import type { ActionModel } from '../pipeline-model.js';
import { testAction, testedStages } from './tests.js';

/**
 * A stage's actions with its test action appended (when it has tests): one run order after
 * the last of them, so it starts when every deploy of the stage succeeded.
 */
export function withTests(ctx: SynthContext, stage: Stage, actions: ActionModel[]): ActionModel[] {
  const tested = testedStages(ctx).find((s) => s.stage.name === stage.name);
  if (tested === undefined) return actions;
  const last = Math.max(0, ...actions.map((a) => a.runOrder));
  return [...actions, testAction(tested, last + 1)];
}
