/**
 * The decision: explicit Deny anywhere wins; then the grant rules of DESIGN.md §6, which
 * depend on whether caller and resource share an account and on the resource policy's kind.
 *
 *   identity policies ─┐
 *   resource policy ───┼─► any matching Deny? ─► explicit-deny
 *   SCPs, boundary ────┘          │ no
 *                                 ▼
 *          grant by kind (same account: identity OR resource naming the caller;
 *          cross-account: identity AND resource; key/trust: the resource policy decides,
 *          an account-level statement delegates to identity policies; service: resource)
 *                                 ▼
 *          every SCP level and the boundary must allow ─► allow / implicit-deny
 *
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
 */
import { callerIdentity, parseArn, resourceAccountOf } from './arn.js';
import { compilePolicy } from './compile-policy.js';
import { explainDecision } from './explain.js';
import type { Shortfall } from './explain.js';
import { nearMisses } from './near-miss.js';
import type { PrincipalMatch } from './principal.js';
import { requestContext } from './request-context.js';
import { statementApplies } from './statement.js';
import type { PreparedRequest } from './statement.js';
import type { Decision, NamedPolicy, NearMiss, PolicySet, Request, StatementRef } from './types.js';

/** Allow and Deny statements of a group of policies that apply to the request. */
interface Matches {
  readonly allows: { readonly ref: StatementRef; readonly match: PrincipalMatch }[];
  readonly denies: StatementRef[];
}

function matchPolicies(
  policies: readonly NamedPolicy[],
  request: PreparedRequest,
  warnings: string[],
): Matches {
  const result: Matches = { allows: [], denies: [] };
  for (const policy of policies) {
    const compiled = compilePolicy(policy.document);
    for (const w of compiled.warnings) warnings.push(`${policy.name}: ${w}`);
    for (const statement of compiled.statements) {
      const match = statementApplies(statement, request);
      if (match === 'none') continue;
      const ref: StatementRef = {
        policy: policy.name,
        statement: statement.id,
        effect: statement.effect,
      };
      if (statement.effect === 'Deny') result.denies.push(ref);
      else result.allows.push({ ref, match });
    }
  }
  return result;
}

const EMPTY: Matches = { allows: [], denies: [] };
const refs = (allows: Matches['allows']) => allows.map((a) => a.ref);

/**
 * Decides one request against its policies. Pure and synchronous; policy documents are
 * compiled once and cached, so callers may pass the same objects for many requests.
 *
 * Service principals (e.g. `codepipeline.amazonaws.com`) are decided by the resource policy
 * alone: identity policies, SCPs and boundaries are ignored for them. An account's root user
 * is not limited by identity policies (it may do anything its account's SCPs allow).
 */
