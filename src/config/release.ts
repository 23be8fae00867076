import * as z from 'zod/mini';
import type { RawProblem } from './problems.js';
import { didYouMean } from './suggest.js';
import { executionOverride, executionOverrideProblems } from './execution.js';
import { onFailureProblems, onFailureShape } from './on-failure.js';
import { stageTestsProblems, stageTestsShape } from './stage-tests.js';
import { notificationsProblems } from './notifications.js';
import { type Obj, isObj } from './raw.js';

/**
 * Release-flow keys of a stage (docs/design.md §2): how a stage deploys. Kept apart from
 * `schema.ts` so the stage schema gains them with one spread.
 */
export const STAGE_MODES = ['create-update', 'change-set'] as const;
export type StageModeInput = (typeof STAGE_MODES)[number];

export const releaseStageShape = {
  mode: z.optional(z.enum(STAGE_MODES)).register(z.globalRegistry, {
    description:
      'create-update (default): deploy directly; change-set: create a change set per target, approve, then execute',
  }),
  execution: executionOverride,
  onFailure: onFailureShape,
  tests: stageTestsShape,
};

/**
 * CodePipeline allows 50 actions per stage
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html). A change-set stage
 * has two actions per target (replace, execute) and its approval, and cannot be split into
 * waves without splitting the one review of the stage.
 */
export const MAX_CHANGE_SET_TARGETS = 24;

/** Rules of the release keys the schema cannot express. */
export function releaseProblems(raw: Obj): RawProblem[] {
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  const problems: RawProblem[] = [
    ...afterProblems(raw),
    ...executionOverrideProblems(raw),
    ...onFailureProblems(raw),
    ...stageTestsProblems(raw),
    ...notificationsProblems(raw),
  ];
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

export const releaseTargetShape = {
  after: z.optional(z.array(z.string().check(z.minLength(1)))).register(z.globalRegistry, {
    description: 'Stacks of the same stage that must be deployed before this one',
  }),
  execution: executionOverride,
};

/** `targets[].after`: each entry a stack of the same stage, and no cycle. */
export function afterProblems(raw: Obj): RawProblem[] {
  const stages = Array.isArray(raw.stages) ? raw.stages : [];
  const problems: RawProblem[] = [];
  stages.forEach((stage, i) => {
    if (!isObj(stage) || !Array.isArray(stage.targets)) return;
    const targets = stage.targets.filter(isObj);
    const stacks = targets.map((t) => (typeof t.stack === 'string' ? t.stack : ''));
    const edges = new Map<string, { stack: string; path: (string | number)[] }[]>();
    stage.targets.forEach((t, j) => {
      if (!isObj(t) || typeof t.stack !== 'string' || !Array.isArray(t.after)) return;
      const own = t.stack;
      t.after.forEach((dep, k) => {
        if (typeof dep !== 'string') return;
        const path = ['stages', i, 'targets', j, 'after', k];
        if (dep === own || !stacks.includes(dep)) {
          const others = stacks.filter((s) => s !== own && s !== '');
          problems.push({
            path,
            message:
              dep === own
                ? `stack '${own}' cannot be deployed after itself`
                : `'${dep}' is not a stack of stage ${String(stage.name)}`,
            hint:
              didYouMean(dep, others) ??
              `after names stacks of the same stage: ${others.join(', ') || '(none)'}`,
          });
          return;
        }
        edges.set(own, [...(edges.get(own) ?? []), { stack: dep, path }]);
      });
    });
    const cycle = findCycle(edges);
    if (cycle !== undefined) {
      problems.push({
        path: cycle.path,
        message: `stage ${String(stage.name)}: the stacks wait for each other (${cycle.stacks.join(' → ')})`,
        hint: 'remove one of these after entries: a stack can only wait for stacks that do not wait for it',
      });
    }
  });
  return problems;
}

/** The first cycle of `after` edges, with the entry that closes it. */
function findCycle(
  edges: ReadonlyMap<string, readonly { stack: string; path: (string | number)[] }[]>,
): { stacks: string[]; path: (string | number)[] } | undefined {
  const done = new Set<string>();
  const visit = (
    node: string,
    trail: string[],
  ): { stacks: string[]; path: (string | number)[] } | undefined => {
    if (done.has(node)) return undefined;
    for (const edge of edges.get(node) ?? []) {
      const at = trail.indexOf(edge.stack);
      if (at >= 0) return { stacks: [...trail.slice(at), node, edge.stack], path: edge.path };
      if (edge.stack === node) continue;
      const found = visit(edge.stack, [...trail, node]);
      if (found !== undefined) return found;
    }
    done.add(node);
    return undefined;
  };
  for (const node of edges.keys()) {
    const found = visit(node, []);
    if (found !== undefined) return found;
  }
  return undefined;
}
