// The documented categories of disagreement between our engine and the oracle
// (docs/iam-differences.md). Each is recognized from the inputs alone, never from our engine's
// answer, so a new kind of disagreement cannot hide in a known category.
import type { PolicySet, Request } from '../../src/iam/index.js';

export type DifferenceCategory =
  | 'root-user'
  | 'service-principal-principal-side'
  | 'notprincipal-chain'
  | 'variable-outside-resource-field';

type Statement = Record<string, unknown>;

function statements(document: unknown): Statement[] {
  const body = (document as { Statement?: unknown }).Statement;
  return (Array.isArray(body) ? body : [body]).filter(
    (s): s is Statement => typeof s === 'object' && s !== null,
  );
}

function allPolicies(policies: PolicySet) {
  return [
    ...policies.identity,
    ...(policies.resource ? [policies.resource.policy] : []),
    ...(policies.scps ?? []),
    ...(policies.scpLevels ?? []).flat(),
    ...(policies.permissionBoundary ? [policies.permissionBoundary] : []),
  ];
}

const list = (v: unknown): string[] =>
  (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');

/** The role ARN of an assumed-role session ARN (without path), else undefined. */
function roleOf(principal: string): string | undefined {
  const m = /^arn:aws:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal);
  return m ? `arn:aws:iam::${m[1]}:role/${m[2]}` : undefined;
}

/** The categories whose preconditions hold for this request; a disagreement must fall in one. */
export function applicableCategories(
  request: Request,
  policies: PolicySet,
): Set<DifferenceCategory> {
  const out = new Set<DifferenceCategory>();
  const principal = request.principal;
  const isService = !principal.startsWith('arn:');
  if (/^arn:aws:iam::\d{12}:root$/.test(principal)) out.add('root-user');
  const principalSide =
    policies.identity.length > 0 ||
    policies.scps !== undefined ||
    policies.scpLevels !== undefined ||
    policies.permissionBoundary !== undefined;
  if (isService && principalSide) out.add('service-principal-principal-side');
  if (policies.resource) {
    const account = principal.split(':')[4];
    for (const s of statements(policies.resource.policy.document)) {
      const np = s['NotPrincipal'] as { AWS?: unknown } | undefined;
      if (np === undefined || isService) continue;
      const aws = list(np.AWS);
      const accountListed = aws.some((e) => e === account || e === `arn:aws:iam::${account}:root`);
      const selfListed = aws.some((e) => e === principal || e === roleOf(principal));
      if (accountListed !== selfListed || policies.permissionBoundary !== undefined)
        out.add('notprincipal-chain');
    }
  }
  for (const policy of allPolicies(policies)) {
    for (const s of statements(policy.document)) {
      for (const pattern of [...list(s['Resource']), ...list(s['NotResource'])]) {
        const beforeResource = pattern.split(':').slice(0, 5).join(':');
        if (pattern.indexOf('${') >= 0 && pattern.indexOf('${') < beforeResource.length)
          out.add('variable-outside-resource-field');
      }
    }
  }
  return out;
}

/**
 * The oracle's input adjusted so that it applies the AWS rule the category documents. A
 * disagreement is accepted only if the engines agree once the adjustment is made, so a
 * category cannot hide an unrelated bug.
 */
export function adjustForOracle(
  category: DifferenceCategory,
  request: Request,
  policies: PolicySet,
): PolicySet {
  switch (category) {
    case 'root-user':
      // The root user is not limited by identity policies: give the oracle an allow-all one.
      return {
        ...policies,
        identity: [
          ...policies.identity,
          {
            name: 'root-user',
            document: { Statement: { Effect: 'Allow', Action: '*', Resource: '*' } },
          },
        ],
      };
    case 'service-principal-principal-side':
      // A service principal has no identity policies, SCPs or boundary.
      return { resource: policies.resource, identity: [] };
    case 'variable-outside-resource-field':
      return mapStatements(policies, (s) => {
        const context = derivedValues(request.principal);
        const resolve = (v: unknown) =>
          list(v).map((p) =>
            p.replace(/\$\{([^}]+)\}/g, (m, key: string) => context[key.toLowerCase()] ?? m),
          );
        const out = { ...s };
        if (s['Resource'] !== undefined) out['Resource'] = resolve(s['Resource']);
        if (s['NotResource'] !== undefined) out['NotResource'] = resolve(s['NotResource']);
        return out;
      });
    case 'notprincipal-chain':
      return {
        ...policies,
        resource: policies.resource && {
          kind: policies.resource.kind,
          policy: {
            name: policies.resource.policy.name,
            document: {
              Statement: statements(policies.resource.policy.document).flatMap((s) =>
                rewriteNotPrincipal(s, request, policies),
              ),
            },
          },
        },
      };
  }
}

function derivedValues(principal: string): Record<string, string> {
  const account = principal.split(':')[4] ?? '';
  return { 'aws:principalaccount': account };
}

function mapStatements(policies: PolicySet, f: (s: Statement) => Statement): PolicySet {
  const map = (p: { name: string; document: unknown }) => ({
    name: p.name,
    document: { Statement: statements(p.document).map(f) },
  });
  return {
    identity: policies.identity.map(map),
    resource: policies.resource && {
      kind: policies.resource.kind,
      policy: map(policies.resource.policy),
    },
    scps: policies.scps?.map(map),
    scpLevels: policies.scpLevels?.map((level) => level.map(map)),
    permissionBoundary: policies.permissionBoundary && map(policies.permissionBoundary),
  };
}

/** NotPrincipal per the AWS chain rule: the statement applies (Principal "*") or is dropped. */
function rewriteNotPrincipal(s: Statement, request: Request, policies: PolicySet): Statement[] {
  const np = s['NotPrincipal'] as { AWS?: unknown; Service?: unknown } | undefined;
  if (np === undefined) return [s];
  const principal = request.principal;
  const account = principal.split(':')[4];
  const aws = list(np.AWS);
  const accountListed = aws.some((e) => e === account || e === `arn:aws:iam::${account}:root`);
  const selfListed = aws.some((e) => e === principal || e === roleOf(principal));
  const spared = principal.startsWith('arn:')
    ? s['Effect'] === 'Deny' && policies.permissionBoundary !== undefined
      ? false
      : accountListed && selfListed
    : list(np.Service).includes(principal);
  if (spared) return [];
  const rest: Statement = { ...s, Principal: '*' };
  delete rest['NotPrincipal'];
  return [rest];
}
