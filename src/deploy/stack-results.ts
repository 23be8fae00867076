import type { StackId, StackPlan } from '../synth/types.js';
import type { StackResult } from './types.js';

/** One result per planned stack, in plan order; a stack the run never reached is `not-started`. */
export function resultsInPlanOrder(
  stacks: readonly StackPlan[],
  results: ReadonlyMap<StackId, StackResult>,
): StackResult[] {
  return stacks.map(
    (sp): StackResult =>
      results.get(sp.id) ?? {
        id: sp.id,
        stack: sp.name,
        kind: sp.kind,
        account: sp.account,
        outcome: 'not-started',
        elapsedMs: 0,
        outputs: {},
      },
  );
}

/** A run succeeded when no stack failed and none was left out. */
export function allSucceeded(stacks: readonly StackResult[]): boolean {
  return stacks.every((s) => s.outcome !== 'failed' && s.outcome !== 'not-started');
}
