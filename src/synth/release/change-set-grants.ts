import type { Account } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import { because, DOCS } from '../policies/sources.js';
import { allow, type Grant } from '../policies/statement.js';
import { changeSetName } from './change-set.js';

/**
 * Stack requests of the CloudFormation action in the change-set modes (the CodePipeline
 * CloudFormation action reference, DOCS.cloudFormationAction; the CDK's SingletonPolicy
 * grants the same, DOCS.cdkCreateUpdateGrants):
 * - CHANGE_SET_REPLACE: DescribeStacks, DescribeChangeSet, DeleteChangeSet (a change set of
 *   that name is replaced), CreateChangeSet;
 * - CHANGE_SET_EXECUTE: DescribeStacks, DescribeChangeSet, ExecuteChangeSet.
 * Neither calls CreateStack or UpdateStack, so a change-set stage's deploy role cannot skip
 * the review.
 */
export const CHANGE_SET_ACTIONS = [
  'cloudformation:CreateChangeSet',
  'cloudformation:DeleteChangeSet',
  'cloudformation:DescribeChangeSet',
  'cloudformation:DescribeStacks',
  'cloudformation:ExecuteChangeSet',
];

/** The deploy role's grant on the stacks of change-set stages in one account. */
export function changeSetGrant(
  ctx: SynthContext,
  account: Account,
  stacks: readonly { readonly stack: string; readonly region: string }[],
): Grant {
  const names = [...new Set(stacks.map((s) => s.stack))];
  return allow({
    sid: 'ReviewTargetStacksByChangeSet',
    reason: because(
      `cloudformation:CreateChangeSet / DescribeChangeSet / DeleteChangeSet / ExecuteChangeSet / DescribeStacks of ${names.join(', ')} by the CloudFormation actions (ActionMode CHANGE_SET_REPLACE, then CHANGE_SET_EXECUTE after the approval)`,
      `only the change set ${changeSetName(ctx)} of exactly these stacks; no CreateStack/UpdateStack, so the reviewed change set is the only way in`,
      `${DOCS.cloudFormationAction} ; ${DOCS.cdkCreateUpdateGrants}`,
    ),
    actions: CHANGE_SET_ACTIONS,
    resources: stacks.map((s) => ctx.stackArn(account, s.stack, s.region)),
    // DescribeStacks carries no change-set name: IfExists lets it through.
    condition: { StringEqualsIfExists: { 'cloudformation:ChangeSetName': changeSetName(ctx) } },
  });
}
