import type {
  ActionStateView,
  ExecutionSummary,
  PipelineApi,
  StageStateView,
} from '../aws/pipeline-api.js';
import type { IoHost } from '../io/index.js';
import {
  connectionProblem,
  readConnectionState,
  type ConnectionState,
  type ConnectionsReader,
} from './connection-state.js';
import { buildLogUrl, rollbackLabel, type StageRollback } from './action-labels.js';
import { executionConsoleUrl, pipelineConsoleUrl } from './console-links.js';
import {
  accountRef,
  pipelineAccount,
  placeActions,
  placementKey,
  type AccountRef,
  type PipelineRef,
} from './pipeline-ref.js';

/** An action of the declaration with its latest state (`status` undefined: it never ran). */
export interface ActionStatus extends Pick<
  ActionStateView,
  'action' | 'status' | 'summary' | 'error' | 'externalExecutionUrl'
> {
  readonly category: string;
  readonly provider: string;
  /** Where the action runs, from its role ARN (the pipeline's account without one). */
  readonly account: AccountRef | undefined;
  readonly region: string;
  /** A manual approval waiting for `crossline approve STAGE`. */
  readonly awaitingApproval: boolean;
  /** What the action does, in words: change-set creation / execution, stage tests. */
  readonly label?: string | undefined;
  /** A failed CodeBuild action: the console page of its build's log. */
  readonly logUrl?: string | undefined;
}

export interface StageStatus extends Pick<StageStateView, 'stage' | 'status' | 'executionId'> {
  /**
   * The stage's latest execution is a rollback: to which earlier execution, its state, and
   * that in words (`prod is rolling back to execution …`). Its actions are the rollback's.
   */
  readonly rollback?: (StageRollback & { readonly text: string }) | undefined;
  readonly actions: readonly ActionStatus[];
}

export interface StatusReport {
  readonly pipeline: string;
  readonly region: string;
  readonly account: AccountRef | undefined;
  readonly consoleUrl?: string | undefined;
  readonly executions: readonly (ExecutionSummary & {
    readonly consoleUrl?: string | undefined;
    /** A rollback execution, in words: `rollback of prod to execution …`. */
    readonly rollback?: string | undefined;
  })[];
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
  const rollbacks = await stageRollbacks(api, ref, state.stages, executions);
  const stages: StageStatus[] = doc.pipeline.stages.map((declared) => {
    const s = stateOf.get(declared.name);
    const actionState = new Map((s?.actions ?? []).map((a) => [a.action, a]));
    const rollback = rollbacks.get(declared.name);
    return {
      stage: declared.name,
      status: s?.status,
      executionId: s?.executionId,
      ...(rollback === undefined
        ? {}
        : { rollback: { ...rollback, text: rollbackLabel(rollback) } }),
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
    executions: executions.map((e) => {
      const stage = [...rollbacks.values()].find((r) => r.executionId === e.executionId)?.stage;
      const to = `execution ${e.rollbackTargetExecutionId ?? '(unknown)'}`;
      return {
        ...e,
        consoleUrl: executionConsoleUrl(ref.partition, ref.region, ref.name, e.executionId),
        ...(e.type === 'ROLLBACK'
          ? {
              rollback: stage === undefined ? `rollback to ${to}` : `rollback of ${stage} to ${to}`,
            }
          : {}),
      };
    }),
    stages,
    ...(connection ? { connection: { ...connection, ...(problem ? { problem } : {}) } } : {}),
  };
}

/**
 * The stages whose latest execution is a rollback (GetPipelineState's StageExecution type
 * ROLLBACK), with the execution each rolls back to: from the listed executions'
 * rollbackMetadata, else from GetPipelineExecution of that rollback.
 */
export async function stageRollbacks(
  api: PipelineApi,
  ref: PipelineRef,
  stages: readonly StageStateView[],
  executions: readonly ExecutionSummary[],
): Promise<Map<string, StageRollback>> {
  const out = new Map<string, StageRollback>();
  for (const s of stages) {
    if (s.type !== 'ROLLBACK' || s.executionId === undefined) continue;
    const executionId = s.executionId;
    const targetExecutionId =
      executions.find((e) => e.executionId === executionId)?.rollbackTargetExecutionId ??
      (await api.getExecution(ref.name, executionId)).rollbackTargetExecutionId;
    out.set(s.stage, { stage: s.stage, executionId, targetExecutionId, status: s.status });
  }
  return out;
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
