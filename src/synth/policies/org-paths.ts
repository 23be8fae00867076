import { anyAccountRoleArn, type Account } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import type { PolicyStatement } from '../types.js';
import { because } from './sources.js';
import { allow, type Grant } from './statement.js';

/**
 * Grants that do not grow with the accounts (issue 16): when targets come from OUs, resource
 * policies name the OUs' organization paths and the exact role name instead of every account,
 * so adding an account to an OU changes no policy. Members of those OUs that are no target are
 * carved out by account id (they grow with the exclusions only).
 */
export const ORG_DOCS = {
  principalOrgPaths:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths',
  resourceOrgPaths:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-resourceorgpaths',
} as const;

/** `o-…/r-…/ou-…/*` for each targeted OU: the OU and every OU under it. */
export function orgPathPatterns(ctx: SynthContext): string[] {
  return (ctx.pipeline.organization?.units ?? []).map((u) => `${u.path}*`).sort();
}

/** The account is a member of a targeted OU, so the path grants reach it. */
export function coveredByOrgPath(ctx: SynthContext, account: Account): boolean {
  const path = account.orgPath;
  if (path === undefined) return false;
  return (ctx.pipeline.organization?.units ?? []).some((u) => path.startsWith(u.path));
}

/** One value as a string, several as a list (as AWS prints them). */
const values = (xs: readonly string[]): string | readonly string[] =>
  xs.length === 1 ? xs[0] : xs;

/**
 * The condition of a path grant to role `roleName`: a principal whose account is in one of the
 * OUs (ForAnyValue: the key is multi-valued), with exactly that role name, never an account
 * of the OU that is no target.
 */
export function orgPathCondition(
  ctx: SynthContext,
  roleName: string,
  key: 'aws:PrincipalOrgPaths' | 'aws:ResourceOrgPaths',
): PolicyStatement['Condition'] {
  const outside = ctx.pipeline.organization?.outside ?? [];
  const accountKey =
    key === 'aws:PrincipalOrgPaths' ? 'aws:PrincipalAccount' : 'aws:ResourceAccount';
  return {
    'ForAnyValue:StringLike': { [key]: values(orgPathPatterns(ctx)) },
    ...(key === 'aws:PrincipalOrgPaths'
      ? { ArnLike: { 'aws:PrincipalArn': anyAccountRoleArn(ctx.partition, roleName) } }
      : {}),
    ...(outside.length > 0 ? { StringNotEquals: { [accountKey]: values(outside) } } : {}),
  };
}

/**
 * The resource-policy statement granting role `roleName` of every member account of the
 * targeted OUs; none when no target comes from an OU. `extra` joins the condition (e.g.
 * kms:ViaService); its keys must differ from the path keys.
 */
export function orgPathGrant(
  ctx: SynthContext,
  o: {
    readonly sid: string;
    readonly request: string;
    readonly roleName: string;
    readonly actions: readonly string[];
    readonly resources: readonly string[];
    readonly extra?: PolicyStatement['Condition'];
  },
): Grant[] {
  if (orgPathPatterns(ctx).length === 0) return [];
  return [
    allow({
      sid: o.sid,
      reason: because(
        o.request,
        `the members of the targeted OUs by aws:PrincipalOrgPaths and the exact role name ${o.roleName}, so the policy keeps its size as accounts join the OUs`,
        ORG_DOCS.principalOrgPaths,
      ),
      principal: { AWS: '*' },
      actions: o.actions,
      resources: o.resources,
      condition: { ...orgPathCondition(ctx, o.roleName, 'aws:PrincipalOrgPaths'), ...o.extra },
    }),
  ];
}
