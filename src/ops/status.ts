import type { ErrorDetail, ExecutionSummary, PipelineApi } from '../aws/pipeline-api.js';
import type { IoHost } from '../io/index.js';
import {
  connectionProblem,
  readConnectionState,
  type ConnectionState,
  type ConnectionsReader,
} from './connection-state.js';
import { buildLogUrl } from './action-labels.js';
import { executionConsoleUrl, pipelineConsoleUrl } from './console-links.js';
import {
  accountRef,
  pipelineAccount,
  placeActions,
  placementKey,
  type AccountRef,
  type PipelineRef,
} from './pipeline-ref.js';

export interface ActionStatus {
  readonly action: string;
  readonly category: string;
  readonly provider: string;
  /** Latest status of the action; undefined when it never ran. */
  readonly status?: string | undefined;
  /** Where the action runs, from its role ARN (the pipeline's account without one). */
  readonly account: AccountRef | undefined;
  readonly region: string;
  readonly summary?: string | undefined;
  readonly error?: ErrorDetail | undefined;
  readonly externalExecutionUrl?: string | undefined;
  /** A manual approval waiting for `crossline approve STAGE`. */
  readonly awaitingApproval: boolean;
  /** What the action does, in words: change-set creation / execution, stage tests. */
  readonly label?: string | undefined;
  /** A failed CodeBuild action: the console page of its build's log. */
  readonly logUrl?: string | undefined;
}

export interface StageStatus {
  readonly stage: string;
  readonly status?: string | undefined;
  readonly executionId?: string | undefined;
  readonly actions: readonly ActionStatus[];
}

export interface StatusReport {
  readonly pipeline: string;
  readonly region: string;
  readonly account: AccountRef | undefined;
  readonly consoleUrl?: string | undefined;
  readonly executions: readonly (ExecutionSummary & { readonly consoleUrl?: string | undefined })[];
  readonly stages: readonly StageStatus[];
  /** The source connection's state, when the pipeline has one and it could be read. */
  readonly connection?: (ConnectionState & { readonly problem?: string | undefined }) | undefined;
}

/**
 * Recent executions, then every stage and action in pipeline order with its latest state
 * and the account it runs in. Stages come from the declaration, so an action that never ran
 * is listed too; the state only fills in what happened.
 */
export async function pipelineStatus(
  api: PipelineApi,
  ref: PipelineRef,
  io: IoHost,
  options: { readonly executions?: number; readonly connections?: ConnectionsReader } = {},
): Promise<StatusReport> {
  io.notify({
    level: 'debug',
    code: 'status.read',
    message: `reading pipeline ${ref.name} in ${ref.region}`,
  });
  const [doc, state, executions] = await Promise.all([
    api.getPipeline(ref.name),
    api.getState(ref.name),
    api.listExecutions(ref.name, options.executions ?? 5),
  ]);
  const placements = new Map(
    placeActions(ref, doc).map((p) => [placementKey(p.stage, p.action), p]),
  );
  const stateOf = new Map(state.stages.map((s) => [s.stage, s]));
  const stages: StageStatus[] = doc.pipeline.stages.map((declared) => {
    const s = stateOf.get(declared.name);
    const actionState = new Map((s?.actions ?? []).map((a) => [a.action, a]));
    return {
      stage: declared.name,
      status: s?.status,
      executionId: s?.executionId,
      actions: declared.actions.map((a) => {
        const p = placements.get(placementKey(declared.name, a.name));
        const st = actionState.get(a.name);
        return {
          action: a.name,
          category: a.actionTypeId.category,
          provider: a.actionTypeId.provider,
          status: st?.status,
          account: p?.account,
          region: p?.region ?? ref.region,
          summary: st?.summary,
          error: st?.error,
          externalExecutionUrl: st?.externalExecutionUrl,
          awaitingApproval:
            a.actionTypeId.category === 'Approval' &&
            st?.status === 'InProgress' &&
            st.token !== undefined,
          ...(p?.label === undefined ? {} : { label: p.label }),
          ...failedBuildLog(ref, a.actionTypeId.provider, p?.account?.id, p?.region, st),
        };
      }),
    };
  });
  const home = pipelineAccount(ref, doc);
  const connection =
    options.connections === undefined
      ? undefined
      : await readConnectionState(doc, ref, options.connections, io);
  const problem = connection === undefined ? undefined : connectionProblem(connection);
  return {
    pipeline: ref.name,
    region: ref.region,
    account: home === undefined ? undefined : accountRef(ref, home),
    consoleUrl: pipelineConsoleUrl(ref.partition, ref.region, ref.name),
    executions: executions.map((e) => ({
      ...e,
      consoleUrl: executionConsoleUrl(ref.partition, ref.region, ref.name, e.executionId),
    })),
    stages,
    ...(connection ? { connection: { ...connection, ...(problem ? { problem } : {}) } } : {}),
  };
}

/** The log link of a failed CodeBuild action (build or tests), from its build id. */
export function failedBuildLog(
  ref: PipelineRef,
  provider: string,
  account: string | undefined,
  region: string | undefined,
  st:
    | { readonly status?: string | undefined; readonly externalExecutionId?: string | undefined }
    | undefined,
): { logUrl?: string } {
  const owner = account ?? ref.account;
  if (provider !== 'CodeBuild' || st?.status !== 'Failed' || st.externalExecutionId === undefined)
    return {};
  if (owner === undefined) return {};
  const url = buildLogUrl(ref.partition, region ?? ref.region, owner, st.externalExecutionId);
  return url === undefined ? {} : { logUrl: url };
}
