import type { LintRule } from './rule.js';

const FILTER_DOC =
  'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html';

interface Criteria {
  readonly includes?: readonly string[];
  readonly excludes?: readonly string[];
}
interface PushFilter {
  readonly branches?: Criteria;
  readonly tags?: Criteria;
}
interface Trigger {
  readonly providerType?: string;
  readonly gitConfiguration?: {
    readonly sourceActionName?: string;
    readonly push?: readonly PushFilter[];
  };
}

/** Git glob patterns of the trigger filters: `**` crosses `/`, `*` and `?` do not. */
export function globMatches(pattern: string, value: string): boolean {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*';
      i++;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`).test(value);
}

/** A push filter starts runs on pushes to `branch` (a tag-only filter does not). */
function pushMatches(f: PushFilter, branch: string): boolean {
  if (f.branches === undefined) return f.tags === undefined;
  const inc = f.branches.includes ?? [];
  const exc = f.branches.excludes ?? [];
  return (
    (inc.length === 0 || inc.some((p) => globMatches(p, branch))) &&
    !exc.some((p) => globMatches(p, branch))
  );
}

/**
 * The pipeline's git triggers have push filters for the connection source action, but none
 * matches the action's BranchName: pushes to that branch never start a run (only a manual
 * start builds it). A warning: nothing fails, and other branches may be the intent. Source:
 * FILTER_DOC (filters decide which pushes start the pipeline; BranchName is the manual default).
 */
export const triggerBranch: LintRule = (s, model) => {
  const action = model.connection;
  const branch = action?.configuration?.BranchName;
  const triggers = s.pipeline.pipeline.triggers;
  if (action === undefined || branch === undefined || !Array.isArray(triggers)) return [];
  const mine = (triggers as Trigger[]).filter(
    (t) =>
      t.providerType === 'CodeStarSourceConnection' &&
      t.gitConfiguration?.sourceActionName === action.name,
  );
  const push = mine.flatMap((t) => t.gitConfiguration?.push ?? []);
  if (push.length === 0 || push.some((f) => pushMatches(f, branch))) return [];
  return [
    {
      severity: 'warning',
      category: 'trigger',
      step: 'trigger.git',
      account: model.topology.tools,
      message: `no push filter of the pipeline's triggers matches branch ${branch} of the ${action.name} action: pushes to ${branch} never start ${model.topology.pipelineName} (${FILTER_DOC})`,
      fix: `add ${branch} to a push filter's branches.includes (or remove it from excludes), or change the action's BranchName`,
    },
  ];
};
