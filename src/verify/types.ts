/**
 * The result contract of verify (DESIGN.md §5): one row per request of the access script.
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
}

export interface AccessResult extends AccessRow {
  readonly decision: 'allowed' | 'denied';
  readonly ok: boolean;
  readonly deciding: readonly DecidingStatement[];
  /** Why, in a sentence; for a failing row, what to change. */
  readonly reason: string;
}

export interface VerifyResult {
  readonly ok: boolean;
  readonly rows: readonly AccessResult[];
  readonly counts: { readonly total: number; readonly passed: number; readonly failed: number };
}
