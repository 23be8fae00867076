/**
 * The diagram as data, before any geometry (types in `diagram/types.ts`). The SVG and the
 * Mermaid text are two renderings of this one model. `buildDiagram` runs the generators
 * listed in `GENERATORS`, each a few dozen lines in `diagram/`, on one draft.
 */
import { physicalNames } from '../model/index.js';
import { fixedLanes } from './diagram/fixed-lanes.js';
import { scopeOf, type DiagramGenerator } from './diagram/draft.js';
import { sourceAndBuildColumns, sourceEdges } from './diagram/pipeline-steps.js';
import { stages } from './diagram/stages.js';
import type { Diagram } from './diagram/types.js';
import { workloads } from './diagram/workloads.js';
import type { ReportInput, ResourceLabels } from './types.js';

export { GROUP_THRESHOLD } from './diagram/stages.js';
export type {
  Column,
  Diagram,
  DiagramEdge,
  DiagramNode,
  Lane,
  LaneKind,
  NodeKind,
} from './diagram/types.js';

/**
 * What the diagram is made of, in drawing order (edge ids and lane order follow it). The
 * tools and source lanes come first, from `fixedLanes`.
 */
const GENERATORS: readonly DiagramGenerator[] = [
  sourceAndBuildColumns,
  sourceEdges,
  stages,
  workloads,
];

/** crossline's generated names, for a subject that did not bring its own. */
export function defaultLabels(input: ReportInput): ResourceLabels {
  if (input.labels) return input.labels;
  const s = input.subject;
  const n = physicalNames({
    name: s.name,
    region: s.region,
    tools: { ...s.tools, parts: ['tools'] },
  });
  // A connection source has no source role, forwarding or start rule: nothing to draw for them.
  if (s.source.provider === 'codeconnections') {
    const { sourceRole, sourceStack, forwardRole, forwardRule, startRule, triggerRole, ...rest } =
      n;
    void [sourceRole, sourceStack, forwardRole, forwardRule, startRule, triggerRole];
    return rest;
  }
  return { ...n };
}

export function buildDiagram(input: ReportInput): Diagram {
  const scope = scopeOf(input, defaultLabels(input));
  const draft = fixedLanes(scope);
  for (const generate of GENERATORS) generate(scope, draft);
  return {
    title: input.title ?? `Pipeline ${input.subject.name}`,
    lanes: draft.lanes,
    columns: draft.columns,
    edges: draft.edges,
    verified: input.verify !== undefined,
  };
}
