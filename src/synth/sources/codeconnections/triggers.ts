import type { CodeConnectionsSource, GitFilter } from '../../../model/index.js';
import type { Json } from '../../cfn.js';

/** The pipeline's V2 trigger filters: the API spells keys camelCase, CloudFormation PascalCase. */
type Case = 'api' | 'cfn';

const key = (c: Case, name: string): string =>
  c === 'api' ? name : name.charAt(0).toUpperCase() + name.slice(1);

/** A filter's non-empty lists (CodePipeline takes 1-8 patterns per list, none empty). */
function filter(c: Case, f: GitFilter | undefined): Record<string, Json> | undefined {
  if (f === undefined) return undefined;
  const out: Record<string, Json> = {};
  if (f.includes.length > 0) out[key(c, 'includes')] = [...f.includes];
  if (f.excludes.length > 0) out[key(c, 'excludes')] = [...f.excludes];
  return Object.keys(out).length === 0 ? undefined : out;
}

function entries(c: Case, fields: Record<string, Json | undefined>): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[key(c, k)] = v;
  return out;
}

/**
 * One trigger on the Source action, with the push and pull-request filters of the config
 * (or a push to the branch): https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html
 */
export function gitTriggers(c: Case, source: CodeConnectionsSource, actionName: string): Json[] {
  const push = source.triggers.push.map((p) =>
    entries(c, {
      branches: filter(c, p.branches),
      tags: filter(c, p.tags),
      filePaths: filter(c, p.filePaths),
    }),
  );
  const pullRequest = source.triggers.pullRequest.map((p) =>
    entries(c, {
      events: [...p.events],
      branches: filter(c, p.branches),
      filePaths: filter(c, p.filePaths),
    }),
  );
  return [
    entries(c, {
      providerType: 'CodeStarSourceConnection',
      gitConfiguration: entries(c, {
        sourceActionName: actionName,
        push: push.length === 0 ? undefined : push,
        pullRequest: pullRequest.length === 0 ? undefined : pullRequest,
      }),
    }),
  ];
}
