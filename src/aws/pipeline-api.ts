import { randomUUID } from 'node:crypto';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { sendOptions } from './api-session.js';
import { withRetry, type RetryOptions } from './retry.js';
import { iso, lenientPipelineTimestamps, pipelineError, required } from './pipeline-support.js';
import type {
  ExecutionSummary,
  ExecutionInfo,
  PipelineStateView,
  ActionExecutionView,
  ApprovalInput,
  PipelineDocument,
  PipelineDeclaration,
} from './pipeline-types.js';
import type { AwsClientConfig } from './types.js';

export { FINAL_EXECUTION_STATUSES } from './pipeline-types.js';
export type {
  ExecutionStatus,
  ExecutionSummary,
  ExecutionInfo,
  ErrorDetail,
  ActionStateView,
  StageStateView,
  PipelineStateView,
  ActionExecutionView,
  ApprovalInput,
  PipelineDocument,
  PipelineDeclaration,
  ArtifactStoreDeclaration,
  StageDeclaration,
  ActionDeclaration,
} from './pipeline-types.js';
export { pipelineError } from './pipeline-support.js';

/**
 * The narrow CodePipeline interface `ops` works against (start, status, watch, approve,
 * doctor). Plain data in the shape `aws codepipeline …` prints (camelCase), timestamps as
 * ISO strings, so results serialise to `--json` and snapshots unchanged. The SDK adapter is
 * {@link createPipelineApi}; tests use the HTTP fake in test/fakes/codepipeline-fake.ts.
 */
export interface PipelineApi {
  /** StartPipelineExecution: returns the new execution id. */
  startExecution(pipeline: string, clientRequestToken?: string): Promise<string>;
  getState(pipeline: string): Promise<PipelineStateView>;
  /** Most recent first. */
  listExecutions(pipeline: string, max: number): Promise<ExecutionSummary[]>;
  getExecution(pipeline: string, executionId: string): Promise<ExecutionInfo>;
  /** Every action execution of one pipeline execution (all pages). */
  listActionExecutions(pipeline: string, executionId: string): Promise<ActionExecutionView[]>;
  putApprovalResult(input: ApprovalInput): Promise<void>;
  getPipeline(pipeline: string): Promise<PipelineDocument>;
}

export interface PipelineApiOptions {
  /** Retries on throttling and transient errors (an AccountSession's `retry`). */
  readonly retry?: RetryOptions | undefined;
  /** Refreshes the session after an expired-token error (an AccountSession's `expire`). */
  readonly onExpired?: (() => void) | undefined;
}

/**
 * The SDK adapter. The SDK module is imported here, on first use, so commands that never
 * talk to CodePipeline (and `--help`) do not pay for loading it.
 */
