import type { Decision, NearMiss, PolicySet, StatementRef } from '../iam/index.js';
import { isArn } from '../model/arns.js';
import { parseStep } from './step.js';
import type { AccessRow } from './types.js';

const ref = (r: StatementRef): string => `${r.policy}/${r.statement}`;
const refs = (rs: readonly StatementRef[]): string => [...new Set(rs.map(ref))].join(', ');

const NOUN: Record<string, string> = {
  key: 'key policy',
  bucket: 'bucket policy',
  bus: 'event bus policy',
  trust: 'trust policy',
};

/**
 * Why a row came out as it did, in one sentence; for a failing row, what to change and where.
 * Uses the engine's near misses: "add it to statement X" beats "something is missing".
 */
/** What the positive script says each principal legitimately does: `principal|action` pairs. */
export interface KnownRequests {
  readonly calls: ReadonlySet<string>;
  /** `principal|action|resource` of the positive rows. */
  readonly requests: ReadonlySet<string>;
  readonly principals: ReadonlySet<string>;
}

export function knownRequests(rows: readonly AccessRow[]): KnownRequests {
  const allowed = rows.filter((r) => r.expect === 'allow');
  return {
    calls: new Set(allowed.map((r) => `${r.principal}|${r.action.toLowerCase()}`)),
    requests: new Set(allowed.map((r) => `${r.principal}|${r.action.toLowerCase()}|${r.resource}`)),
    principals: new Set(allowed.map((r) => r.principal)),
  };
}

export function reasonFor(
  row: AccessRow,
  decision: Decision,
  policies: PolicySet,
  known?: KnownRequests,
): string {
  if (row.expect === 'allow') {
    if (decision.allowed) return `allowed by ${refs(decision.deciding)}`;
    if (decision.outcome === 'explicit-deny') {
      return `denied by ${refs(decision.deciding)}: narrow that Deny (or fix the request's context) so that it does not match ${row.action} by ${row.principal}`;
    }
    return missingGrant(row, decision, policies);
  }
  if (!decision.allowed) {
    if (decision.outcome === 'explicit-deny') return `denied by ${refs(decision.deciding)}`;
    return `denied: ${deniedSide(row, decision, policies)}`;
  }
  // The worst-case identities the script assumes are not what to fix: name the real grants.
  const real = decision.deciding.filter((r) => !r.policy.startsWith('assumed/'));
  const shown = real.length > 0 ? real : decision.deciding;
  return `must be denied, but ${refs(shown)} let${shown.length === 1 ? 's' : ''} ${row.principal} call ${row.action} on ${row.resource}: ${tighten(row, decision, policies, known)}`;
}

/** Which side stopped an expected deny, in a few words. */
function deniedSide(row: AccessRow, d: Decision, policies: PolicySet): string {
  const noun = row.resourcePolicy
    ? (NOUN[row.resourcePolicy.kind] ?? 'resource policy')
    : undefined;
  const resource = policies.resource !== undefined && noun !== undefined;
  if (d.identityAllows && resource && !d.resourceAllows)
    return `the ${noun} does not admit the caller`;
  if (d.identityAllows && resource)
    return `the ${noun} admits the account only, and no identity policy of the caller allows it`;
  if (!d.identityAllows && resource && d.resourceAllows)
    return 'no identity policy of the caller allows it';
  if (!d.identityAllows && !isArn(row.principal) && resource)
    return `the ${noun} does not admit the service for this request`;
  return resource
    ? `neither the caller's policies nor the ${noun} allow it`
    : 'no policy of the caller allows it';
}

