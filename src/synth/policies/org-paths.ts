import { anyAccountRoleArn, type Account } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import type { ArtifactStore } from '../regions.js';
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

/**
 * The targeted OUs a grant names: all of them, or for an artifact store (docs/design.md
 * "Regions") those with a member that has a target in the store's region, since the deploy
 * role reads the artifact from the store of its action's region.
 */
function unitsFor(
  ctx: SynthContext,
  store?: ArtifactStore,
): NonNullable<SynthContext['pipeline']['organization']>['units'] {
  const units = ctx.pipeline.organization?.units ?? [];
  if (store === undefined) return units;
  return units.filter((u) => store.targets.some((a) => a.orgPath?.startsWith(u.path) === true));
}

/** `o-…/r-…/ou-…/*` for each targeted OU (of the store's region): the OU and every OU under it. */
export function orgPathPatterns(ctx: SynthContext, store?: ArtifactStore): string[] {
  return unitsFor(ctx, store)
    .map((u) => `${u.path}*`)
    .sort();
}

/**
 * The accounts a path grant carves out: members of the OUs that are no target, and for a
 * store also the members whose targets are all in other regions (they grow with those only).
 */
function carvedOut(ctx: SynthContext, store?: ArtifactStore): readonly string[] {
  const outside = ctx.pipeline.organization?.outside ?? [];
  if (store === undefined) return outside;
  const units = unitsFor(ctx, store);
  const elsewhere = ctx.pipeline.accounts.filter(
    (a) =>
      !store.targets.some((t) => t.id === a.id) &&
      units.some((u) => a.orgPath?.startsWith(u.path) === true) &&
      !outside.includes(a.id),
  );
  return elsewhere.length === 0 ? outside : [...outside, ...elsewhere.map((a) => a.id)].sort();
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
  store?: ArtifactStore,
): PolicyStatement['Condition'] {
  const outside = carvedOut(ctx, store);
  const accountKey =
    key === 'aws:PrincipalOrgPaths' ? 'aws:PrincipalAccount' : 'aws:ResourceAccount';
  return {
    'ForAnyValue:StringLike': { [key]: values(orgPathPatterns(ctx, store)) },
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
    /** The artifact store of the policy: grant the OUs with targets in its region only. */
    readonly store?: ArtifactStore;
  },
): Grant[] {
  if (orgPathPatterns(ctx, o.store).length === 0) return [];
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
      condition: {
        ...orgPathCondition(ctx, o.roleName, 'aws:PrincipalOrgPaths', o.store),
        ...o.extra,
      },
    }),
  ];
}

/**
 * The execution roles of the targeted OUs' members read packaged code (build.package) from a
 * store by organization path, as the deploy roles read artifacts: the OUs with targets in the
 * store's region, the exact role name `<name>-cfn-exec`, and the members whose targets are all
 * in other regions carved out, so a role reads only the packages of its regions (Lambda reads
 * a function's S3 code in the function's region) and the policy keeps its size as accounts
 * join. None when the store holds no packages or no target comes from an OU.
 */
export function orgPathPackageGrant(
  ctx: SynthContext,
  store: ArtifactStore,
  o: Omit<Parameters<typeof orgPathGrant>[1], 'roleName' | 'store'>,
): Grant[] {
  return orgPathGrant(ctx, { ...o, roleName: ctx.names.execRole, store });
}
