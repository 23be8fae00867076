/**
 * The inputs and outputs of the policy-evaluation engine (docs/design.md §6).
 * Pure data: the engine knows nothing of crossline, pipelines or AWS clients.
 */

/** A value in the request context. Arrays are multi-valued keys (e.g. aws:TagKeys). */
export type ContextValue = string | boolean | number | readonly string[];

/** One API call to decide. */
export interface Request {
  /**
   * Who calls: an IAM role, user or account-root ARN, an assumed-role session ARN
   * (`arn:aws:sts::111111111111:assumed-role/name/session`), or a service principal
   * such as `codepipeline.amazonaws.com`.
   */
  readonly principal: string;
  /** The caller's account. Default: taken from the principal ARN (none for service principals). */
  readonly principalAccount?: string;
  /** `service:Action`, e.g. `s3:PutObject`. */
  readonly action: string;
  /** The resource ARN, or `*` for actions without a resource. */
  readonly resource: string;
  /**
   * The account that owns the resource. Default: taken from the resource ARN. Required for
   * ARNs without an account field (S3 buckets and objects); when it stays unknown the
   * request is treated as cross-account, which fails closed.
   */
  readonly resourceAccount?: string;
  /**
   * Request context keys (case-insensitive names). The engine adds `aws:PrincipalArn`,
   * `aws:PrincipalAccount`, `aws:username` (IAM users) and `aws:PrincipalServiceName`
   * (service principals) when the caller does not supply them.
   */
  readonly context?: Readonly<Record<string, ContextValue>>;
  /**
   * The organization the accounts belong to. When given, the engine adds
   * `aws:PrincipalOrgID` / `aws:PrincipalOrgPaths` for a member principal account and
   * `aws:ResourceOrgID` / `aws:ResourceOrgPaths` for a member resource account
   * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgpaths).
   * Keys in `context` win over the derived ones.
   */
  readonly organization?: Organization;
}

/** An AWS Organizations organization, as far as condition keys need it. */
export interface Organization {
  /** The organization id, e.g. `o-a1b2c3d4e5`. */
  readonly id: string;
  /**
   * Member account id → its organization path: the organization id, the root and every OU
   * down to the account's parent, each followed by `/`, e.g.
   * `o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/`. Accounts not listed are not members.
   */
  readonly accountPaths: Readonly<Record<string, string>>;
}

/** A policy document with the name used to report its statements. */
export interface NamedPolicy {
  readonly name: string;
  /**
   * The policy JSON: an object with `Statement` (one statement or an array), or the JSON text
   * (also URL-encoded, as IAM's Get*Policy APIs return it). Single values may be written
   * without an array everywhere.
   */
  readonly document: unknown;
}

/**
 * Which resource-side rules apply (docs/design.md §6):
 * - `key`: a KMS key policy, authoritative: identity policies count only through a statement
 *   that allows the key account.
 * - `trust`: a role trust policy: it must allow, even in the same account, unless it names
 *   the account (then the identity policy decides).
 * - `bucket`, `bus`, `generic`: ordinary resource policies.
 */
export type ResourcePolicyKind = 'key' | 'trust' | 'bucket' | 'bus' | 'generic';

export interface ResourcePolicy {
  readonly kind: ResourcePolicyKind;
  readonly policy: NamedPolicy;
}

/** Every policy that takes part in one decision. */
export interface PolicySet {
  /** Policies attached to the principal (inline and managed, already resolved). */
  readonly identity: readonly NamedPolicy[];
  /** The resource's own policy (bucket policy, key policy, trust policy, bus policy). */
  readonly resource?: ResourcePolicy;
  /**
   * Service control policies of one level of the organization (the principal's account):
   * at least one must allow. Default: no SCPs apply.
   */
  readonly scps?: readonly NamedPolicy[];
  /**
   * SCPs by organization level (root first, then OUs, then the account): every level must
   * allow. Combined with `scps` when both are given.
   */
  readonly scpLevels?: readonly (readonly NamedPolicy[])[];
  /** The principal's permissions boundary. Default: none. */
  readonly permissionBoundary?: NamedPolicy;
}

/** A statement in a policy: the policy's name and the statement's Sid, or `#<index>`. */
export interface StatementRef {
  readonly policy: string;
  readonly statement: string;
  readonly effect: 'Allow' | 'Deny';
}

export type PolicyElement =
  'Principal' | 'NotPrincipal' | 'Action' | 'NotAction' | 'Resource' | 'NotResource' | 'Condition';

/** An Allow statement that would have applied but for one element. */
export interface NearMiss {
  readonly ref: StatementRef;
  readonly element: PolicyElement;
  /** The request value against the policy value, e.g. `aws:SecureTransport is "false", the policy wants "true" (Bool)`. */
  readonly detail: string;
}

export type Outcome = 'allow' | 'explicit-deny' | 'implicit-deny';

export interface Decision {
  readonly allowed: boolean;
  readonly outcome: Outcome;
  /**
   * The statements that decided: the matching Deny statements for an explicit deny, the
   * Allow statements that granted for an allow, and for an implicit deny the Allow
   * statements that matched on a side that was not enough on its own (may be empty).
   */
  readonly deciding: readonly StatementRef[];
  /** Whether some identity-policy statement allows the request (before boundaries and SCPs). */
  readonly identityAllows: boolean;
  /** Whether the resource policy allows the request for this principal (by ARN, account or service). */
  readonly resourceAllows: boolean;
  /** One or two sentences: why, and for a deny, what would change it. */
  readonly explanation: string;
  /** For an implicit deny: the Allow statements closest to applying, and what did not match. */
  readonly nearMisses: readonly NearMiss[];
  /** Policy content the engine could not evaluate (unknown operator, malformed element). */
  readonly warnings: readonly string[];
}