function missingGrant(row: AccessRow, d: Decision, policies: PolicySet): string {
  const parts: string[] = [];
  const service = !isArn(row.principal);
  const resourceName = policies.resource?.policy.name;
  const rpNoun = row.resourcePolicy
    ? (NOUN[row.resourcePolicy.kind] ?? 'resource policy')
    : undefined;
  const identityNames = policies.identity.map((p) => p.name);
  const idMisses = d.nearMisses.filter((m) => identityNames.includes(m.ref.policy));
  const rpMisses = d.nearMisses.filter((m) => m.ref.policy === resourceName);

  const resourceShort = row.resourcePolicy !== undefined && !d.resourceAllows;
  if (resourceShort) {
    parts.push(
      `the ${rpNoun} of ${row.resourcePolicy?.arn} (${resourceName ?? 'none given'}) does not let ${row.principal} call ${row.action}: ${fix(rpMisses, row, 'resource')}`,
    );
  }
  if (!service && !d.identityAllows) {
    const whose =
      identityNames.length === 0
        ? `${row.principal} has no identity policy`
        : `the identity policy of ${row.principal} (${identityNames.join(', ')}) does not allow ${row.action} on ${row.resource}`;
    parts.push(`${whose}: ${fix(idMisses, row, 'identity')}`);
  }
  if (parts.length === 0) {
    // Both sides allow something, yet the engine denied: delegation or SCP/boundary rules.
    return `not allowed: ${d.explanation}`;
  }
  return parts.join('; and ');
}

/** Concrete advice from the closest statement, element by element. */
function fix(misses: readonly NearMiss[], row: AccessRow, side: 'identity' | 'resource'): string {
  const first = misses[0];
  if (first === undefined) {
    return side === 'identity'
      ? `add a statement allowing ${row.action} on ${row.resource}`
      : `add a statement allowing ${row.action} to ${principalAdvice(row)}`;
  }
  const same = misses.filter((m) => ref(m.ref) === ref(first.ref));
  const changes = same.map((m) => {
    switch (m.element) {
      case 'Action':
      case 'NotAction':
        return `add ${row.action} to its Action`;
      case 'Resource':
      case 'NotResource':
        return `add ${row.resource} to its Resource`;
      case 'Principal':
      case 'NotPrincipal':
        return `add ${principalAdvice(row)} to its Principal`;
      case 'Condition':
        return `its Condition does not hold (${m.detail})`;
    }
    return m.detail;
  });
  return `closest is statement ${ref(first.ref)}: ${changes.join(', ')}`;
}

function principalAdvice(row: AccessRow): string {
  if (!isArn(row.principal)) return `the service ${row.principal}`;
  return `${row.principal} (or its account root, pinned with aws:PrincipalArn)`;
}

/**
 * For a row that must be denied but is allowed: which element of the granting statement to
 * narrow. A caller the pipeline never uses → the statement admits too many principals; a
 * known caller and a known action → it covers too many resources; otherwise too many actions.
 */
function tighten(row: AccessRow, d: Decision, policies: PolicySet, known?: KnownRequests): string {
  const check = parseStep(row.step)?.check;
  if (check === 'no-tls' || check === 'no-sse') {
    return 'the bucket policy must deny it: add (or repair) its Deny on aws:SecureTransport = false / uploads without s3:x-amz-server-side-encryption = aws:kms';
  }
  const grant = d.deciding.find((r) => r.effect === 'Allow' && !r.policy.startsWith('assumed/'));
  if (grant === undefined)
    return "add a Deny, or pin the resource policy's grants to the pipeline's principals";
  const onResource = grant.policy === policies.resource?.policy.name;
  const what = `narrow ${ref(grant)}`;
  if (known !== undefined && !known.principals.has(row.principal)) {
    return onResource
      ? `${what}: its Principal and conditions admit ${row.principal}; name only the pipeline's principals (account root pinned with aws:PrincipalArn, or the service with aws:SourceAccount/aws:SourceArn)`
      : `${what}: it lets ${row.principal} act outside the pipeline`;
  }
  if (
    known !== undefined &&
    known.requests.has(`${row.principal}|${row.action.toLowerCase()}|${row.resource}`)
  ) {
    const keys = Object.keys(row.context).filter((k) => k !== 'aws:SecureTransport');
    return `${what}: the pipeline makes this call, but not with this context (${keys.map((k) => `${k} = ${JSON.stringify(row.context[k])}`).join(', ')}); restore the Condition that pins it`;
  }
  if (known !== undefined && known.calls.has(`${row.principal}|${row.action.toLowerCase()}`)) {
    return `${what}: its Resource covers ${row.resource}; list only the resources the pipeline uses`;
  }
  if (known !== undefined)
    return `${what}: its Action covers ${row.action}, which the pipeline never calls here; list only the actions it needs`;
  return `${what} (its Principal, conditions, Action or Resource) so that it does not cover this request`;
}
