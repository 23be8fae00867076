/**
 * What the model keeps of the organization snapshot once targets by OU or tag are expanded:
 * each account's organization path, the targeted OUs with every account under them, the
 * accounts under them that are no target, and which targets come from `ou:` targets only
 * (the accounts a service-managed StackSet can bring their roles to, docs/design.md §13).
 */
import { compareText, type Pipeline } from '../model/index.js';
import type { OrgSnapshot } from './org-snapshot.js';
import { select } from './organization.js';
import { rolloutOf } from './organization-rollout.js';
import type { ConfigInput } from './schema.js';

/**
 * The pipeline with each account's organization path (for the request context of verify) and
 * the OUs its targets name (for the policies that grant by aws:PrincipalOrgPaths).
 */
export function withOrganization(
  pipeline: Pipeline,
  input: ConfigInput,
  snapshot: OrgSnapshot,
  file: string,
): Pipeline {
  const paths = new Map(snapshot.accounts.map((a) => [a.id, a.path]));
  const ous = new Set(input.stages.flatMap((s) => s.targets.flatMap((t) => t.ou ?? [])));
  const accounts = pipeline.accounts.map((a) => {
    const orgPath = paths.get(a.id);
    return orgPath === undefined ? a : { ...a, orgPath };
  });
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const units = snapshot.units
    .filter((u) => ous.has(u.id))
    .map((u) => ({
      id: u.id,
      name: u.name,
      path: u.path,
      accounts: snapshot.accounts
        .filter((a) => a.path.startsWith(u.path))
        .map((a) => a.id)
        .sort(compareText),
    }));
  const targeted = new Set(pipeline.stages.flatMap((s) => s.targets.map((t) => t.account.id)));
  const outside = snapshot.accounts
    .filter((a) => !targeted.has(a.id) && units.some((u) => a.path.startsWith(u.path)))
    .map((a) => a.id)
    .sort(compareText);
  const swap = <T extends { readonly account: { readonly id: string } }>(x: T): T => ({
    ...x,
    account: byId.get(x.account.id)!,
  });
  return {
    ...pipeline,
    accounts,
    tools: byId.get(pipeline.tools.id)!,
    source: swap(pipeline.source),
    stages: pipeline.stages.map((s) => ({ ...s, targets: s.targets.map(swap) })),
    organization: {
      id: snapshot.organization.id,
      snapshot: file,
      units,
      outside,
      managementAccount: snapshot.organization.managementAccount,
      ouOnly: ouOnlyAccounts(input, snapshot),
      ...rolloutOf(input.organization),
    },
  };
}

/** Accounts that `ou:` targets reach and no `account:` or `tag:` target names, sorted. */
function ouOnlyAccounts(input: ConfigInput, snapshot: OrgSnapshot): string[] {
  const idOf = (alias: string): string | undefined => {
    const e = input.accounts[alias];
    return e === undefined ? undefined : typeof e === 'string' ? e : e.id;
  };
  const byOu = new Set<string>();
  const otherwise = new Set<string>();
  for (const stage of input.stages)
    for (const t of stage.targets) {
      if (t.account !== undefined) {
        const id = idOf(t.account);
        if (id !== undefined) otherwise.add(id);
        continue;
      }
      const chosen = select(t, [], snapshot, '', [], idOf) ?? [];
      for (const a of chosen) (t.ou !== undefined ? byOu : otherwise).add(a.id);
    }
  return [...byOu].filter((id) => !otherwise.has(id)).sort(compareText);
}
