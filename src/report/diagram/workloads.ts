/**
 * The workload edges of each stage (issue 11): a target's execution role reading the code
 * and nested templates `build.package` put under `<name>/packages/` (`deploy.….code`,
 * `deploy.….nested`), and the target pulling images from the pipeline account's
 * repositories (`deploy.….pull`). Drawn after the stages, on the lanes `stages` made, and
 * only where the access script has rows for them: a pipeline without `build.package` or
 * `images` keeps its diagram as it was.
 */
import type { EdgeKind } from '../edge-status.js';
import { addEdge, unique, type DiagramGenerator, type Draft, type Scope } from './draft.js';
import { GROUP_THRESHOLD } from './stages.js';

const KINDS: readonly EdgeKind[] = ['package-read', 'image-pull'];

/** Adds the edge unless no row (verified or not) stands for it. */
function addIfProven(
  scope: Scope,
  draft: Draft,
  kind: EdgeKind,
  at: { readonly column: number; readonly lane: string },
  from: string[],
): void {
  const before = draft.edges.length;
  addEdge(scope, draft, kind, 'deploy', at, from, [scope.tools.id]);
  const added = draft.edges[before];
  if (added !== undefined && added.total === 0 && added.unverified.length === 0) draft.edges.pop();
}

export const workloads: DiagramGenerator = (scope, draft) => {
  const { tools, src } = scope;
  if (scope.rows === undefined && scope.unverified === undefined) return;
  scope.input.subject.stages.forEach((stage, index) => {
    const column = draft.columns.findIndex((c) => c.id === `col-stage-${index}`);
    if (column < 0) return;
    const accounts = unique(stage.targets.map((t) => t.account));
    const outside = accounts.filter((a) => a.id !== tools.id && a.id !== src.id);
    // The lanes `stages` drew for this stage: the source lane, then one group lane or one
    // lane per target account.
    const lanes: { lane: string; from: string[] }[] = [];
    if (draft.sourceLane && accounts.some((a) => a.id === src.id))
      lanes.push({ lane: 'source', from: [src.id] });
    if (outside.length > GROUP_THRESHOLD)
      lanes.push({ lane: `group-${index}`, from: outside.map((a) => a.id) });
    else for (const a of outside) lanes.push({ lane: `account-${a.id}`, from: [a.id] });
    for (const { lane, from } of lanes) {
      if (!draft.lanes.some((l) => l.id === lane)) continue;
      for (const kind of KINDS) addIfProven(scope, draft, kind, { column, lane }, from);
    }
  });
};
