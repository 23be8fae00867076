import * as z from 'zod';
import type { RawProblem } from './problems.js';

/**
 * Release-flow keys of a stage (docs/design.md §2): how a stage deploys. Kept apart from
 * `schema.ts` so the stage schema gains them with one spread.
 */
export const STAGE_MODES = ['create-update', 'change-set'] as const;
export type StageModeInput = (typeof STAGE_MODES)[number];

export const releaseStageShape = {
  mode: z
    .enum(STAGE_MODES)
    .optional()
    .describe(
      'create-update (default): deploy directly; change-set: create a change set per target, approve, then execute',
    ),
};

/**
 * CodePipeline allows 50 actions per stage
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html). A change-set stage
 * has two actions per target (replace, execute) and its approval, and cannot be split into
 * waves without splitting the one review of the stage.
 */
export const MAX_CHANGE_SET_TARGETS = 24;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Rules of the release keys the schema cannot express. */
export function releaseProblems(raw: Obj): RawProblem[] {
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  const problems: RawProblem[] = [];
  stages.forEach((stage, i) => {
    if (!isObj(stage) || stage.mode !== 'change-set') return;
    const targets = Array.isArray(stage.targets) ? stage.targets.length : 0;
    if (targets > MAX_CHANGE_SET_TARGETS) {
      problems.push({
        path: ['stages', i, 'mode'],
        message: `a change-set stage deploys at most ${MAX_CHANGE_SET_TARGETS} targets; this one has ${targets} (CodePipeline allows 50 actions per stage: a replace and an execute per target, plus the approval — https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html)`,
        hint: `split the targets over several change-set stages of at most ${MAX_CHANGE_SET_TARGETS}`,
      });
    }
  });
  return problems;
}
