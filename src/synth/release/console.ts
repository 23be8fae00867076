import { consolePage } from '../../model/console.js';
import type { Partition } from '../../model/types.js';

/**
 * The CloudFormation console page of a stack's change set. The console opens in the account
 * the reader is signed in to, so the approval text names the account next to each link.
 */
export function changeSetConsoleUrl(
  partition: Partition,
  region: string,
  stack: string,
  changeSet: string,
): string | undefined {
  const q = `stackId=${encodeURIComponent(stack)}&changeSetId=${encodeURIComponent(changeSet)}`;
  return consolePage(
    partition,
    region,
    `cloudformation/home?region=${region}#/stacks/changesets/changes?${q}`,
  );
}
