/** What doctor reports: one finding per problem, with the step it breaks and the fix. */
import { compareText } from '../../model/index.js';
export type Severity = 'error' | 'warning' | 'info';

/**
 * - `runtime`: a request the running pipeline makes will be denied (it fails at `step`).
 * - `broad`: more access than the pipeline needs (least privilege).
 * - `trigger`: what is missing for commits to start the pipeline by themselves.
 * - `documented`: a request the service's documented policy lists, though no known run fails
 *   without it (a warning naming the page).
 * - `unchecked`: doctor could not read something, so it did not check what depends on it.
 */
export type FindingCategory = 'runtime' | 'broad' | 'trigger' | 'documented' | 'unchecked';

/**
 * One statement of a policy: by Sid, by position when it has no Sid, or (neither) the whole
 * policy, as for an attached managed policy.
 */
export interface StatementRef {
  readonly policy: string;
  readonly sid?: string | undefined;
  readonly index?: number | undefined;
}

export interface Finding {
  readonly severity: Severity;
  readonly category: FindingCategory;
  /** The access-script step (e.g. `source.write`, `deploy.prod.assume`) or `trigger.*`. */
  readonly step: string;
  readonly message: string;
  /** The concrete change that resolves it. */
  readonly fix: string;
  readonly account?: string | undefined;
  /** The policy and statement at fault, as text: `policy/Sid` (or `policy/#index`). */
  readonly statement?: string | undefined;
  /**
   * The statements the finding is about: those at fault (a broad grant) or, for a denied
   * request, those its fix says to change.
   */
  readonly statements?: readonly StatementRef[] | undefined;
}

/** `policy/Sid`, `policy/#index`, or the policy name for the whole policy. */
export function formatStatementRef(r: StatementRef): string {
  if (r.sid !== undefined) return `${r.policy}/${r.sid}`;
  return r.index !== undefined ? `${r.policy}/#${r.index}` : r.policy;
}

/** A statement as the engine names it (`Sid`, or `#<index>` without one). */
export function statementRef(policy: string, statement: string): StatementRef {
  const m = /^#(\d+)$/.exec(statement);
  return m ? { policy, index: Number(m[1]) } : { policy, sid: statement };
}

/** Whether `r` names the statement at `index` (with `sid`) of `policy`. */
export function refersTo(
  r: StatementRef,
  policy: string,
  sid: string | undefined,
  index: number,
): boolean {
  if (r.policy !== policy) return false;
  if (r.sid !== undefined) return r.sid === sid;
  // An empty Sid names nothing: the statement goes by its position.
  return r.index === index && (sid === undefined || sid === '');
}

/** A finding about statements: `statements` structured, `statement` the same as text. */
export function atStatements(
  refs: readonly StatementRef[],
): Pick<Finding, 'statement' | 'statements'> {
  if (refs.length === 0) return {};
  return { statement: refs.map(formatStatementRef).join(', '), statements: refs };
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      RANK[a.severity] - RANK[b.severity] ||
      compareText(a.step, b.step) ||
      compareText(a.message, b.message),
  );
}
