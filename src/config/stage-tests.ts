import * as z from 'zod/mini';
import { managedPolicy, policyPartitionProblems } from './execution.js';
import type { RawProblem } from './problems.js';
import { type Obj, isObj, str } from './raw.js';

/**
 * `stages[].tests` (docs/design.md §2, release flow): commands run after the stage's deploys,
 * in each target account through a test role whose permissions are exactly `policies`.
 */
export const stageTestsShape = z
  .optional(
    z.strictObject({
      commands: z
        .array(z.string().check(z.minLength(1)))
        .check(z.minLength(1, 'give at least one test command')),
      // Optional here so that a missing list gets its own located message (stageTestsProblems).
      policies: z
        .optional(
          z
            .array(managedPolicy)
            .check(z.minLength(1, 'name at least one managed policy for the test role')),
        )
        .register(z.globalRegistry, {
          description: 'Managed policies of the test role in each target account (required)',
        }),
    }),
  )
  .register(z.globalRegistry, {
    description:
      "Commands run after the stage's deploys, once per target, as the test role <name>-test of the target's account",
  });

/** `tests` needs `policies` (crossline does not guess what tests may do); their partition. */
export function stageTestsProblems(raw: Obj): RawProblem[] {
  if (!Array.isArray(raw.stages)) return [];
  const region = str(raw.region);
  const problems: RawProblem[] = [];
  raw.stages.forEach((stage, i) => {
    if (!isObj(stage) || !isObj(stage.tests)) return;
    const tests = stage.tests;
    if (tests.policies === undefined) {
      problems.push({
        path: ['stages', i, 'tests'],
        message:
          'tests need policies: the managed policies of the test role in each target account (crossline does not guess what the tests may do)',
        hint: 'e.g. tests: { commands: [...], policies: [arn:<partition>:iam::aws:policy/ReadOnlyAccess] }',
      });
      return;
    }
    problems.push(
      ...policyPartitionProblems(tests.policies, ['stages', i, 'tests', 'policies'], region),
    );
  });
  return problems;
}

/** The model's `tests` of a stage (validation made sure policies are there). */
export function stageTests(stage: {
  readonly tests?: { readonly commands: string[]; readonly policies?: string[] | undefined };
}): { tests?: { commands: readonly string[]; policies: readonly string[] } } {
  if (stage.tests === undefined) return {};
  return { tests: { commands: stage.tests.commands, policies: stage.tests.policies ?? [] } };
}
