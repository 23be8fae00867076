import type { PolicyDocument, PolicyEntry, PolicyStatement } from '../types.js';
import { POLICY_LIMITS, policySize, tooLarge } from './limits.js';
import type { RoleSpec } from './role.js';
import { policyDocument, reasonsOf, type Grant } from './statement.js';

/** A customer managed policy holding part of a role's permissions (only when inline does not fit). */
export interface ManagedPart {
  readonly name: string;
  readonly logicalId: string;
  readonly grants: readonly Grant[];
}

/** How a role's permissions are stored, decided by the IAM size limits. */
export interface RoleLayout {
  readonly role: RoleSpec;
  readonly trust: PolicyDocument;
  /** The inline policy (named `permissions`), or undefined when the role has none or it was split. */
  readonly inline: readonly Grant[] | undefined;
  readonly managed: readonly ManagedPart[];
  readonly entries: readonly PolicyEntry[];
  /** Why the layout differs from one inline policy, for plan.notes. */
  readonly note: string | undefined;
}

export const INLINE_POLICY_NAME = 'permissions';

export function layoutRole(role: RoleSpec): RoleLayout {
  const trust = policyDocument(role.trust);
  const trustSize = policySize(trust);
  if (trustSize > POLICY_LIMITS.trust) {
    throw tooLarge(
      `the trust policy of ${role.name} in ${role.account.alias}`,
      trustSize,
      POLICY_LIMITS.trust,
      'ask AWS to raise the role trust policy length quota (up to 4,096)',
    );
  }
  const entries: PolicyEntry[] = [
    {
      name: `${role.key}-trust`,
      kind: 'trust',
      account: role.account.id,
      attachedTo: role.arn,
      document: trust,
      reasons: reasonsOf(role.trust),
    },
  ];
  const identity = (
    name: string,
    grants: readonly Grant[],
    managed?: readonly string[],
  ): PolicyEntry => ({
    name,
    kind: 'identity',
    account: role.account.id,
    attachedTo: role.arn,
    document: policyDocument(grants),
    reasons: reasonsOf(grants),
    ...(managed === undefined ? {} : { managedPolicies: managed }),
  });
  const managedArns = role.managedPolicyArns.length > 0 ? role.managedPolicyArns : undefined;

  const inlineSize = policySize(policyDocument(role.permissions));
  if (role.permissions.length === 0 || inlineSize <= POLICY_LIMITS.inlineAggregate) {
    entries.push(identity(`${role.key}-permissions`, role.permissions, managedArns));
    return {
      role,
      trust,
      inline: role.permissions.length === 0 ? undefined : role.permissions,
      managed: [],
      entries,
      note: undefined,
    };
  }

  const chunks = packGrants(role.permissions, POLICY_LIMITS.managed);
  const attached = chunks.length + role.managedPolicyArns.length;
  if (attached > POLICY_LIMITS.managedPerRole) {
    throw tooLarge(
      `the permissions of ${role.name} in ${role.account.alias}`,
      inlineSize,
      POLICY_LIMITS.managedPerRole * POLICY_LIMITS.managed,
      `they need ${attached} managed policies and a role takes ${POLICY_LIMITS.managedPerRole} by default; split the pipeline or ask AWS to raise the quota`,
    );
  }
  const managed = chunks.map((grants, i) => ({
    name: `${role.name}-${i + 1}`,
    logicalId: `${role.logicalId}Policy${i + 1}`,
    grants,
  }));
  managed.forEach((m, i) =>
    entries.push(
      identity(`${role.key}-permissions-${i + 1}`, m.grants, i === 0 ? managedArns : undefined),
    ),
  );
  return {
    role,
    trust,
    inline: undefined,
    managed,
    entries,
    note: `${role.name} in ${role.account.alias}: permissions are ${inlineSize} characters, over the ${POLICY_LIMITS.inlineAggregate} inline limit, so they are split into ${managed.length} customer managed policies`,
  };
}

/**
 * Packs statements into documents under `limit`, splitting a statement whose Resource list
 * alone is too large into several statements (Sid suffixes 2, 3, …) with the same reason.
 */
export function packGrants(grants: readonly Grant[], limit: number): Grant[][] {
  const pieces = grants.flatMap((g) => splitGrant(g, limit));
  const chunks: Grant[][] = [];
  let current: Grant[] = [];
  for (const piece of pieces) {
    if (current.length > 0 && policySize(policyDocument([...current, piece])) > limit) {
      chunks.push(current);
      current = [];
    }
    current.push(piece);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

function splitGrant(g: Grant, limit: number): Grant[] {
  const size = policySize(policyDocument([g]));
  if (size <= limit) return [g];
  const resources = g.statement.Resource;
  if (!Array.isArray(resources)) {
    throw tooLarge(
      `statement ${g.statement.Sid}`,
      size,
      limit,
      'this statement cannot be split further',
    );
  }
  const list = resources as readonly string[];
  const perResource = Math.max(...list.map((r) => r.length + 3));
  const fixed = size - list.reduce((n, r) => n + r.length + 3, 0);
  const per = Math.max(1, Math.floor((limit - fixed - 16) / perResource));
  const parts: Grant[] = [];
  for (let i = 0; i < list.length; i += per) {
    const n = parts.length + 1;
    const statement: PolicyStatement & { Sid: string } = {
      ...g.statement,
      Sid: n === 1 ? g.statement.Sid : `${g.statement.Sid}${n}`,
      Resource: list.slice(i, i + per),
    };
    parts.push({ statement, reason: g.reason });
  }
  return parts;
}

/**
 * A resource policy: the exact layout (every role ARN) when it fits, else the grouped one
 * (account roots + a wildcard-account ArnLike), else a clear error.
 */
export function layoutResourcePolicy(
  what: string,
  limit: number,
  build: (grouped: boolean) => Grant[],
): { grants: Grant[]; grouped: boolean; size: number } {
  const exact = build(false);
  const exactSize = policySize(policyDocument(exact));
  if (exactSize <= limit) return { grants: exact, grouped: false, size: exactSize };
  const grouped = build(true);
  const groupedSize = policySize(policyDocument(grouped));
  if (groupedSize <= limit) return { grants: grouped, grouped: true, size: groupedSize };
  throw tooLarge(
    what,
    groupedSize,
    limit,
    'target these accounts by OU (`{ ou: ou-… }` with `organization.snapshot` from `crossline org snapshot`): the policies then grant by organization path and keep their size however many accounts join; or split the pipeline into several',
  );
}