export async function createPipelineApi(
  config: AwsClientConfig,
  options: PipelineApiOptions = {},
): Promise<PipelineApi> {
  const sdk = await import('@aws-sdk/client-codepipeline');
  const client: CodePipelineClient = new sdk.CodePipelineClient({
    region: config.region,
    ...(config.credentials === undefined ? {} : { credentials: config.credentials }),
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    ...(config.maxAttempts === undefined ? {} : { maxAttempts: config.maxAttempts }),
    ...(config.requestHandler === undefined ? {} : { requestHandler: config.requestHandler }),
  });
  lenientPipelineTimestamps(client);
  const call = async <T>(
    operation: string,
    pipeline: string,
    send: (signal?: AbortSignal) => Promise<T>,
  ): Promise<T> => {
    try {
      return await withRetry(`codepipeline:${operation}`, (_, signal) => send(signal), {
        ...options.retry,
        ...(options.onExpired ? { onExpired: options.onExpired } : {}),
      });
    } catch (e) {
      throw pipelineError(operation, pipeline, config, e);
    }
  };

  return {
    async startExecution(pipeline, clientRequestToken) {
      // One token for every retry of this call: a retried start never starts a second run.
      const token = clientRequestToken ?? randomUUID();
      const out = await call('StartPipelineExecution', pipeline, (signal) =>
        client.send(
          new sdk.StartPipelineExecutionCommand({
            name: pipeline,
            clientRequestToken: token,
          }),
          sendOptions(signal),
        ),
      );
      return required(out.pipelineExecutionId, 'StartPipelineExecution', 'pipelineExecutionId');
    },

    async getState(pipeline) {
      const out = await call('GetPipelineState', pipeline, (signal) =>
        client.send(new sdk.GetPipelineStateCommand({ name: pipeline }), sendOptions(signal)),
      );
      return {
        pipeline: out.pipelineName ?? pipeline,
        version: out.pipelineVersion,
        stages: (out.stageStates ?? []).map((s) => ({
          stage: s.stageName ?? '',
          executionId: s.latestExecution?.pipelineExecutionId,
          status: s.latestExecution?.status,
          type: s.latestExecution?.type,
          actions: (s.actionStates ?? []).map((a) => ({
            action: a.actionName ?? '',
            status: a.latestExecution?.status,
            summary: a.latestExecution?.summary,
            actionExecutionId: a.latestExecution?.actionExecutionId,
            lastStatusChange: iso(a.latestExecution?.lastStatusChange),
            token: a.latestExecution?.token,
            error: a.latestExecution?.errorDetails,
            externalExecutionUrl: a.latestExecution?.externalExecutionUrl,
            externalExecutionId: a.latestExecution?.externalExecutionId,
          })),
        })),
      };
    },

    async listExecutions(pipeline, max) {
      const out = await call('ListPipelineExecutions', pipeline, (signal) =>
        client.send(
          new sdk.ListPipelineExecutionsCommand({
            pipelineName: pipeline,
            maxResults: Math.max(1, Math.min(max, 100)),
          }),
          sendOptions(signal),
        ),
      );
      return (out.pipelineExecutionSummaries ?? []).slice(0, max).map((e) => ({
        executionId: e.pipelineExecutionId ?? '',
        status: e.status ?? 'Unknown',
        statusSummary: e.statusSummary,
        startTime: iso(e.startTime),
        lastUpdateTime: iso(e.lastUpdateTime),
        trigger: e.trigger?.triggerType,
        type: e.executionType,
        rollbackTargetExecutionId: e.rollbackMetadata?.rollbackTargetPipelineExecutionId,
        sourceRevisions: (e.sourceRevisions ?? []).map((r) => ({
          action: r.actionName ?? '',
          revisionId: r.revisionId,
          summary: r.revisionSummary,
        })),
      }));
    },

    async getExecution(pipeline, executionId) {
      const out = await call('GetPipelineExecution', pipeline, (signal) =>
        client.send(
          new sdk.GetPipelineExecutionCommand({
            pipelineName: pipeline,
            pipelineExecutionId: executionId,
          }),
          sendOptions(signal),
        ),
      );
      const e = out.pipelineExecution;
      return {
        executionId: e?.pipelineExecutionId ?? executionId,
        status: e?.status ?? 'Unknown',
        statusSummary: e?.statusSummary,
        pipelineVersion: e?.pipelineVersion,
        type: e?.executionType,
        rollbackTargetExecutionId: e?.rollbackMetadata?.rollbackTargetPipelineExecutionId,
      };
    },

    async listActionExecutions(pipeline, executionId) {
      const views: ActionExecutionView[] = [];
      let nextToken: string | undefined;
      do {
        const out = await call('ListActionExecutions', pipeline, (signal) =>
          client.send(
            new sdk.ListActionExecutionsCommand({
              pipelineName: pipeline,
              filter: { pipelineExecutionId: executionId },
              maxResults: 100,
              ...(nextToken ? { nextToken } : {}),
            }),
            sendOptions(signal),
          ),
        );
        for (const d of out.actionExecutionDetails ?? []) {
          const result = d.output?.executionResult;
          views.push({
            executionId: d.pipelineExecutionId ?? executionId,
            actionExecutionId: d.actionExecutionId,
            stage: d.stageName ?? '',
            action: d.actionName ?? '',
            status: d.status ?? 'Unknown',
            startTime: iso(d.startTime),
            lastUpdateTime: iso(d.lastUpdateTime),
            roleArn: d.input?.roleArn,
            region: d.input?.region,
            summary: result?.externalExecutionSummary,
            error: result?.errorDetails,
            externalExecutionUrl: result?.externalExecutionUrl,
            externalExecutionId: result?.externalExecutionId,
          });
        }
        nextToken = out.nextToken;
      } while (nextToken);
      return views;
    },

    async putApprovalResult(input) {
      await call('PutApprovalResult', input.pipeline, () =>
        client.send(
          new sdk.PutApprovalResultCommand({
            pipelineName: input.pipeline,
            stageName: input.stage,
            actionName: input.action,
            token: input.token,
            result: { status: input.status, summary: input.summary },
          }),
        ),
      );
    },

    async getPipeline(pipeline) {
      const out = await call('GetPipeline', pipeline, (signal) =>
        client.send(new sdk.GetPipelineCommand({ name: pipeline }), sendOptions(signal)),
      );
      if (!out.pipeline)
        throw pipelineError(
          'GetPipeline',
          pipeline,
          config,
          new Error('the response has no pipeline'),
        );
      const m = out.metadata;
      return {
        // The SDK's declaration types are the API's JSON shape with optional members; the
        // service always returns name, roleArn and stages for an existing pipeline.
        pipeline: out.pipeline as unknown as PipelineDeclaration,
        ...(m
          ? {
              metadata: {
                pipelineArn: m.pipelineArn,
                created: iso(m.created),
                updated: iso(m.updated),
                pollingDisabledAt: iso(m.pollingDisabledAt),
              },
            }
          : {}),
      };
    },
  };
}
