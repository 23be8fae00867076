/**
 * The decision: explicit Deny anywhere wins; then the grant rules of docs/design.md §6, which
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
import { BoundedCache } from './bounded-cache.js';
import { callerIdentity, parseArnCached, resourceAccountOf } from './arn.js';
import { compilePolicy } from './compile-policy.js';
import type { CompiledPolicy } from './compile-policy.js';
import { explainDecision } from './explain.js';
import type { Shortfall } from './explain.js';
import { nearMisses } from './near-miss.js';
import type { PrincipalMatch } from './principal.js';
import { requestContext } from './request-context.js';
import { statementApplies } from './statement.js';
import type { PreparedRequest } from './statement.js';
import type { Decision, NamedPolicy, NearMiss, PolicySet, Request, StatementRef } from './types.js';

interface Allow {
  readonly ref: StatementRef;
  readonly match: PrincipalMatch;
}

/**
 * What matched in one evaluation. Arrays are created only when something is added: most
 * statements do not apply, and a hot loop should not pay for empty lists.
 */
class Matches {
  warnings: string[] | undefined;
  /** Deny statements of every group, in the order the groups were matched. */
  denies: StatementRef[] | undefined;

  constructor(private readonly request: PreparedRequest) {}

  /** The Allow statements of `policies` that apply (`undefined`: none); collects Denies. */
  match(policies: readonly NamedPolicy[]): Allow[] | undefined {
    let allows: Allow[] | undefined;
    for (const policy of policies) allows = this.add(policy, allows);
    return allows;
  }

  matchOne(policy: NamedPolicy): Allow[] | undefined {
    return this.add(policy, undefined);
  }

  private add(policy: NamedPolicy, allows: Allow[] | undefined): Allow[] | undefined {
    const compiled = compilePolicy(policy.document);
    for (const w of compiled.warnings) (this.warnings ??= []).push(`${policy.name}: ${w}`);
    const statements = compiled.statements;
    for (let i = 0; i < statements.length; i++) {
      const statement = statements[i];
      const match = statementApplies(statement, this.request);
      if (match === 'none') continue;
      const ref = refOf(compiled, policy.name, i);
      if (statement.effect === 'Deny') (this.denies ??= []).push(ref);
      else (allows ??= []).push({ ref, match });
    }
    return allows;
  }

  warn(message: string): void {
    (this.warnings ??= []).push(message);
  }
}

/** StatementRefs per compiled policy and name, built once: they are frozen values. */
const refCache = new WeakMap<CompiledPolicy, Map<string, StatementRef[]>>();

function refOf(compiled: CompiledPolicy, name: string, index: number): StatementRef {
  let byName = refCache.get(compiled);
  if (byName === undefined) {
    byName = new Map();
    refCache.set(compiled, byName);
  }
  let refs = byName.get(name);
  if (refs === undefined) {
    refs = compiled.statements.map((statement) =>
      Object.freeze({ policy: name, statement: statement.id, effect: statement.effect }),
    );
    byName.set(name, refs);
  }
  return refs[index];
}

