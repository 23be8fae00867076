/**
 * What the diagram's generators share: the facts they read (`Scope`, computed once) and the
 * diagram they append to (`Draft`). Each generator adds lanes, nodes, columns or edges in
 * order; the order is the drawing order, so the generators run in the order they are listed.
 */
import type { AccessResult } from '../../verify/types.js';
import { EDGE_LABELS, edgeEvidence, type EdgeKind } from '../edge-status.js';
import type { Finding, ReportInput, ResourceLabels, SubjectAccount } from '../types.js';
import { reportRegions } from '../regions.js';
import type { Column, DiagramEdge, DiagramNode, Lane, NodeKind } from './types.js';

export interface Scope {
  readonly input: ReportInput;
  readonly names: ResourceLabels;
  readonly findings: readonly Finding[];
  readonly rows: readonly AccessResult[] | undefined;
  /** Checks that could not be evaluated (`ReportInput.unverified`). */
  readonly unverified: readonly AccessResult[] | undefined;
  /** Accounts with a failing row, found once (a 50-target script has thousands of rows). */
  readonly failingAccounts: ReadonlySet<string>;
  readonly tools: SubjectAccount;
  readonly src: SubjectAccount;
  /** The regions of a pipeline with targets in several (report/regions.ts); [] for one. */
  readonly regions: readonly string[];
}

export interface Draft {
  readonly lanes: Lane[];
  readonly columns: Column[];
  readonly edges: DiagramEdge[];
  /** The tools lane, always present; targets and a same-account source add nodes to it. */
  toolsLane: Lane;
  /** The source account's lane, absent when the source account is the tools account. */
  sourceLane: Lane | undefined;
  /** The lane of each target account drawn on its own, by account id. */
  readonly ownLane: Map<string, Lane>;
}

/** Adds lanes, columns or edges to the draft, in drawing order. */
export type DiagramGenerator = (scope: Scope, draft: Draft) => void;

export function scopeOf(input: ReportInput, names: ResourceLabels): Scope {
  const rows = input.verify?.rows;
  const failingAccounts = new Set<string>();
  for (const r of rows ?? [])
    if (!r.ok) failingAccounts.add(r.principalAccount).add(r.resourceAccount);
  return {
    input,
    names,
    findings: input.findings ?? [],
    rows,
    unverified: input.unverified,
    failingAccounts,
    tools: input.subject.tools,
    src: input.subject.source.account,
    regions: reportRegions(input.subject),
  };
}

/** One node, or none when the subject has no such resource (a live pipeline may lack it). */
export const node = (
  kind: NodeKind,
  tag: string,
  label: string | undefined,
  title: string,
): DiagramNode[] => (label === undefined ? [] : [{ kind, tag, label, title }]);

/** A target stack; with `region` (a pipeline of several regions) its label names it. */
export const stackNode = (stack: string, stage: string, region?: string): DiagramNode[] =>
  region === undefined
    ? node('stack', 'CFN', stack, `stack deployed by stage ${stage}`)
    : node('stack', 'CFN', `${stack} · ${region}`, `stack deployed by stage ${stage} in ${region}`);

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The worst finding about any of `ids`, which colours their lane. */
export function laneFinding(scope: Scope, ids: readonly string[]): Finding['severity'] | undefined {
  const hits = scope.findings.filter((f) => f.account !== undefined && ids.includes(f.account));
  if (hits.some((f) => f.severity === 'error')) return 'error';
  if (hits.some((f) => f.severity === 'warning')) return 'warning';
  return hits.length > 0 ? 'info' : undefined;
}

/** Appends the edge of `kind` between the accounts, with the rows that prove it. */
export function addEdge(
  scope: Scope,
  draft: Draft,
  kind: EdgeKind,
  phase: 'source' | 'deploy',
  at: { readonly column: number; readonly lane: string },
  from: string[],
  to: string[],
): void {
  const evidence = edgeEvidence(
    { kind, phase, from, to },
    scope.rows,
    scope.findings,
    scope.unverified,
  );
  draft.edges.push({
    ...evidence,
    id: `e${draft.edges.length + 1}`,
    kind,
    column: at.column,
    lane: at.lane,
    from,
    to,
    label: EDGE_LABELS[kind],
  });
}

export function unique<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}
