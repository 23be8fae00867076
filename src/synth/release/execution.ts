import type { Account, Pipeline, Target } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import { POLICY_LIMITS } from '../policies/limits.js';

/** What one target's stack needs CloudFormation to be allowed, and where the config says so. */
export interface ExecutionNeed {
  readonly stage: string;
  readonly stack: string;
  readonly policies: readonly string[];
  readonly from: 'default' | 'stage' | 'target';
}

/** The managed policies a target's stack is deployed with (docs/design.md §2, release flow). */
export function executionPoliciesOf(p: Pipeline, t: Target): readonly string[] {
  return t.execution?.policies ?? p.execution.policies;
}

/** Per target of one account, in config order: the policies its stack needs. */
export function executionNeeds(ctx: SynthContext, account: Account): ExecutionNeed[] {
  return ctx.pipeline.stages.flatMap((stage) =>
    stage.targets
      .filter((t) => t.account.id === account.id)
      .map((t) => ({
        stage: stage.name,
        stack: t.stack,
        policies: executionPoliciesOf(ctx.pipeline, t),
        from: t.execution?.from ?? 'default',
      })),
  );
}

/**
 * The managed policies of an account's execution role: one role per account serves every
 * stack deployed there, so it gets the union of what those targets need, sorted.
 */
export function accountExecutionPolicies(ctx: SynthContext, account: Account): string[] {
  return [...new Set(executionNeeds(ctx, account).flatMap((n) => n.policies))].sort();
}

const WHERE = {
  default: 'execution.policies',
  stage: 'stages[].execution',
  target: 'targets[].execution',
} as const;

/**
 * plan.json notes of an account whose targets do not all use the default: which target needs
 * what, and the quota of managed policies per role
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html: 10 by default).
 */
export function executionNotes(ctx: SynthContext, account: Account): string[] {
  const needs = executionNeeds(ctx, account);
  if (needs.every((n) => n.from === 'default')) return [];
  const short = (arn: string): string => arn.split('/').pop() ?? arn;
  const union = accountExecutionPolicies(ctx, account);
  const notes = [
    `execution role ${ctx.names.execRole} in ${account.alias} has the union of what its targets need (${union.map(short).join(', ')}): ${needs.map((n) => `${n.stack} (stage ${n.stage}, ${WHERE[n.from]}) needs ${n.policies.map(short).join(', ')}`).join('; ')}`,
  ];
  if (union.length > POLICY_LIMITS.managedPerRole) {
    notes.push(
      `execution role ${ctx.names.execRole} in ${account.alias} gets ${union.length} managed policies; IAM attaches ${POLICY_LIMITS.managedPerRole} per role by default (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html): the deploy fails unless the quota of that account is raised`,
    );
  }
  return notes;
}