const NO_ALLOWS: readonly Allow[] = Object.freeze([]);
const NO_REFS: readonly StatementRef[] = Object.freeze([]);
const NO_WARNINGS: readonly string[] = Object.freeze([]);
const refs = (allows: readonly Allow[]): readonly StatementRef[] =>
  allows.length === 0 ? NO_REFS : allows.map((a) => a.ref);

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
    parseArnCached(request.resource)?.partition,
  );
  const prepared: PreparedRequest = {
    caller,
    action: lowerCase(request.action),
    actionAsWritten: request.action,
    resource: request.resource,
    context: requestContext(
      caller,
      request.context,
      request.organization === undefined
        ? undefined
        : {
            organization: request.organization,
            resourceAccount: request.resourceAccount ?? resourceAccountOf(request.resource),
          },
    ),
    hasBoundary: caller.kind !== 'service' && policies.permissionBoundary !== undefined,
  };
  const matches = new Matches(prepared);
  const isService = caller.kind === 'service';
  const principalSide = !isService;

  const identity = (principalSide ? matches.match(policies.identity) : undefined) ?? NO_ALLOWS;
  // A role's trust policy governs only the sts:AssumeRole* family; for iam:PassRole and the
  // like, the role has no resource policy (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html).
  const trustOnly = policies.resource?.kind === 'trust' && !prepared.action.startsWith('sts:');
  if (trustOnly)
    matches.warn(
      `trust policy ${policies.resource?.policy.name} ignored: ${request.action} is not an STS action`,
    );
  const resourcePolicy = trustOnly ? undefined : policies.resource;
  const effective: PolicySet = trustOnly ? { ...policies, resource: undefined } : policies;
  const resource =
    (resourcePolicy ? matches.matchOne(resourcePolicy.policy) : undefined) ?? NO_ALLOWS;
  const scpLevels = principalSide ? scpLevelsOf(policies) : NO_LEVELS;
  // The first SCP level that allows nothing (every level is still searched for Denies).
  let blockedLevel = -1;
  for (let i = 0; i < scpLevels.length; i++) {
    const allows = matches.match(scpLevels[i]);
    if (allows === undefined && blockedLevel < 0) blockedLevel = i;
  }
  const boundaryPolicy = principalSide ? policies.permissionBoundary : undefined;
  const boundaryAllows = boundaryPolicy ? matches.matchOne(boundaryPolicy) : undefined;

  const identityAllows = identity.length > 0 || caller.kind === 'root';
  const resourceAllows = resource.length > 0;
  const warnings = matches.warnings ?? NO_WARNINGS;

  const denies = matches.denies;
  if (denies !== undefined) {
    return decision(identityAllows, resourceAllows, warnings, 'explicit-deny', denies, () =>
      explainDecision({ kind: 'explicit-deny', denies }, request),
    );
  }

  const resourceAccount = request.resourceAccount ?? resourceAccountOf(request.resource);
  const sameAccount = caller.account !== undefined && caller.account === resourceAccount;
  // Every KMS key has a key policy and KMS never decides on identity policies alone, so a key
  // request without its key policy fails closed (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-overview.html).
  const kind = resourcePolicy?.kind ?? (isKmsKeyRequest(prepared) ? 'key' : undefined);
  const authoritative = kind === 'key' || kind === 'trust';
  const boundaryBlocks = boundaryPolicy !== undefined && boundaryAllows === undefined;

  // A permissions boundary that does not allow removes the identity path and grants that
  // name a role (not the session itself); direct grants in the same account survive.
  // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
  const identityPath = identityAllows && !boundaryBlocks;
  const named =
    resource.length === 0
      ? NO_ALLOWS
      : resource.filter((a) =>
          boundaryBlocks ? a.match === 'direct' : a.match === 'direct' || a.match === 'role',
        );
  const accountLevel =
    resource.length === 0 ? NO_ALLOWS : resource.filter((a) => a.match === 'account');
  const identityRefs = refs(identity);

  let grant: readonly StatementRef[] | undefined;
  if (isService) {
    if (named.length > 0) grant = refs(named);
  } else if (sameAccount) {
    if (named.length > 0) grant = refs(named);
    else if (authoritative) {
      if (accountLevel.length > 0 && identityPath) grant = [...refs(accountLevel), ...identityRefs];
    } else if (identityPath) grant = identityRefs;
    if (grant !== undefined && !authoritative && identityPath && named.length > 0)
      grant = [...identityRefs, ...grant];
  } else if (named.length + accountLevel.length > 0 && identityPath) {
    grant = [...identityRefs, ...refs(named), ...refs(accountLevel)];
  }

  if (grant !== undefined) {
    if (blockedLevel >= 0) {
      const names = (scpLevels[blockedLevel] ?? []).map((p) => p.name);
      const shortfall: Shortfall = { kind: 'scp', level: blockedLevel, policies: names };
      return implicitDeny(
        request,
        prepared,
        effective,
        shortfall,
        NO_REFS,
        identityAllows,
        resourceAllows,
        warnings,
      );
    }
    const granted = grant;
    return decision(identityAllows, resourceAllows, warnings, 'allow', granted, () =>
      explainDecision({ kind: 'allow', grant: granted, sameAccount, policyKind: kind }, request),
    );
  }

  let shortfall: Shortfall;
  if (boundaryBlocks && identityAllows) {
    shortfall = { kind: 'boundary', boundary: boundaryPolicy?.name ?? '' };
  } else if (isService) {
    shortfall = { kind: 'service', resourcePolicy: resourcePolicy?.policy.name };
  } else if (sameAccount) {
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
    shortfall = {
      kind: 'cross-account',
      resourcePolicy: resourcePolicy?.policy.name,
      resourceAllows: named.length + accountLevel.length > 0,
      identityAllows: identityPath,
      principalAccount: caller.account,
      resourceAccount,
    };
  }
  // The statements that did match, on a side that was not enough on its own.
  const partial = resource.length === 0 ? identityRefs : [...identityRefs, ...refs(resource)];
  return implicitDeny(
    request,
    prepared,
    effective,
    shortfall,
    partial,
    identityAllows,
    resourceAllows,
    warnings,
  );
}

