import type { IoHost } from '../io/index.js';
import type { Pipeline } from '../model/index.js';
import type { SynthResult } from '../synth/index.js';
import { verifyPlanStep } from './verify.js';

/**
 * The seam between `plan` and the checks that run on a fresh synthesis (verify first).
 * A step gets the synthesized result, may add files to the output folder (e.g. verify.json,
 * written in the same atomic replace), and reports lines for the summary. A step that fails
 * (`ok: false`) makes `plan` exit non-zero, after the output has been written.
 */
export interface PlanStep {
  readonly name: string;
  run(input: {
    readonly pipeline: Pipeline;
    readonly synth: SynthResult;
    readonly io: IoHost;
  }): PlanStepResult;
}

export interface PlanStepResult {
  readonly ok: boolean;
  /** Relative path -> content, added to the output folder. */
  readonly files?: ReadonlyMap<string, string>;
  /** Short lines for the plan summary. */
  readonly lines?: readonly string[];
  /** Machine data for `plan --json`. */
  readonly data?: unknown;
}

/** Steps `plan` runs by default: the access script (verify.ts). */
export function defaultPlanSteps(): PlanStep[] {
  return [verifyPlanStep()];
}
