/**
 * The diagram as data, before any geometry: lanes (one per account, or one per stage for a
 * stage with many targets), the pipeline's columns (Source, Build, each stage), and the
 * cross-account edges with the verdict of the rows that prove them.
 */
import type { EdgeEvidence, EdgeQuery } from '../edge-status.js';
import type { Finding, SubjectAccount } from '../types.js';

export type NodeKind =
  | 'key'
  | 'bucket'
  | 'bus'
  | 'rule'
  | 'role'
  | 'project'
  | 'pipeline'
  | 'repo'
  | 'stack'
  | 'account';

export interface DiagramNode {
  readonly kind: NodeKind;
  /** Short type tag drawn in front of the label, e.g. `KMS`, `S3`, `IAM`. */
  readonly tag: string;
  readonly label: string;
  /** Tooltip: what the resource is. */
  readonly title: string;
  /** An account with a failing access-script row (account nodes of a stage group). */
  readonly failing?: boolean;
}

export type LaneKind = 'source' | 'tools' | 'target' | 'target-group';

export interface Lane {
  readonly id: string;
  readonly kind: LaneKind;
  readonly title: string;
  readonly subtitle: string;
  readonly note: string;
  readonly accounts: readonly SubjectAccount[];
  readonly nodes: DiagramNode[];
  readonly finding: Finding['severity'] | undefined;
}

export interface Column {
  readonly id: string;
  readonly kind: 'source' | 'build' | 'deploy';
  readonly title: string;
  readonly detail: string;
  readonly approval: boolean;
}

/** An edge: what it stands for (the requests of `kind` between the accounts), and its evidence. */
export interface DiagramEdge extends EdgeEvidence, Omit<EdgeQuery, 'phase'> {
  readonly id: string;
  /** Index into `columns`: the pipeline step the edge belongs to. */
  readonly column: number;
  /** The non-tools lane the edge connects to the tools lane. */
  readonly lane: string;
  readonly label: string;
}

export interface Diagram {
  readonly title: string;
  readonly lanes: readonly Lane[];
  readonly columns: readonly Column[];
  readonly edges: readonly DiagramEdge[];
  readonly verified: boolean;
}