function implicitDeny(
  request: Request,
  prepared: PreparedRequest,
  policies: PolicySet,
  shortfall: Shortfall,
  partial: readonly StatementRef[],
  identityAllows: boolean,
  resourceAllows: boolean,
  warnings: readonly string[],
): Decision {
  let misses: NearMiss[] | undefined;
  const computeMisses = () =>
    (misses ??= nearMisses(shortfall, prepared, policies, scpLevelsOf(policies)));
  return decision(
    identityAllows,
    resourceAllows,
    warnings,
    'implicit-deny',
    partial,
    () =>
      explainDecision({ kind: 'implicit-deny', shortfall, nearMisses: computeMisses() }, request),
    computeMisses,
  );
}

const NONE: readonly NearMiss[] = Object.freeze([]);
const noMisses = () => NONE;

/**
 * A decision whose explanation and near misses are computed on first read: most callers of a
 * hot loop only look at `allowed`. Both are own enumerable getters, so JSON and spreads see them.
 * They are defined with shared getter functions (not an object literal's per-object closures,
 * which V8 builds in its slow path and which cost more than the rest of an evaluation).
 */
class LazyDecision {
  static readonly #explanation: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyDecision) {
      return (this.#explained ??= this.#explain());
    },
  };
  static readonly #nearMisses: PropertyDescriptor = {
    enumerable: true,
    configurable: true,
    get(this: LazyDecision) {
      return this.#misses();
    },
  };

  readonly #explain: () => string;
  readonly #misses: () => readonly NearMiss[];
  #explained: string | undefined;

  constructor(
    identityAllows: boolean,
    resourceAllows: boolean,
    warnings: readonly string[],
    outcome: Decision['outcome'],
    deciding: readonly StatementRef[],
    explain: () => string,
    misses: () => readonly NearMiss[] = noMisses,
  ) {
    this.#explain = explain;
    this.#misses = misses;
    // The property order of the plain objects this replaces: JSON output stays the same.
    const self = this as unknown as Record<string, unknown>;
    self['allowed'] = outcome === 'allow';
    self['outcome'] = outcome;
    self['deciding'] = deciding;
    self['identityAllows'] = identityAllows;
    self['resourceAllows'] = resourceAllows;
    Object.defineProperty(this, 'explanation', LazyDecision.#explanation);
    Object.defineProperty(this, 'nearMisses', LazyDecision.#nearMisses);
    self['warnings'] = warnings;
  }
}

function decision(...args: ConstructorParameters<typeof LazyDecision>): Decision {
  return new LazyDecision(...args) as unknown as Decision;
}

const KMS_KEY = /^arn:[^:]+:kms:[^:]*:[^:]*:key\//;

function isKmsKeyRequest(request: PreparedRequest): boolean {
  return request.action.startsWith('kms:') && KMS_KEY.test(request.resource);
}

const NO_LEVELS: readonly (readonly NamedPolicy[])[] = Object.freeze([]);

function scpLevelsOf(policies: PolicySet): readonly (readonly NamedPolicy[])[] {
  if (policies.scpLevels === undefined && policies.scps === undefined) return NO_LEVELS;
  const levels: (readonly NamedPolicy[])[] = [...(policies.scpLevels ?? [])];
  if (policies.scps !== undefined) levels.push(policies.scps);
  // An empty level means "no SCPs given", not "an SCP level that allows nothing".
  return levels.filter((level) => level.length > 0);
}

const lowered = new BoundedCache<string>(10_000);
const toLowerCase = (action: string): string => action.toLowerCase();

/** Request actions repeat: lower-case each distinct one once. */
function lowerCase(action: string): string {
  return lowered.get(action, toLowerCase);
}
