/**
 * The diagram as data, before any geometry: lanes (one per account, or one per stage for a
 * stage with many targets), the pipeline's columns (Source, Build, each stage), and the
 * cross-account edges with the verdict of the rows that prove them. The SVG and the Mermaid
 * text are two renderings of this one model.
 */
import { physicalNames } from '../model/index.js';
import { EDGE_LABELS, edgeEvidence, type EdgeEvidence, type EdgeKind } from './edge-status.js';
import type { Finding, ReportInput, ResourceLabels, SubjectAccount } from './types.js';

/** A stage with more target accounts than this is drawn as one lane listing them. */
export const GROUP_THRESHOLD = 3;

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

export interface DiagramEdge extends EdgeEvidence {
  readonly id: string;
  readonly kind: EdgeKind;
  /** Index into `columns`: the pipeline step the edge belongs to. */
  readonly column: number;
  /** The non-tools lane the edge connects to the tools lane. */
  readonly lane: string;
  /** Account ids of the caller(s) and of the account(s) called. */
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly label: string;
}

export interface Diagram {
  readonly title: string;
  readonly lanes: readonly Lane[];
  readonly columns: readonly Column[];
  readonly edges: readonly DiagramEdge[];
  readonly verified: boolean;
}

const node = (
  kind: NodeKind,
  tag: string,
  label: string | undefined,
  title: string,
): DiagramNode[] => (label === undefined ? [] : [{ kind, tag, label, title }]);

