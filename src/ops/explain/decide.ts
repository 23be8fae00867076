/**
 * Each reconstructed request evaluated with the iam engine (through verify, so the reason
 * names the statement to change) against the live or snapshot policies; each layer alone
 * tells which side denies: the caller's identity policies or the resource's own policy.
 */
import { roleArn } from '../../model/index.js';
import { verifyAccess, type AccessRow, type PolicyInput } from '../../verify/index.js';

export type Side = 'identity' | 'resource' | 'both' | 'codepipeline';

export interface RequestVerdict {
  /** The access-script step the request belongs to (`explain.request` for one it has no row for). */
  readonly step: string;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, unknown>>;
  readonly resourcePolicy?: AccessRow['resourcePolicy'];
  readonly allowed: boolean;
  readonly outcome: 'allow' | 'explicit-deny' | 'implicit-deny' | 'codepipeline-rule';
  /** Which side denies (absent when allowed). */
  readonly side?: Side | undefined;
  /** The statements that deny, or that the fix names (policy/Sid). */
  readonly statements: readonly string[];
  readonly fix: string;
}

const accounts: readonly { alias: string; id: string }[] = [];

export function decide(row: AccessRow, policies: readonly PolicyInput[]): RequestVerdict {
  const layers: AccessRow[] = [row, { ...row, layer: 'identity' }];
  if (row.resourcePolicy !== undefined) layers.push({ ...row, layer: 'resource' });
  const [full, identity, resource] = verifyAccess(
    { rows: layers, assumed: [], accounts },
    policies,
  ).rows;
  const base = {
    step: row.step,
    principal: row.principal,
    action: row.action,
    resource: row.resource,
    context: row.context,
    ...(row.resourcePolicy ? { resourcePolicy: row.resourcePolicy } : {}),
  };
  if (full.decision === 'allowed') {
    const by = full.deciding.map((d) => `${d.policy}/${d.statement}`);
    return {
      ...base,
      allowed: true,
      outcome: 'allow',
      statements: by,
      fix: `allowed now by ${by.join(', ')}`,
    };
  }
  const denies = full.deciding.filter((d) => d.effect === 'Deny');
  const identityNames = new Set(
    policies
      .filter((p) => p.kind === 'identity' && p.attachedTo === roleOf(row.principal))
      .map((p) => p.name),
  );
  let side: Side;
  if (denies.length > 0) {
    const inIdentity = denies.some((d) => identityNames.has(d.policy));
    const inResource = denies.some((d) => !identityNames.has(d.policy));
    side = inIdentity && inResource ? 'both' : inIdentity ? 'identity' : 'resource';
  } else {
    const identityDenies = identity.decision === 'denied';
    const resourceDenies = resource !== undefined && resource.decision === 'denied';
    side = identityDenies && resourceDenies ? 'both' : resourceDenies ? 'resource' : 'identity';
  }
  const statements = (denies.length > 0 ? denies : (full.closest ?? [])).map(
    (d) => `${d.policy}/${d.statement}`,
  );
  return {
    ...base,
    allowed: false,
    outcome: denies.length > 0 ? 'explicit-deny' : 'implicit-deny',
    side,
    statements,
    fix: full.reason,
  };
}

function roleOf(principal: string): string {
  const m = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\//.exec(principal);
  return m ? roleArn(m[1], m[2], m[3]) : principal;
}
