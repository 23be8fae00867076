/**
 * Which access-script rows prove which diagram edge. Rows are matched by the accounts they
 * cross and the step's first segment (`source.`, `deploy.`, `trigger.`) rather than by exact
 * step names, so the same rule works for a generated pipeline and for a live one, and for
 * any number of targets.
 */
import { parseStep, phaseOf, type Phase } from '../verify/step.js';
import type { AccessResult } from '../verify/types.js';
import type { Finding } from './types.js';

export type EdgeKind =
  | 'assume-role'
  | 'artifact-write'
  | 'artifact-read'
  | 'event-forwarding'
  | 'package-read'
  | 'image-pull';
export type EdgeStatus = 'pass' | 'fail' | 'unverified';

export const EDGE_LABELS: Readonly<Record<EdgeKind, string>> = {
  'assume-role': 'assume role',
  'artifact-write': 'write artifacts',
  'artifact-read': 'read artifacts',
  'event-forwarding': 'forward events',
  'package-read': 'read packages',
  'image-pull': 'pull images',
};

/**
 * Deploy-phase verbs of the workload rows (`deploy.<target>.code`): the execution
 * role reading packaged code and nested templates, and image pulls. They have edges of
 * their own; `artifact-read` is the deploy role reading the pipeline's artifacts.
 */
const PACKAGE_VERBS: ReadonlySet<string> = new Set(['code', 'nested']);
const PULL_VERB = 'pull';

/** What an edge stands for: requests of `kind` from the `from` accounts to the `to` accounts. */
export interface EdgeQuery {
  readonly kind: EdgeKind;
  /** `source` for the source action's edges, `deploy` for a deploy stage's. */
  readonly phase: 'source' | 'deploy';
  /** Account ids of the caller(s) and of the account(s) called. */
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export interface EdgeEvidence {
  readonly status: EdgeStatus;
  /** Of the verified rows (`rows`): how many are as expected, and how many there are. */
  readonly passed: number;
  readonly total: number;
  readonly rows: readonly AccessResult[];
  /** Checks of this edge doctor could not evaluate (what it depends on was not read). */
  readonly unverified: readonly AccessResult[];
  readonly finding: Finding['severity'] | undefined;
}

/** An allow row with the fields edges match on, computed once per rows array. */
interface Candidate {
  readonly row: AccessResult;
  readonly phase: Phase | undefined;
  /** The step's verb for deploy rows (`read`, `code`, `pull`), else undefined. */
  readonly verb: string | undefined;
  readonly assume: boolean;
}

// A 50-target script has thousands of rows and the diagram asks for a dozen edges.
const candidatesOf = new WeakMap<readonly AccessResult[], readonly Candidate[]>();

function candidates(rows: readonly AccessResult[]): readonly Candidate[] {
  let list = candidatesOf.get(rows);
  if (list === undefined) {
    list = rows
      .filter((r) => r.expect === 'allow')
      .map((row) => {
        const phase = phaseOf(row.step);
        return {
          row,
          phase,
          verb: phase === 'deploy' ? parseStep(row.step)?.verb : undefined,
          assume: row.action.toLowerCase() === 'sts:assumerole',
        };
      });
    candidatesOf.set(rows, list);
  }
  return list;
}

/**
 * The account a row's request comes from. A service principal has none; Lambda pulling an
 * image for a target's function names that account in `aws:SourceAccount` (the repository
 * policy's condition), so an image pull counts for the target that asked for it.
 */
function callerAccount(c: Candidate, kind: EdgeKind): string {
  const { row } = c;
  if (row.principalAccount !== '' || kind !== 'image-pull') return row.principalAccount;
  const source = row.context['aws:SourceAccount'];
  return typeof source === 'string' ? source : '';
}

function matches(c: Candidate, q: EdgeQuery): boolean {
  const { row, phase, verb } = c;
  if (!q.from.includes(callerAccount(c, q.kind)) || !q.to.includes(row.resourceAccount))
    return false;
  switch (q.kind) {
    case 'assume-role':
      return c.assume && phase === q.phase;
    case 'artifact-write':
      return phase === 'source';
    case 'artifact-read':
      return (
        phase === 'deploy' &&
        !(verb !== undefined && (PACKAGE_VERBS.has(verb) || verb === PULL_VERB))
      );
    case 'package-read':
      return phase === 'deploy' && verb !== undefined && PACKAGE_VERBS.has(verb);
    case 'image-pull':
      return phase === 'deploy' && verb === PULL_VERB;
    case 'event-forwarding':
      return phase === 'trigger';
  }
}

const SEVERITY_RANK: Readonly<Record<Finding['severity'], number>> = {
  error: 3,
  warning: 2,
  info: 1,
};

/**
 * The worst finding whose step is one of `steps` or a prefix of one (`a.b` of `a.b.c`, or of
 * `a.b/stack.c`: a target's stacks are written after a `/`).
 */
export function worstFinding(
  findings: readonly Finding[],
  steps: readonly string[],
): Finding['severity'] | undefined {
  let worst: Finding['severity'] | undefined;
  for (const f of findings) {
    const hit = steps.some(
      (s) => s === f.step || s.startsWith(`${f.step}.`) || s.startsWith(`${f.step}/`),
    );
    if (hit && (worst === undefined || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]))
      worst = f.severity;
  }
  return worst;
}

const matching = (q: EdgeQuery, rows: readonly AccessResult[] | undefined): AccessResult[] => {
  const mine: AccessResult[] = [];
  for (const c of rows === undefined ? [] : candidates(rows)) if (matches(c, q)) mine.push(c.row);
  return mine;
};

/**
 * The rows that prove an edge and the verdict they give. `unverified` holds the checks that
 * could not be evaluated (doctor moves them out of `rows`): an edge is `pass` only when every
 * one of its checks was verified and passed. A failing row fails the edge whatever else is
 * unknown; no rows at all, or any check not verified, is `unverified`.
 */
export function edgeEvidence(
  q: EdgeQuery,
  rows: readonly AccessResult[] | undefined,
  findings: readonly Finding[],
  unverified?: readonly AccessResult[],
): EdgeEvidence {
  const mine = matching(q, rows);
  const unknown = matching(q, unverified);
  const passed = mine.filter((r) => r.ok).length;
  const status: EdgeStatus =
    passed < mine.length ? 'fail' : mine.length === 0 || unknown.length > 0 ? 'unverified' : 'pass';
  return {
    status,
    passed,
    total: mine.length,
    rows: mine,
    unverified: unknown,
    finding: worstFinding(
      findings,
      [...mine, ...unknown].map((r) => r.step),
    ),
  };
}
