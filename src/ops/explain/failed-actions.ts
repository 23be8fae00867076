import type { PipelineApi } from '../../aws/pipeline-api.js';
import type { LiveSnapshot } from '../doctor/index.js';
import type { ActionContext } from './reconstruct.js';
import { accountOf } from '../pipeline-ref.js';

/** The stack a CloudFormation action deploys: its name, and the account and region it runs in. */
export interface ActionStack {
  readonly name: string;
  readonly account: string;
  readonly region: string;
}

export interface FailedAction {
  readonly executionId: string;
  readonly context: ActionContext;
  /** errorDetails.message, else the execution summary. */
  readonly message: string;
  readonly code?: string | undefined;
  /** For a CloudFormation action: the stack whose events say why it failed. */
  readonly stack?: ActionStack | undefined;
}

/**
 * The failed actions of one execution (ListActionExecutions), or of the most recent failed
 * execution when none is named, each with its error text and its place in the pipeline.
 */
export async function failedActions(
  api: PipelineApi,
  snapshot: LiveSnapshot,
  executionId?: string,
): Promise<{ executionId: string | undefined; failed: FailedAction[] }> {
  const pipeline = snapshot.pipeline.pipeline.name;
  let id = executionId;
  if (id === undefined) {
    const recent = await api.listExecutions(pipeline, 20);
    id = recent.find((e) => e.status === 'Failed')?.executionId;
    if (id === undefined) return { executionId: undefined, failed: [] };
  }
  const executions = await api.listActionExecutions(pipeline, id);
  const failed = executions
    .filter((a) => a.status === 'Failed')
    .map((a) => {
      const declared = snapshot.pipeline.pipeline.stages
        .find((s) => s.name === a.stage)
        ?.actions.find((x) => x.name === a.action);
      const role = a.roleArn ?? declared?.roleArn;
      const stackName = declared?.configuration?.StackName;
      const account = accountOf(role) ?? snapshot.pipelineAccount;
      const stack =
        declared?.actionTypeId.provider === 'CloudFormation' && stackName
          ? { name: stackName, account, region: a.region ?? declared.region ?? snapshot.region }
          : undefined;
      return {
        executionId: a.executionId,
        context: {
          stage: a.stage,
          action: a.action,
          ...(declared ? { provider: declared.actionTypeId.provider } : {}),
          ...(role ? { roleArn: role } : {}),
        },
        message: a.error?.message ?? a.summary ?? '',
        ...(a.error?.code ? { code: a.error.code } : {}),
        ...(stack ? { stack } : {}),
      };
    });
  return { executionId: id, failed };
}
