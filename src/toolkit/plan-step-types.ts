import type { IoHost } from '../io/index.js';
import type { Pipeline } from '../model/index.js';
import type { SynthResult } from '../synth/index.js';
import type { VerifyResult } from '../verify/index.js';

/**
 * The seam between `plan` and the checks that run on a fresh synthesis (verify, then the
 * report). A step gets the synthesized result and what earlier steps found, may add files to
 * the output folder (written in the same atomic replace as the templates), and reports lines
 * for the summary. A step that fails (`ok: false`) makes `plan` exit non-zero, after the
 * output has been written.
 */
export interface PlanStep {
  readonly name: string;
  run(input: PlanStepInput): PlanStepResult;
}

export interface PlanStepInput {
  readonly pipeline: Pipeline;
  readonly synth: SynthResult;
  readonly io: IoHost;
  /** The output folder as the user named it (for paths in summary lines). */
  readonly outDir: string;
  /** The access script's result, when an earlier step (verify) produced it. */
  readonly verify?: VerifyResult | undefined;
}

export interface PlanStepResult {
  readonly ok: boolean;
  /** Relative path -> content, added to the output folder. */
  readonly files?: ReadonlyMap<string, string>;
  /** Short lines for the plan summary. */
  readonly lines?: readonly string[];
  /** Machine data for `plan --json`. */
  readonly data?: unknown;
  /** The access script's result, handed to the steps after this one (the report shows it). */
  readonly verify?: VerifyResult;
}
