import type { Organization } from '../iam/index.js';

/**
 * The result contract of verify (docs/design.md §5): one row per request of the access script.
 * `report` and `doctor` render these.
 */
export type Expectation = 'allow' | 'deny';

export interface DecidingStatement {
  /** Policy name (PolicyEntry.name, or a live policy's name). */
  readonly policy: string;
  /** Sid, or `#<index>` when the statement has none. */
  readonly statement: string;
  readonly effect: 'Allow' | 'Deny';
}

export interface AccessRow {
  /** e.g. `source.write`, `deploy.staging.assume`, `negative.outsider.bucket`. */
  readonly step: string;
  readonly expect: Expectation;
  readonly principal: string;
  readonly action: string;
  readonly resource: string;
  /** Account ids involved, for filtering: principal's and resource's. */
  readonly principalAccount: string;
  readonly resourceAccount: string;
  readonly context: Readonly<Record<string, unknown>>;
  /** Where this row's claim about AWS comes from (documentation page or tool). */
  readonly source: string;
  /**
   * The resource whose own policy takes part (bucket policy, key policy, role trust, bus
   * policy). Absent when the service has no resource policies (CodeCommit, CloudFormation…).
   */
  readonly resourcePolicy?: { readonly kind: ResourcePolicyKind; readonly arn: string };
  /**
   * Check one layer alone (least privilege on each side, so one broad statement cannot hide
   * behind the other side's narrow one):
   * - `resource`: the principal is assumed to hold `Allow *:*` itself; only the resource
   *   policy (bucket, key, trust, bus) can deny.
   * - `identity`: no resource policy is consulted and the request counts as same-account;
   *   only the principal's identity policies can deny.
   * Default: both layers, as AWS evaluates the request.
   */
  readonly layer?: 'identity' | 'resource';
}

export type ResourcePolicyKind = 'key' | 'bucket' | 'bus' | 'repository' | 'trust' | 'topic';

export interface AccessResult extends AccessRow {
  readonly decision: 'allowed' | 'denied';
  readonly ok: boolean;
  readonly deciding: readonly DecidingStatement[];
  /** Why, in a sentence; for a failing row, what to change. */
  readonly reason: string;
  /** A denied row that must be allowed: the statements its reason says to change. */
  readonly closest?: readonly DecidingStatement[];
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly rows: readonly AccessResult[];
  readonly counts: { readonly total: number; readonly passed: number; readonly failed: number };
  /** Account aliases, so that renderers can abbreviate ARNs (`staging:role/x`). */
  readonly accounts?: readonly { readonly alias: string; readonly id: string }[];
  /** The groups checked by a sample (absent when every account was checked). */
  readonly sampled?: readonly SampledGroup[];
}

/**
 * A policy as data: generated (`PolicyEntry` of synth is one) or read from a live account.
 * `attachedTo` is the role ARN for `identity` and `trust`, the resource ARN otherwise.
 */
export interface PolicyInput {
  readonly name: string;
  readonly kind: ResourcePolicyKind | 'identity';
  readonly account: string;
  readonly attachedTo: string;
  /** A policy document (object, or JSON text as IAM returns it). */
  readonly document: unknown;
  /** Sid -> why the statement exists (generated policies). */
  readonly reasons?: Readonly<Record<string, string>>;
}

/** The access script: the rows, and the worst-case principals the negative rows assume. */
export interface AccessScript {
  readonly rows: readonly AccessRow[];
  /**
   * Policies of principals that are not part of the pipeline (an outsider, an administrator
   * of a source or target account, an arbitrary role that trusts the tools account): the
   * negative rows assume the worst of them, e.g. `Allow *:*` in their own account.
   */
  readonly assumed: readonly PolicyInput[];
  readonly accounts: readonly { readonly alias: string; readonly id: string }[];
  /** The organization the rows' accounts belong to, for the aws:*OrgPaths keys (issue 16). */
  readonly organization?: Organization | undefined;
}

/**
 * A group of accounts that deploy the same stack in one stage (by OU, or listed one by one), of
 * which verify checked `checked` row by row and proved the other `equivalent` the same but for
 * their account id (src/verify/symmetry.ts).
 */
export interface SampledGroup {
  readonly stage: string;
  readonly stack: string;
  readonly region?: string;
  /** The organization path the group's accounts share; '' without an organization. */
  readonly orgPath: string;
  readonly accounts: number;
  readonly checked: readonly string[];
  readonly equivalent: number;
  /** The accounts proven equal (not checked one by one). */
  readonly proven: readonly string[];
}
