import * as z from 'zod/mini';
import { PIPELINE_EXECUTION_MODE, type ExecutionMode } from '../model/index.js';
import type { RawProblem } from './problems.js';
import { type Obj, isObj } from './raw.js';

/** `stages[].onFailure` (docs/design.md §2, release flow): the stage's V2 onFailure. */
export const ON_FAILURE = ['none', 'rollback', 'retry'] as const;

export const onFailureShape = z.optional(z.enum(ON_FAILURE)).register(z.globalRegistry, {
  description:
    'none (default): the run stops; rollback: CodePipeline rolls the stage back to its last successful execution; retry: it retries the failed actions',
});

/** "For pipelines in PARALLEL mode, stage rollback is not available" (the source below). */
export const ROLLBACK_MODES_SOURCE =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/execution-modes.html';

/**
 * Combinations CodePipeline refuses: a failure condition with result ROLLBACK "cannot be added
 * to a PARALLEL mode pipeline" (ROLLBACK_MODES_SOURCE). crossline's pipelines run in
 * PIPELINE_EXECUTION_MODE; `mode` is a parameter so the rule holds whatever that becomes.
 */
export function onFailureProblems(
  raw: Obj,
  mode: ExecutionMode = PIPELINE_EXECUTION_MODE,
): RawProblem[] {
  if (!Array.isArray(raw.stages) || mode !== 'PARALLEL') return [];
  return raw.stages.flatMap((stage, i) =>
    isObj(stage) && stage.onFailure === 'rollback'
      ? [
          {
            path: ['stages', i, 'onFailure'],
            message: `onFailure: rollback cannot apply in a pipeline of execution mode PARALLEL: "stage rollback is not available" there (${ROLLBACK_MODES_SOURCE})`,
            hint: 'use onFailure: retry or none, or an execution mode of QUEUED or SUPERSEDED',
          },
        ]
      : [],
  );
}

/** The model's `onFailure` of a stage: absent for none. */
export function stageOnFailure(stage: { readonly onFailure?: (typeof ON_FAILURE)[number] }): {
  onFailure?: 'rollback' | 'retry';
} {
  return stage.onFailure === undefined || stage.onFailure === 'none'
    ? {}
    : { onFailure: stage.onFailure };
}
