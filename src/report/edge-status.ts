/**
 * Which access-script rows prove which diagram edge. Rows are matched by the accounts they
 * cross and the step's first segment (`source.`, `deploy.`, `trigger.`) rather than by exact
 * step names, so the same rule works for a generated pipeline and for a live one, and for
 * any number of targets.
 */
import { phaseOf, type Phase } from '../verify/step.js';
import type { AccessResult } from '../verify/types.js';
import type { Finding } from './types.js';

export type EdgeKind = 'assume-role' | 'artifact-write' | 'artifact-read' | 'event-forwarding';
export type EdgeStatus = 'pass' | 'fail' | 'unverified';

export const EDGE_LABELS: Readonly<Record<EdgeKind, string>> = {
  'assume-role': 'assume role',
  'artifact-write': 'write artifacts',
  'artifact-read': 'read artifacts',
  'event-forwarding': 'forward events',
};

/** What an edge stands for: requests of `kind` from the `from` accounts to the `to` accounts. */
export interface EdgeQuery {
  readonly kind: EdgeKind;
  /** `source` for the source action's edges, `deploy` for a deploy stage's. */
  readonly phase: 'source' | 'deploy';
  readonly from: readonly string[];
  readonly to: readonly string[];
}

export interface EdgeEvidence {
  readonly status: EdgeStatus;
  readonly passed: number;
  readonly total: number;
  readonly rows: readonly AccessResult[];
  readonly finding: Finding['severity'] | undefined;
}

/** An allow row with the fields edges match on, computed once per rows array. */
interface Candidate {
  readonly row: AccessResult;
  readonly phase: Phase | undefined;
  readonly assume: boolean;
}

// A 50-target script has thousands of rows and the diagram asks for a dozen edges.
const candidatesOf = new WeakMap<readonly AccessResult[], readonly Candidate[]>();

function candidates(rows: readonly AccessResult[]): readonly Candidate[] {
  let list = candidatesOf.get(rows);
  if (list === undefined) {
    list = rows
      .filter((r) => r.expect === 'allow')
      .map((row) => ({
        row,
        phase: phaseOf(row.step),
        assume: row.action.toLowerCase() === 'sts:assumerole',
      }));
    candidatesOf.set(rows, list);
  }
  return list;
}

function matches(c: Candidate, q: EdgeQuery): boolean {
  const { row, phase } = c;
  if (!q.from.includes(row.principalAccount) || !q.to.includes(row.resourceAccount)) return false;
  switch (q.kind) {
    case 'assume-role':
      return c.assume && phase === q.phase;
    case 'artifact-write':
      return phase === 'source';
    case 'artifact-read':
      return phase === 'deploy';
    case 'event-forwarding':
      return phase === 'trigger';
  }
}

const SEVERITY_RANK: Readonly<Record<Finding['severity'], number>> = {
  error: 3,
  warning: 2,
  info: 1,
};

/** The worst finding whose step is one of `steps` or a prefix (`a.b` of `a.b.c`) of one. */
export function worstFinding(
  findings: readonly Finding[],
  steps: readonly string[],
): Finding['severity'] | undefined {
  let worst: Finding['severity'] | undefined;
  for (const f of findings) {
    const hit = steps.some((s) => s === f.step || s.startsWith(`${f.step}.`));
    if (hit && (worst === undefined || SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]))
      worst = f.severity;
  }
  return worst;
}

/** The rows that prove an edge and the verdict they give: unverified when there are none. */
export function edgeEvidence(
  q: EdgeQuery,
  rows: readonly AccessResult[] | undefined,
  findings: readonly Finding[],
): EdgeEvidence {
  const mine: AccessResult[] = [];
  for (const c of rows === undefined ? [] : candidates(rows)) if (matches(c, q)) mine.push(c.row);
  const passed = mine.filter((r) => r.ok).length;
  const status: EdgeStatus =
    mine.length === 0 ? 'unverified' : passed === mine.length ? 'pass' : 'fail';
  return {
    status,
    passed,
    total: mine.length,
    rows: mine,
    finding: worstFinding(
      findings,
      mine.map((r) => r.step),
    ),
  };
}
