import { anyAccountRoleArn, type Account } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import { mainStore, type ArtifactStore } from '../regions.js';
import type { PolicyStatement } from '../types.js';
import { coveredByOrgPath } from './org-paths.js';
import { awsPrincipal, pinnedTo } from './statement.js';

/**
 * Who a resource policy in the tools account must name: only principals in *other*
 * accounts. A role in the tools account is allowed by its own IAM policy, because the key
 * policy's root statement delegates to IAM and S3 honours same-account identity policies.
 */
export interface CrossAccountGrantees {
  /** The source role, when the repository is in another account. */
  readonly writer: string | undefined;
  readonly writerAccount: Account | undefined;
  /**
   * Deploy roles of target accounts other than tools, and not members of a targeted OU (those
   * are granted by organization path, org-paths.ts).
   */
  readonly readers: readonly string[];
  readonly readerAccounts: readonly Account[];
}

/**
 * `store` (default: the main one): a regional store is read by the targets of its region
 * only, and written by no source (the source action runs in the pipeline region).
 */
export function crossAccountGrantees(
  ctx: SynthContext,
  store: ArtifactStore = mainStore(ctx),
): CrossAccountGrantees {
  const readerAccounts = store.targets.filter(
    (a) => a.id !== ctx.tools.id && !coveredByOrgPath(ctx, a),
  );
  const writes = store.main && !ctx.sourceInTools;
  return {
    writer: writes ? ctx.arns.sourceRole : undefined,
    writerAccount: writes ? ctx.source : undefined,
    readers: readerAccounts.map((a) => ctx.deployRoleOf(a)),
    readerAccounts,
  };
}

/**
 * Principal + condition naming a set of same-named roles in several accounts.
 * Exact: the account roots and every role ARN. Grouped (when the exact form does not fit the
 * policy size limit): the roots and one `ArnLike` pattern with a wildcard account; the
 * Principal element limits the wildcard to the listed accounts, so both grant the same roles.
 */
export function rolesInAccounts(
  ctx: SynthContext,
  accounts: readonly Account[],
  roleName: string,
  roleArns: readonly string[],
  grouped: boolean,
): { principal: unknown; condition: PolicyStatement['Condition'] } {
  const principal = awsPrincipal(accounts.map((a) => ctx.rootOf(a)));
  if (!grouped || accounts.length < 2) return { principal, condition: pinnedTo(roleArns) };
  return {
    principal,
    condition: {
      ArnLike: { 'aws:PrincipalArn': anyAccountRoleArn(ctx.pipeline.partition, roleName) },
    },
  };
}
