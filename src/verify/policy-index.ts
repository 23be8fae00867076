import { roleOfSession, rootOfPrincipal } from '../model/arns.js';
import type { NamedPolicy, PolicySet, ResourcePolicyKind as EngineKind } from '../iam/index.js';
import { ADMIN_DOCUMENT } from './rows.js';
import type { AccessRow, PolicyInput, ResourcePolicyKind } from './types.js';

/** What the engine gets for one row, or why there is nothing to evaluate. */
export type RowPolicies =
  | { readonly kind: 'set'; readonly set: PolicySet }
  | { readonly kind: 'missing'; readonly what: string };

/**
 * Policies by what they are attached to: identity policies by role ARN, resource policies by
 * kind and resource ARN. Built once per verify run.
 */
export class PolicyIndex {
  private readonly identity = new Map<string, NamedPolicy[]>();
  private readonly resource = new Map<string, NamedPolicy[]>();
  /** Principal -> identity key: a few dozen principals recur across every row. */
  private readonly identityKeys = new Map<string, string>();

  constructor(policies: readonly PolicyInput[]) {
    for (const p of policies) {
      const named: NamedPolicy = { name: p.name, document: p.document };
      const map = p.kind === 'identity' ? this.identity : this.resource;
      const key = p.kind === 'identity' ? p.attachedTo : resourceKey(p.kind, p.attachedTo);
      const list = map.get(key);
      if (list) list.push(named);
      else map.set(key, [named]);
    }
  }

  forRow(row: AccessRow): RowPolicies {
    const identity =
      row.layer === 'resource'
        ? [ADMIN]
        : (this.identity.get(this.identityKey(row.principal)) ?? []);
    if (row.layer === 'identity') return { kind: 'set', set: { identity, ...delegation(row) } };
    const rp = row.resourcePolicy;
    if (rp === undefined) return { kind: 'set', set: { identity } };
    const found = this.resource.get(resourceKey(rp.kind, rp.arn)) ?? [];
    if (found.length === 0) {
      // A role without a trust policy or a key without a key policy cannot exist: nothing
      // would allow the request. A bucket or bus without a policy is ordinary.
      if (rp.kind === 'trust')
        return {
          kind: 'missing',
          what: `no trust policy for ${rp.arn} (the role is not among the policies given)`,
        };
      if (rp.kind === 'key')
        return {
          kind: 'missing',
          what: `no key policy for ${rp.arn} (the key is not among the policies given)`,
        };
      return { kind: 'set', set: { identity } };
    }
    const policy: NamedPolicy =
      found.length === 1
        ? found[0]
        : { name: found.map((f) => f.name).join('+'), document: merge(found) };
    return { kind: 'set', set: { identity, resource: { kind: ENGINE_KIND[rp.kind], policy } } };
  }

  /** An assumed-role session acts with its role's policies. */
  private identityKey(principal: string): string {
    let key = this.identityKeys.get(principal);
    if (key === undefined) {
      key = roleOfSession(principal) ?? principal;
      this.identityKeys.set(principal, key);
    }
    return key;
  }
}

/** The identity a `resource`-layer row assumes: everything allowed on the caller's side. */
const ADMIN: NamedPolicy = { name: 'assumed/identity-allows-everything', document: ADMIN_DOCUMENT };

/**
 * For an identity-layer row on a key or a role: the key policy or trust that hands the
 * decision to IAM (it names the caller's account), so the identity policies alone decide.
 */
function delegation(row: AccessRow): Pick<PolicySet, 'resource'> {
  const kind: EngineKind | undefined =
    row.resourcePolicy?.kind === 'trust' || row.action.toLowerCase().startsWith('sts:')
      ? 'trust'
      : row.resourcePolicy?.kind === 'key' || row.action.toLowerCase().startsWith('kms:')
        ? 'key'
        : undefined;
  if (kind === undefined) return {};
  const root = rootOfPrincipal(row.principal) ?? row.principal;
  const key = `${kind}|${root}`;
  let policy = DELEGATIONS.get(key);
  if (policy === undefined) {
    // One document object per (kind, account): the engine compiles each document once.
    const document = {
      Version: '2012-10-17',
      Statement: [
        {
          Sid: 'DelegateToIam',
          Effect: 'Allow',
          Principal: { AWS: root },
          Action: '*',
          Resource: '*',
        },
      ],
    };
    policy = { name: `assumed/${kind}-delegates-to-iam`, document };
    DELEGATIONS.set(key, policy);
  }
  return { resource: { kind, policy } };
}

const DELEGATIONS = new Map<string, NamedPolicy>();

const ENGINE_KIND: Record<ResourcePolicyKind, EngineKind> = {
  key: 'key',
  bucket: 'bucket',
  bus: 'bus',
  repository: 'generic',
  // An SNS topic policy is an ordinary resource policy.
  topic: 'generic',
  trust: 'trust',
};

function resourceKey(kind: ResourcePolicyKind, arn: string): string {
  return `${kind}|${arn}`;
}

/** A resource has one policy; two entries for it (e.g. split by a reader) are its union. */
function merge(policies: readonly NamedPolicy[]): unknown {
  const statements = policies.flatMap((p) => {
    const doc = (typeof p.document === 'string' ? JSON.parse(p.document) : p.document) as {
      Statement?: unknown;
    };
    return Array.isArray(doc.Statement)
      ? (doc.Statement as unknown[])
      : doc.Statement === undefined
        ? []
        : [doc.Statement];
  });
  return { Version: '2012-10-17', Statement: statements };
}
