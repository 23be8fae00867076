import type { ActionDeclaration } from '../../aws/pipeline-api.js';

/**
 * The `source` of an imported config for a CodeStarSourceConnection action: the connection,
 * repository and branch from the action's configuration, and the pipeline's V2 git triggers
 * on that action mapped back to `source.triggers` (the inverse of
 * src/synth/sources/codeconnections/triggers.ts). Filters of the API shape:
 * https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_GitConfiguration.html
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];

/** `{includes, excludes}` with the non-empty lists only; undefined when both are empty. */
function filter(v: unknown): Obj | undefined {
  if (!isObj(v)) return undefined;
  const includes = strings(v.includes);
  const excludes = strings(v.excludes);
  const out: Obj = {};
  if (includes.length > 0) out.includes = includes;
  if (excludes.length > 0) out.excludes = excludes;
  return Object.keys(out).length === 0 ? undefined : out;
}

function fields(entries: Record<string, unknown>): Obj {
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
}

/** What synth generates without `triggers`: one push filter on exactly `branch`. */
function isDefault(push: readonly unknown[], pullRequest: readonly unknown[], branch: string) {
  if (push.length !== 1 || pullRequest.length !== 0 || !isObj(push[0])) return false;
  const p = push[0];
  return (
    p.tags === undefined &&
    p.filePaths === undefined &&
    isObj(p.branches) &&
    strings(p.branches.includes).join('\n') === branch &&
    strings(p.branches.excludes).length === 0
  );
}

/** `source.triggers` from the live pipeline's triggers (undefined: the default push). */
export function triggersFromLive(
  triggers: unknown,
  action: ActionDeclaration,
  branch: string,
  notes: string[],
): Obj | undefined {
  const mine = (Array.isArray(triggers) ? triggers : []).filter(
    (t): t is Obj =>
      isObj(t) &&
      t.providerType === 'CodeStarSourceConnection' &&
      isObj(t.gitConfiguration) &&
      t.gitConfiguration.sourceActionName === action.name,
  );
  if (mine.length === 0) {
    // No trigger: the action's DetectChanges (default true) starts the pipeline on each commit
    // to BranchName (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference-CodestarConnectionSource.html),
    // which is what crossline's default push trigger does.
    if (action.configuration?.DetectChanges === 'false')
      notes.push(
        'source.triggers: the pipeline does not start on commits (DetectChanges false, no trigger); crossline starts it on a push to source.branch',
      );
    return undefined;
  }
  const git = mine[0].gitConfiguration as Obj;
  const push = Array.isArray(git.push) ? git.push : [];
  const pullRequest = Array.isArray(git.pullRequest) ? git.pullRequest : [];
  if (isDefault(push, pullRequest, branch)) return undefined;
  if (push.length > 1 || pullRequest.length > 1)
    notes.push(
      `source.triggers: the pipeline has ${push.length} push and ${pullRequest.length} pull-request filters; crossline takes one of each, so only the first of each is imported`,
    );
  const p = isObj(push[0]) ? push[0] : undefined;
  const pr = isObj(pullRequest[0]) ? pullRequest[0] : undefined;
  const out: Obj = {};
  if (p !== undefined)
    out.push = fields({
      branches: filter(p.branches),
      tags: filter(p.tags),
      filePaths: filter(p.filePaths),
    });
  if (pr !== undefined) {
    const events = strings(pr.events);
    out.pullRequest = fields({
      events: events.length > 0 ? events : ['OPEN', 'UPDATED', 'CLOSED'],
      branches: filter(pr.branches),
      filePaths: filter(pr.filePaths),
    });
  }
  return Object.keys(out).length === 0 ? undefined : out;
}

/** The imported config's `source` for a connection action. */
export function connectionSource(
  action: ActionDeclaration,
  liveTriggers: unknown,
  notes: string[],
): Obj {
  const c = action.configuration ?? {};
  const branch = c.BranchName ?? 'main';
  if (c.BranchName === undefined)
    notes.push('source.branch: the connection action names no BranchName; using main');
  const triggers = triggersFromLive(liveTriggers, action, branch, notes);
  return fields({
    provider: 'codeconnections',
    connection: c.ConnectionArn,
    repository: c.FullRepositoryId,
    branch,
    // CODEBUILD_CLONE_REF is what `fullClone: true` generates (CODE_ZIP, the default, is not).
    fullClone: c.OutputArtifactFormat === 'CODEBUILD_CLONE_REF' ? true : undefined,
    triggers,
  });
}
