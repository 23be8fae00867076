import type { ActionDeclaration } from '../aws/pipeline-api.js';
import { consolePage, type Partition } from '../model/index.js';

/**
 * What an action does, in words, for `status` and `watch`: the CloudFormation change-set
 * modes and crossline's stage tests read as what they are rather than as a provider name.
 * Undefined for actions whose name already says enough.
 */
export function actionLabel(a: ActionDeclaration): string | undefined {
  const c = a.configuration ?? {};
  if (a.actionTypeId.provider === 'CloudFormation') {
    if (c.ActionMode === 'CHANGE_SET_REPLACE')
      return `create change set ${c.ChangeSetName ?? '?'} of ${c.StackName ?? '?'}`;
    if (c.ActionMode === 'CHANGE_SET_EXECUTE')
      return `execute change set ${c.ChangeSetName ?? '?'} of ${c.StackName ?? '?'}`;
    return undefined;
  }
  if (a.actionTypeId.category === 'Test' && a.actionTypeId.provider === 'CodeBuild')
    return `tests (CodeBuild ${c.ProjectName ?? '?'})`;
  return undefined;
}

/**
 * The CodeBuild console page of one build's log (the console's
 * `codesuite/codebuild/<account>/projects/<project>/build/<build id>/log` page). A CodeBuild
 * action's external execution id is the build id, `<project>:<uuid>`.
 */
export function buildLogUrl(
  partition: Partition,
  region: string,
  account: string,
  buildId: string,
): string | undefined {
  const project = buildId.split(':')[0];
  if (project === undefined || !buildId.includes(':')) return undefined;
  return consolePage(
    partition,
    region,
    `codesuite/codebuild/${account}/projects/${encodeURIComponent(project)}/build/${encodeURIComponent(buildId)}/log?region=${region}`,
  );
}

/** A stage rolling back (CodePipeline V2 `onFailure: ROLLBACK`, or a manual RollbackStage). */
export interface StageRollback {
  readonly stage: string;
  /** The rollback execution (executionType ROLLBACK). */
  readonly executionId: string;
  /** The earlier execution whose artifacts the stage goes back to (rollbackMetadata). */
  readonly targetExecutionId?: string | undefined;
  /** The rollback's status in the stage (InProgress, Succeeded, Failed, …). */
  readonly status?: string | undefined;
}

/**
 * A rollback in words: which stage goes back to which earlier execution, and how far it is
 * (`prod is rolling back to execution 4f47… (rollback run 2004…, in progress)`).
 */
export function rollbackLabel(r: StageRollback): string {
  const to = `execution ${r.targetExecutionId ?? '(unknown)'}`;
  const run = `rollback run ${r.executionId}`;
  switch (r.status) {
    case 'InProgress':
      return `${r.stage} is rolling back to ${to} (${run}, in progress)`;
    case 'Succeeded':
      return `${r.stage} rolled back to ${to} (${run} succeeded)`;
    case 'Failed':
      return `${r.stage} failed to roll back to ${to} (${run} failed)`;
    default:
      return `${r.stage} rollback to ${to}: ${r.status ?? 'status unknown'} (${run})`;
  }
}