export function evaluate(request: Request, policies: PolicySet): Decision {
  const caller = callerIdentity(
    request.principal,
    request.principalAccount,
    parseArn(request.resource)?.partition,
  );
  const prepared: PreparedRequest = {
    caller,
    action: request.action.toLowerCase(),
    actionAsWritten: request.action,
    resource: request.resource,
    context: requestContext(caller, request.context),
    hasBoundary: caller.kind !== 'service' && policies.permissionBoundary !== undefined,
  };
  const warnings: string[] = [];
  const isService = caller.kind === 'service';
  const principalSide = !isService;

  const identity = principalSide ? matchPolicies(policies.identity, prepared, warnings) : EMPTY;
  // A role's trust policy governs only the sts:AssumeRole* family; for iam:PassRole and the
  // like, the role has no resource policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html).
  const trustOnly = policies.resource?.kind === 'trust' && !prepared.action.startsWith('sts:');
  if (trustOnly)
    warnings.push(
      `trust policy ${policies.resource?.policy.name} ignored: ${request.action} is not an STS action`,
    );
  const resourcePolicy = trustOnly ? undefined : policies.resource;
  const effective: PolicySet = trustOnly ? { ...policies, resource: undefined } : policies;
  const resource = resourcePolicy
    ? matchPolicies([resourcePolicy.policy], prepared, warnings)
    : EMPTY;
  const scpLevels = principalSide ? scpLevelsOf(policies) : [];
  const scps = scpLevels.map((level) => matchPolicies(level, prepared, warnings));
  const boundaryPolicy = principalSide ? policies.permissionBoundary : undefined;
  const boundary = boundaryPolicy ? matchPolicies([boundaryPolicy], prepared, warnings) : undefined;

  const identityAllows = identity.allows.length > 0 || caller.kind === 'root';
  const resourceAllows = resource.allows.length > 0;
  const base = { identityAllows, resourceAllows, warnings };

  const denies = [
    ...identity.denies,
    ...resource.denies,
    ...scps.flatMap((s) => s.denies),
    ...(boundary?.denies ?? []),
  ];
  if (denies.length > 0) {
    return decision(base, 'explicit-deny', denies, () =>
      explainDecision({ kind: 'explicit-deny', denies }, request),
    );
  }

  const resourceAccount = request.resourceAccount ?? resourceAccountOf(request.resource);
  const sameAccount = caller.account !== undefined && caller.account === resourceAccount;
  // Every KMS key has a key policy and KMS never decides on identity policies alone, so a key
  // request without its key policy fails closed (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
  const kind = resourcePolicy?.kind ?? (isKmsKeyRequest(request) ? 'key' : undefined);
  const authoritative = kind === 'key' || kind === 'trust';
  const boundaryBlocks = boundary !== undefined && boundary.allows.length === 0;

  // A permissions boundary that does not allow removes the identity path and grants that
  // name a role (not the session itself); direct grants in the same account survive.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  const identityPath = identityAllows && !boundaryBlocks;
  const named = resource.allows.filter((a) =>
    boundaryBlocks ? a.match === 'direct' : a.match === 'direct' || a.match === 'role',
  );
  const accountLevel = resource.allows.filter((a) => a.match === 'account');
  const identityRefs = refs(identity.allows);

  let grant: StatementRef[] | undefined;
  let shortfall: Shortfall;
  if (isService) {
    if (named.length > 0) grant = refs(named);
    shortfall = { kind: 'service', resourcePolicy: resourcePolicy?.policy.name };
  } else if (sameAccount) {
    if (named.length > 0) grant = refs(named);
    else if (authoritative) {
      if (accountLevel.length > 0 && identityPath) grant = [...refs(accountLevel), ...identityRefs];
    } else if (identityPath) grant = identityRefs;
    if (grant !== undefined && !authoritative && identityPath && named.length > 0)
      grant = [...identityRefs, ...grant];
    shortfall = authoritative
      ? {
          kind: 'authoritative',
          policyKind: kind,
          resourcePolicy: resourcePolicy?.policy.name,
          delegates: refs(accountLevel),
          identityAllows: identityPath,
        }
      : { kind: 'same-account', resourcePolicy: resourcePolicy?.policy.name };
  } else {
    const resourceSide = [...named, ...accountLevel];
    if (resourceSide.length > 0 && identityPath) grant = [...identityRefs, ...refs(resourceSide)];
    shortfall = {
      kind: 'cross-account',
      resourcePolicy: resourcePolicy?.policy.name,
      resourceAllows: resourceSide.length > 0,
      identityAllows: identityPath,
      principalAccount: caller.account,
      resourceAccount,
    };
  }
  if (boundaryBlocks && grant === undefined && identityAllows) {
    shortfall = { kind: 'boundary', boundary: boundaryPolicy?.name ?? '' };
  }

  if (grant !== undefined) {
    const blockedLevel = scps.findIndex((level) => level.allows.length === 0);
    if (blockedLevel >= 0) {
      const names = (scpLevels[blockedLevel] ?? []).map((p) => p.name);
      shortfall = { kind: 'scp', level: blockedLevel, policies: names };
      grant = undefined;
      return implicitDeny(request, prepared, effective, shortfall, [], base);
    }
    const granted = grant;
    return decision(base, 'allow', granted, () =>
      explainDecision({ kind: 'allow', grant: granted, sameAccount, policyKind: kind }, request),
    );
  }
  // The statements that did match, on a side that was not enough on its own.
  const partial = [...identityRefs, ...refs(resource.allows)];
  return implicitDeny(request, prepared, effective, shortfall, partial, base);
}

function implicitDeny(
  request: Request,
  prepared: PreparedRequest,
  policies: PolicySet,
  shortfall: Shortfall,
  partial: StatementRef[],
  base: DecisionBase,
): Decision {
  let misses: NearMiss[] | undefined;
  const computeMisses = () =>
    (misses ??= nearMisses(shortfall, prepared, policies, scpLevelsOf(policies)));
  return decision(
    base,
    'implicit-deny',
    partial,
    () =>
      explainDecision({ kind: 'implicit-deny', shortfall, nearMisses: computeMisses() }, request),
    computeMisses,
  );
}

type DecisionBase = Pick<Decision, 'identityAllows' | 'resourceAllows' | 'warnings'>;
const NONE: readonly NearMiss[] = Object.freeze([]);

/**
 * A decision whose explanation and near misses are computed on first read: most callers of a
 * hot loop only look at `allowed`. Both are own enumerable getters, so JSON and spreads see them.
 */
function decision(
  base: DecisionBase,
  outcome: Decision['outcome'],
  deciding: readonly StatementRef[],
  explain: () => string,
  misses: () => readonly NearMiss[] = () => NONE,
): Decision {
  let explanation: string | undefined;
  return {
    allowed: outcome === 'allow',
    outcome,
    deciding,
    identityAllows: base.identityAllows,
    resourceAllows: base.resourceAllows,
    get explanation() {
      return (explanation ??= explain());
    },
    get nearMisses() {
      return misses();
    },
    warnings: base.warnings,
  };
}

function isKmsKeyRequest(request: Request): boolean {
  return (
    request.action.toLowerCase().startsWith('kms:') &&
    /^arn:[^:]+:kms:[^:]*:[^:]*:key\//.test(request.resource)
  );
}

function scpLevelsOf(policies: PolicySet): (readonly NamedPolicy[])[] {
  const levels: (readonly NamedPolicy[])[] = [...(policies.scpLevels ?? [])];
  if (policies.scps !== undefined) levels.push(policies.scps);
  // An empty level means "no SCPs given", not "an SCP level that allows nothing".
  return levels.filter((level) => level.length > 0);
}
