/**
 * The pipeline's first two columns (Source, Build) and the edges of the source action: the
 * pipeline assumes the source role, which writes the artifact and forwards commit events.
 */
import { addEdge, type DiagramGenerator } from './draft.js';

export const sourceAndBuildColumns: DiagramGenerator = ({ input, names }, draft) => {
  draft.columns.push(
    {
      id: 'col-source',
      kind: 'source',
      title: 'Source',
      detail: `${input.subject.source.provider === 'codeconnections' ? 'CodeConnections' : 'CodeCommit'} ${input.subject.source.repository}`,
      approval: false,
    },
    {
      id: 'col-build',
      kind: 'build',
      title: 'Build',
      detail: `CodeBuild ${names.buildProject ?? ''}`.trim(),
      approval: false,
    },
  );
};

/** Only a source in its own account has cross-account edges. */
export const sourceEdges: DiagramGenerator = (scope, draft) => {
  // A connection source reaches the pipeline through the connection, not across accounts.
  if (!draft.sourceLane || scope.input.subject.source.provider === 'codeconnections') return;
  const { tools, src } = scope;
  const at = { column: 0, lane: 'source' };
  addEdge(scope, draft, 'assume-role', 'source', at, [tools.id], [src.id]);
  addEdge(scope, draft, 'artifact-write', 'source', at, [src.id], [tools.id]);
  addEdge(scope, draft, 'event-forwarding', 'source', at, [src.id], [tools.id]);
};
