/**
 * Principal / NotPrincipal matching for resource policies.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
import { isAccountId, parseArnCached } from './arn.js';
import type { CallerIdentity } from './arn.js';
import type { PrincipalSpec } from './compile-policy.js';

/**
 * How a statement names the caller:
 * - `direct`: by its own ARN (user, session), `*`, a service or federated name, or by NotPrincipal;
 * - `role`: a session matched through its role's ARN (or a role calling with its own ARN) —
 *   a permissions boundary limits grants made this way;
 * - `account`: only through the account (id or root ARN): the account delegates to its IAM policies;
 * - `none`.
 */
export type PrincipalMatch = 'direct' | 'role' | 'account' | 'none';

export function matchPrincipal(
  spec: PrincipalSpec,
  not: boolean,
  caller: CallerIdentity,
): PrincipalMatch {
  if (!not) return matchSpec(spec, caller);
  // NotPrincipal: the statement applies to everybody the list does not spare.
  return excludedByNotPrincipal(spec, caller) ? 'none' : 'direct';
}

/**
 * AWS checks every identity in the caller's chain (account, role, session) against
 * NotPrincipal, so a caller is spared only when its account AND its own ARN (or, for a
 * session, its role's ARN) are both listed; the account root is spared by its account.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
 */
function excludedByNotPrincipal(spec: PrincipalSpec, caller: CallerIdentity): boolean {
  if (spec.wildcard) return true;
  if (spec.federated.includes(caller.arn)) return true;
  if (caller.kind === 'service') return spec.services.includes(caller.arn.toLowerCase());
  let account = false;
  let self = false;
  for (const entry of spec.aws) {
    const match = matchAwsEntry(entry, caller);
    if (match === 'account') account = true;
    else if (match !== 'none') self = true;
  }
  return caller.kind === 'root' ? account : account && self;
}

function matchSpec(spec: PrincipalSpec, caller: CallerIdentity): PrincipalMatch {
  if (spec.wildcard) return 'direct';
  if (spec.federated.includes(caller.arn)) return 'direct';
  if (caller.kind === 'service') {
    return spec.services.includes(caller.arn.toLowerCase()) ? 'direct' : 'none';
  }
  let best: PrincipalMatch = 'none';
  for (const entry of spec.aws) {
    const match = matchAwsEntry(entry, caller);
    if (match === 'direct') return match;
    if (match === 'role' || (match === 'account' && best === 'none')) best = match;
  }
  return best;
}

function matchAwsEntry(entry: string, caller: CallerIdentity): PrincipalMatch {
  if (isAccountId(entry)) return entry === caller.account ? 'account' : 'none';
  const parts = parseArnCached(entry);
  if (parts === undefined) return 'none';
  if (parts.service === 'iam' && parts.resource === 'root') {
    return parts.account === caller.account ? 'account' : 'none';
  }
  if (entry === caller.arn) return caller.kind === 'role' ? 'role' : 'direct';
  // A role ARN (with or without path) names every session of that role.
  if (
    caller.kind === 'assumed-role' &&
    parts.service === 'iam' &&
    parts.resource.startsWith('role/') &&
    parts.account === caller.account &&
    parts.resource.slice(parts.resource.lastIndexOf('/') + 1) === caller.roleName
  ) {
    return 'role';
  }
  return 'none';
}
