/**
 * One column per config stage and the target lanes it deploys to. A stage with more than
 * `GROUP_THRESHOLD` target accounts outside the tools and source accounts is drawn as one
 * lane listing them; otherwise each target account has its own lane, shared by the stages
 * that deploy to it.
 */
import { targetRegion } from '../regions.js';
import type { SubjectAccount, SubjectStage, SubjectTarget } from '../types.js';
import type { DiagramNode, Lane } from './types.js';
import {
  addEdge,
  laneFinding,
  node,
  plural,
  stackNode,
  unique,
  type DiagramGenerator,
  type Draft,
  type Scope,
} from './draft.js';

/** A stage with more target accounts than this is drawn as one lane listing them. */
export const GROUP_THRESHOLD = 3;

interface StageScope {
  readonly stage: SubjectStage;
  readonly index: number;
  /** Index of the stage's column. */
  readonly column: number;
  readonly accounts: readonly SubjectAccount[];
  /** Target accounts other than the tools and source accounts. */
  readonly outside: readonly SubjectAccount[];
}

type StageGenerator = (scope: Scope, draft: Draft, stage: StageScope) => void;

/** The chip of a target's stack, naming its region when the pipeline has several. */
const targetStack = (scope: Scope, t: SubjectTarget, stage: string): DiagramNode[] =>
  stackNode(
    t.stack,
    stage,
    scope.regions.length === 0 ? undefined : targetRegion(scope.input.subject, t),
  );

const stageColumn: StageGenerator = (_scope, draft, { stage, index, accounts }) => {
  draft.columns.push({
    id: `col-stage-${index}`,
    kind: 'deploy',
    title: stage.name,
    detail: `${plural(accounts.length, 'account')} · ${plural(stage.targets.length, 'stack')}`,
    approval: stage.approval,
  });
};

/** Targets in the tools or source account live in that account's lane. */
const stacksInFixedLanes: StageGenerator = (scope, draft, { stage }) => {
  const { tools, src } = scope;
  for (const t of stage.targets) {
    if (t.account.id === tools.id) draft.toolsLane.nodes.push(...targetStack(scope, t, stage.name));
    else if (t.account.id === src.id && draft.sourceLane)
      draft.sourceLane.nodes.push(...targetStack(scope, t, stage.name));
  }
};

const sourceAccountEdges: StageGenerator = (scope, draft, { column, accounts }) => {
  const { tools, src } = scope;
  if (!draft.sourceLane || !accounts.some((a) => a.id === src.id)) return;
  const at = { column, lane: 'source' };
  addEdge(scope, draft, 'assume-role', 'deploy', at, [tools.id], [src.id]);
  addEdge(scope, draft, 'artifact-read', 'deploy', at, [src.id], [tools.id]);
};

function groupLane(scope: Scope, draft: Draft, { stage, index, column, outside }: StageScope) {
  const { names } = scope;
  const ids = outside.map((a) => a.id);
  const stacks = unique(
    stage.targets
      .filter((t) => ids.includes(t.account.id))
      .map((t) => ({ id: `${t.stack}@${targetRegion(scope.input.subject, t)}`, target: t })),
  );
  const lane: Lane = {
    id: `group-${index}`,
    kind: 'target-group',
    title: stage.name,
    subtitle: plural(outside.length, 'target account'),
    note: 'in each account:',
    accounts: outside,
    nodes: [
      ...node('role', 'IAM', names.deployRole, 'deploy role, in each account'),
      ...node('role', 'IAM', names.execRole, 'execution role, in each account'),
      ...stacks.flatMap((st) => targetStack(scope, st.target, stage.name)),
      ...node('stack', 'CFN', names.targetStack, 'crossline stack: deploy and execution roles'),
      ...outside.map((a) => ({
        kind: 'account' as const,
        tag: a.alias,
        label: a.id,
        title: `account ${a.alias} (${a.id})`,
        failing: scope.failingAccounts.has(a.id),
      })),
    ],
    finding: laneFinding(scope, ids),
  };
  draft.lanes.push(lane);
  const at = { column, lane: lane.id };
  addEdge(scope, draft, 'assume-role', 'deploy', at, [scope.tools.id], ids);
  addEdge(scope, draft, 'artifact-read', 'deploy', at, ids, [scope.tools.id]);
}

/** The nodes of a target account's own lane, for the stacks its first stage deploys. */
function targetNodes(scope: Scope, stacks: readonly SubjectTarget[], stage: string): DiagramNode[] {
  const { names } = scope;
  const perStack = stacks.flatMap((t) => [
    ...node(
      'role',
      'IAM',
      names.deployRole,
      'deploy role: the pipeline assumes it for the CloudFormation action',
    ),
    ...node('role', 'IAM', names.execRole, 'execution role CloudFormation uses'),
    ...targetStack(scope, t, stage),
  ]);
  return [
    ...perStack.filter(
      (n, k, all) => all.findIndex((m) => m.label === n.label && m.kind === n.kind) === k,
    ),
    ...node('stack', 'CFN', names.targetStack, 'crossline stack: deploy and execution roles'),
  ];
}

function accountLanes(scope: Scope, draft: Draft, { stage, column, outside }: StageScope) {
  for (const account of outside) {
    const stacks = stage.targets.filter((t) => t.account.id === account.id);
    let lane = draft.ownLane.get(account.id);
    if (lane) {
      lane.nodes.push(...stacks.flatMap((t) => targetStack(scope, t, stage.name)));
    } else {
      lane = {
        id: `account-${account.id}`,
        kind: 'target',
        title: account.alias,
        subtitle: account.id,
        note: `target · stage ${stage.name}`,
        accounts: [account],
        nodes: targetNodes(scope, stacks, stage.name),
        finding: laneFinding(scope, [account.id]),
      };
      draft.ownLane.set(account.id, lane);
      draft.lanes.push(lane);
    }
    const at = { column, lane: lane.id };
    addEdge(scope, draft, 'assume-role', 'deploy', at, [scope.tools.id], [account.id]);
    addEdge(scope, draft, 'artifact-read', 'deploy', at, [account.id], [scope.tools.id]);
  }
}

const targetLanes: StageGenerator = (scope, draft, stage) =>
  stage.outside.length > GROUP_THRESHOLD
    ? groupLane(scope, draft, stage)
    : accountLanes(scope, draft, stage);

/** What each stage adds, in drawing order. */
const STAGE_GENERATORS: readonly StageGenerator[] = [
  stageColumn,
  stacksInFixedLanes,
  sourceAccountEdges,
  targetLanes,
];

export const stages: DiagramGenerator = (scope, draft) => {
  const { tools, src } = scope;
  scope.input.subject.stages.forEach((stage, index) => {
    const accounts = unique(stage.targets.map((t) => t.account));
    const outside = accounts.filter((a) => a.id !== tools.id && a.id !== src.id);
    const column = draft.columns.length;
    const s: StageScope = { stage, index, column, accounts, outside };
    for (const generate of STAGE_GENERATORS) generate(scope, draft, s);
  });
};
