/** What doctor reports: one finding per problem, with the step it breaks and the fix. */
export type Severity = 'error' | 'warning' | 'info';

/**
 * - `runtime`: a request the running pipeline makes will be denied (it fails at `step`).
 * - `broad`: more access than the pipeline needs (least privilege).
 * - `trigger`: what is missing for commits to start the pipeline by themselves.
 * - `unchecked`: doctor could not read something, so it did not check what depends on it.
 */
export type FindingCategory = 'runtime' | 'broad' | 'trigger' | 'unchecked';

export interface Finding {
  readonly severity: Severity;
  readonly category: FindingCategory;
  /** The access-script step (e.g. `source.write`, `deploy.prod.prod.assume`) or `trigger.*`. */
  readonly step: string;
  readonly message: string;
  /** The concrete change that resolves it. */
  readonly fix: string;
  readonly account?: string | undefined;
  /** The policy and statement at fault, as `policy/Sid` (or `policy/#index`). */
  readonly statement?: string | undefined;
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      a.step.localeCompare(b.step) ||
      a.message.localeCompare(b.message),
  );
}