/** crossline's generated names, for a subject that did not bring its own. */
export function defaultLabels(input: ReportInput): ResourceLabels {
  if (input.labels) return input.labels;
  const s = input.subject;
  const n = physicalNames({
    name: s.name,
    region: s.region,
    tools: { ...s.tools, parts: ['tools'] },
  });
  return { ...n };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

export function buildDiagram(input: ReportInput): Diagram {
  const s = input.subject;
  const names = defaultLabels(input);
  const findings = input.findings ?? [];
  const rows = input.verify?.rows;
  // Accounts with a failing row, found once (a 50-target script has thousands of rows).
  const failingAccounts = new Set<string>();
  for (const r of rows ?? [])
    if (!r.ok) failingAccounts.add(r.principalAccount).add(r.resourceAccount);
  const tools = s.tools;
  const src = s.source.account;
  const laneFinding = (ids: readonly string[]): Finding['severity'] | undefined => {
    const hits = findings.filter((f) => f.account !== undefined && ids.includes(f.account));
    if (hits.some((f) => f.severity === 'error')) return 'error';
    if (hits.some((f) => f.severity === 'warning')) return 'warning';
    return hits.length > 0 ? 'info' : undefined;
  };

  const toolsLane: Lane = {
    id: 'tools',
    kind: 'tools',
    title: tools.alias,
    subtitle: tools.id,
    note: src.id === tools.id ? 'tools · source' : 'tools · pipeline',
    accounts: [tools],
    nodes: [
      ...node('key', 'KMS', names.keyAlias, 'KMS key that encrypts the artifacts'),
      ...node('bucket', 'S3', names.bucket, 'artifact bucket'),
      ...node('pipeline', 'CP', names.pipeline, 'CodePipeline pipeline'),
      ...node(
        'role',
        'IAM',
        names.pipelineRole,
        'pipeline role: assumes the source and deploy roles',
      ),
      ...node('project', 'CB', names.buildProject, 'CodeBuild project'),
      ...node('role', 'IAM', names.buildRole, 'build role'),
      ...node('rule', 'EB', names.startRule, 'rule on the default bus that starts the pipeline'),
      ...node('role', 'IAM', names.triggerRole, 'role the start rule uses'),
      ...node('stack', 'CFN', names.artifactsStack, 'crossline stack: key, bucket, bus policy'),
      ...node(
        'stack',
        'CFN',
        names.pipelineStack,
        'crossline stack: pipeline, build, roles, start rule',
      ),
    ],
    finding: laneFinding([tools.id]),
  };
  const sourceNodes = [
    ...node(
      'repo',
      'CC',
      `${s.source.repository}@${s.source.branch}`,
      'CodeCommit repository and branch',
    ),
    ...node(
      'role',
      'IAM',
      names.sourceRole,
      'source role: the pipeline assumes it to read the repository',
    ),
    ...node('rule', 'EB', names.forwardRule, 'rule that forwards commit events to the tools bus'),
    ...node('role', 'IAM', names.forwardRole, 'role the forward rule uses'),
    ...node('stack', 'CFN', names.sourceStack, 'crossline stack: source role, forward rule'),
  ];
  const sourceLane: Lane | undefined =
    src.id === tools.id
      ? undefined
      : {
          id: 'source',
          kind: 'source',
          title: src.alias,
          subtitle: src.id,
          note: 'source · repository',
          accounts: [src],
          nodes: sourceNodes,
          finding: laneFinding([src.id]),
        };
  if (!sourceLane) toolsLane.nodes.push(...sourceNodes);

  const columns: Column[] = [
    {
      id: 'col-source',
      kind: 'source',
      title: 'Source',
      detail: `CodeCommit ${s.source.repository}`,
      approval: false,
    },
    {
      id: 'col-build',
      kind: 'build',
      title: 'Build',
      detail: `CodeBuild ${names.buildProject ?? ''}`.trim(),
      approval: false,
    },
  ];
  const lanes: Lane[] = sourceLane ? [sourceLane, toolsLane] : [toolsLane];
  const edges: DiagramEdge[] = [];
  const edge = (
    kind: EdgeKind,
    phase: 'source' | 'deploy',
    column: number,
    lane: string,
    from: string[],
    to: string[],
  ): void => {
    const evidence = edgeEvidence({ kind, phase, from, to }, rows, findings);
    edges.push({
      ...evidence,
      id: `e${edges.length + 1}`,
      kind,
      column,
      lane,
      from,
      to,
      label: EDGE_LABELS[kind],
    });
  };
  if (sourceLane) {
    edge('assume-role', 'source', 0, 'source', [tools.id], [src.id]);
    edge('artifact-write', 'source', 0, 'source', [src.id], [tools.id]);
    edge('event-forwarding', 'source', 0, 'source', [src.id], [tools.id]);
  }

  const ownLane = new Map<string, Lane>();
  const deployNodes = (stack: string, stage: string): DiagramNode[] => [
    ...node(
      'role',
      'IAM',
      names.deployRole,
      'deploy role: the pipeline assumes it for the CloudFormation action',
    ),
    ...node('role', 'IAM', names.execRole, 'execution role CloudFormation uses'),
    ...node('stack', 'CFN', stack, `stack deployed by stage ${stage}`),
  ];
  s.stages.forEach((stage, i) => {
    const column = columns.length;
    const accounts = unique(stage.targets.map((t) => t.account));
    columns.push({
      id: `col-stage-${i}`,
      kind: 'deploy',
      title: stage.name,
      detail: `${plural(accounts.length, 'account')} · ${plural(stage.targets.length, 'stack')}`,
      approval: stage.approval,
    });
    const outside = accounts.filter((a) => a.id !== tools.id && a.id !== src.id);
    // Targets in the tools or source account live in that account's lane.
    for (const t of stage.targets) {
      if (t.account.id === tools.id)
        toolsLane.nodes.push(
          ...node('stack', 'CFN', t.stack, `stack deployed by stage ${stage.name}`),
        );
      else if (t.account.id === src.id && sourceLane)
        sourceLane.nodes.push(
          ...node('stack', 'CFN', t.stack, `stack deployed by stage ${stage.name}`),
        );
    }
    if (sourceLane && accounts.some((a) => a.id === src.id)) {
      edge('assume-role', 'deploy', column, 'source', [tools.id], [src.id]);
      edge('artifact-read', 'deploy', column, 'source', [src.id], [tools.id]);
    }
    if (outside.length > GROUP_THRESHOLD) {
      const ids = outside.map((a) => a.id);
      const stacks = unique(
        stage.targets
          .filter((t) => ids.includes(t.account.id))
          .map((t) => ({ id: t.stack, alias: t.stack })),
      );
      const lane: Lane = {
        id: `group-${i}`,
        kind: 'target-group',
        title: stage.name,
        subtitle: plural(outside.length, 'target account'),
        note: 'in each account:',
        accounts: outside,
        nodes: [
          ...node('role', 'IAM', names.deployRole, 'deploy role, in each account'),
          ...node('role', 'IAM', names.execRole, 'execution role, in each account'),
          ...stacks.flatMap((st) =>
            node('stack', 'CFN', st.id, `stack deployed by stage ${stage.name}`),
          ),
          ...node('stack', 'CFN', names.targetStack, 'crossline stack: deploy and execution roles'),
          ...outside.map((a) => ({
            kind: 'account' as const,
            tag: a.alias,
            label: a.id,
            title: `account ${a.alias} (${a.id})`,
            failing: failingAccounts.has(a.id),
          })),
        ],
        finding: laneFinding(ids),
      };
      lanes.push(lane);
      edge('assume-role', 'deploy', column, lane.id, [tools.id], ids);
      edge('artifact-read', 'deploy', column, lane.id, ids, [tools.id]);
      return;
    }
    for (const account of outside) {
      const stacks = stage.targets.filter((t) => t.account.id === account.id);
      let lane = ownLane.get(account.id);
      if (lane) {
        lane.nodes.push(
          ...stacks.flatMap((t) =>
            node('stack', 'CFN', t.stack, `stack deployed by stage ${stage.name}`),
          ),
        );
      } else {
        lane = {
          id: `account-${account.id}`,
          kind: 'target',
          title: account.alias,
          subtitle: account.id,
          note: `target · stage ${stage.name}`,
          accounts: [account],
          nodes: [
            ...stacks
              .flatMap((t) => deployNodes(t.stack, stage.name))
              .filter(
                (n, k, all) => all.findIndex((m) => m.label === n.label && m.kind === n.kind) === k,
              ),
            ...node(
              'stack',
              'CFN',
              names.targetStack,
              'crossline stack: deploy and execution roles',
            ),
          ],
          finding: laneFinding([account.id]),
        };
        ownLane.set(account.id, lane);
        lanes.push(lane);
      }
      edge('assume-role', 'deploy', column, lane.id, [tools.id], [account.id]);
      edge('artifact-read', 'deploy', column, lane.id, [account.id], [tools.id]);
    }
  });

  return {
    title: input.title ?? `Pipeline ${s.name}`,
    lanes,
    columns,
    edges,
    verified: input.verify !== undefined,
  };
}

function unique<T extends { readonly id: string }>(items: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of items) if (!seen.has(item.id)) seen.set(item.id, item);
  return [...seen.values()];
}
