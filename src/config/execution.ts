import * as z from 'zod/mini';
import { partitionOf, parseArn, withPartition } from '../model/index.js';
import type { RawProblem } from './problems.js';
import { type Obj, isObj, str } from './raw.js';

/**
 * `stages[].execution` / `targets[].execution` (docs/design.md §2, release flow): what
 * CloudFormation may do for one stage or one target, overriding the top-level
 * `execution.policies`. A target's own wins over its stage's, which wins over the default.
 */
/** A managed policy ARN, as `execution.policies`, its overrides and `tests.policies` take it. */
export const managedPolicy = z
  .string()
  .check(
    z.regex(
      /^arn:[a-z-]+:iam::(aws|\d{12}):policy\/.+$/,
      'a managed policy ARN: arn:<partition>:iam::aws:policy/<name> or arn:<partition>:iam::<account>:policy/<name>',
    ),
  );

export const executionOverride = z
  .optional(
    z.strictObject({
      policies: z
        .array(managedPolicy)
        .check(
          z.minLength(
            1,
            'name at least one managed policy, or leave out execution to use the default',
          ),
        ),
    }),
  )
  .register(z.globalRegistry, {
    description:
      "What CloudFormation may do for these stacks, instead of the top-level execution.policies (the account's execution role gets the union)",
  });

/**
 * A managed policy ARN of another partition than the region's does not exist there (e.g.
 * arn:aws: in China): one problem per such entry of the list `policies` at `path`.
 */
export function policyPartitionProblems(
  policies: unknown,
  path: readonly (string | number)[],
  region: string | undefined,
): RawProblem[] {
  const partition = region === undefined ? undefined : partitionOf(region);
  if (partition === undefined || !Array.isArray(policies)) return [];
  return policies.flatMap((policy: unknown, k) => {
    if (typeof policy !== 'string') return [];
    const given = parseArn(policy)?.partition;
    if (given === undefined || given === partition) return [];
    return [
      {
        path: [...path, k],
        message: `the policy ARN is in partition '${given}', but ${region} is in '${partition}'`,
        hint: `use ${withPartition(policy, partition)}`,
      },
    ];
  });
}

/** Every override policy must be in the region's partition, like `execution.policies`. */
export function executionOverrideProblems(raw: Obj): RawProblem[] {
  const region = str(raw.region);
  if (!Array.isArray(raw.stages)) return [];
  const problems: RawProblem[] = [];
  const check = (execution: unknown, path: (string | number)[]): void => {
    if (!isObj(execution)) return;
    problems.push(
      ...policyPartitionProblems(execution.policies, [...path, 'execution', 'policies'], region),
    );
  };
  raw.stages.forEach((stage, i) => {
    if (!isObj(stage)) return;
    check(stage.execution, ['stages', i]);
    if (!Array.isArray(stage.targets)) return;
    stage.targets.forEach((t, j) => {
      if (isObj(t)) check(t.execution, ['stages', i, 'targets', j]);
    });
  });
  return problems;
}

/**
 * The model's `execution` of a target: its own override, else its stage's; absent when both
 * are (the target then needs the top-level `execution.policies`).
 */
export function targetExecution(
  stage: { readonly execution?: { readonly policies: readonly string[] } | undefined },
  target: { readonly execution?: { readonly policies: readonly string[] } | undefined },
): { execution?: { policies: readonly string[]; from: 'stage' | 'target' } } {
  if (target.execution !== undefined)
    return { execution: { policies: [...target.execution.policies], from: 'target' } };
  if (stage.execution !== undefined)
    return { execution: { policies: [...stage.execution.policies], from: 'stage' } };
  return {};
}
