import { randomUUID } from 'node:crypto';
import type { CodePipelineClient } from '@aws-sdk/client-codepipeline';
import { CrosslineError } from '../errors/index.js';
import { withRetry, type RetryOptions } from './retry.js';
import type { AwsClientConfig } from './types.js';

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

export type ExecutionStatus =
  'Cancelled' | 'Failed' | 'InProgress' | 'Stopped' | 'Stopping' | 'Succeeded' | 'Superseded';

/** Statuses after which an execution never changes again. */
export const FINAL_EXECUTION_STATUSES: ReadonlySet<string> = new Set([
  'Cancelled',
  'Failed',
  'Stopped',
  'Succeeded',
  'Superseded',
]);

export interface ExecutionSummary {
  readonly executionId: string;
  readonly status: string;
  readonly statusSummary?: string | undefined;
  readonly startTime?: string | undefined;
  readonly lastUpdateTime?: string | undefined;
  /** e.g. `StartPipelineExecution`, `CloudWatchEvent`. */
  readonly trigger?: string | undefined;
  readonly sourceRevisions: readonly {
    readonly action: string;
    readonly revisionId?: string | undefined;
    readonly summary?: string | undefined;
  }[];
}

export interface ExecutionInfo {
  readonly executionId: string;
  readonly status: string;
  readonly statusSummary?: string | undefined;
  readonly pipelineVersion?: number | undefined;
}

export interface ErrorDetail {
  readonly code?: string | undefined;
  readonly message?: string | undefined;
}

export interface ActionStateView {
  readonly action: string;
  readonly status?: string | undefined;
  readonly summary?: string | undefined;
  readonly actionExecutionId?: string | undefined;
  readonly lastStatusChange?: string | undefined;
  /** Present while a manual approval waits: PutApprovalResult needs it. */
  readonly token?: string | undefined;
  readonly error?: ErrorDetail | undefined;
  readonly externalExecutionUrl?: string | undefined;
}

export interface StageStateView {
  readonly stage: string;
  /** The pipeline execution that last entered the stage. */
  readonly executionId?: string | undefined;
  readonly status?: string | undefined;
  readonly actions: readonly ActionStateView[];
}

export interface PipelineStateView {
  readonly pipeline: string;
  readonly version?: number | undefined;
  readonly stages: readonly StageStateView[];
}

export interface ActionExecutionView {
  readonly executionId: string;
  readonly actionExecutionId?: string | undefined;
  readonly stage: string;
  readonly action: string;
  readonly status: string;
  readonly startTime?: string | undefined;
  readonly lastUpdateTime?: string | undefined;
  /** The role the action ran as (input.roleArn): which account it ran in. */
  readonly roleArn?: string | undefined;
  readonly region?: string | undefined;
  readonly summary?: string | undefined;
  readonly error?: ErrorDetail | undefined;
  readonly externalExecutionUrl?: string | undefined;
}

export interface ApprovalInput {
  readonly pipeline: string;
  readonly stage: string;
  readonly action: string;
  readonly token: string;
  readonly status: 'Approved' | 'Rejected';
  readonly summary: string;
}

/** get-pipeline output: the declaration as the API returns it, plus its metadata. */
export interface PipelineDocument {
  readonly pipeline: PipelineDeclaration;
  readonly metadata?: {
    readonly pipelineArn?: string | undefined;
    readonly created?: string | undefined;
    readonly updated?: string | undefined;
    readonly pollingDisabledAt?: string | undefined;
  };
}

export interface PipelineDeclaration {
  readonly name: string;
  readonly roleArn: string;
  readonly artifactStore?: ArtifactStoreDeclaration | undefined;
  readonly artifactStores?: Readonly<Record<string, ArtifactStoreDeclaration>> | undefined;
  readonly stages: readonly StageDeclaration[];
  readonly version?: number | undefined;
  readonly pipelineType?: string | undefined;
  readonly executionMode?: string | undefined;
  /** Anything else the API returns (triggers, variables) is kept as is. */
  readonly [extra: string]: unknown;
}

export interface ArtifactStoreDeclaration {
  readonly type: string;
  readonly location: string;
  readonly encryptionKey?: { readonly id: string; readonly type: string } | undefined;
}

export interface StageDeclaration {
  readonly name: string;
  readonly actions: readonly ActionDeclaration[];
  readonly [extra: string]: unknown;
}

export interface ActionDeclaration {
  readonly name: string;
  readonly actionTypeId: {
    readonly category: string;
    readonly owner: string;
    readonly provider: string;
    readonly version: string;
  };
  readonly runOrder?: number | undefined;
  readonly configuration?: Readonly<Record<string, string>> | undefined;
  readonly roleArn?: string | undefined;
  readonly region?: string | undefined;
  readonly inputArtifacts?: readonly { readonly name: string }[] | undefined;
  readonly outputArtifacts?: readonly { readonly name: string }[] | undefined;
  readonly [extra: string]: unknown;
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
  });
  lenientPipelineTimestamps(client);
  const call = async <T>(
    operation: string,
    pipeline: string,
    send: () => Promise<T>,
  ): Promise<T> => {
    try {
      return await withRetry(`codepipeline:${operation}`, send, {
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
      const out = await call('StartPipelineExecution', pipeline, () =>
        client.send(
          new sdk.StartPipelineExecutionCommand({
            name: pipeline,
            clientRequestToken: token,
          }),
        ),
      );
      return required(out.pipelineExecutionId, 'StartPipelineExecution', 'pipelineExecutionId');
    },

    async getState(pipeline) {
      const out = await call('GetPipelineState', pipeline, () =>
        client.send(new sdk.GetPipelineStateCommand({ name: pipeline })),
      );
      return {
        pipeline: out.pipelineName ?? pipeline,
        version: out.pipelineVersion,
        stages: (out.stageStates ?? []).map((s) => ({
          stage: s.stageName ?? '',
          executionId: s.latestExecution?.pipelineExecutionId,
          status: s.latestExecution?.status,
          actions: (s.actionStates ?? []).map((a) => ({
            action: a.actionName ?? '',
            status: a.latestExecution?.status,
            summary: a.latestExecution?.summary,
            actionExecutionId: a.latestExecution?.actionExecutionId,
            lastStatusChange: iso(a.latestExecution?.lastStatusChange),
            token: a.latestExecution?.token,
            error: a.latestExecution?.errorDetails,
            externalExecutionUrl: a.latestExecution?.externalExecutionUrl,
          })),
        })),
      };
    },

    async listExecutions(pipeline, max) {
      const out = await call('ListPipelineExecutions', pipeline, () =>
        client.send(
          new sdk.ListPipelineExecutionsCommand({
            pipelineName: pipeline,
            maxResults: Math.max(1, Math.min(max, 100)),
          }),
        ),
      );
      return (out.pipelineExecutionSummaries ?? []).slice(0, max).map((e) => ({
        executionId: e.pipelineExecutionId ?? '',
        status: e.status ?? 'Unknown',
        statusSummary: e.statusSummary,
        startTime: iso(e.startTime),
        lastUpdateTime: iso(e.lastUpdateTime),
        trigger: e.trigger?.triggerType,
        sourceRevisions: (e.sourceRevisions ?? []).map((r) => ({
          action: r.actionName ?? '',
          revisionId: r.revisionId,
          summary: r.revisionSummary,
        })),
      }));
    },

    async getExecution(pipeline, executionId) {
      const out = await call('GetPipelineExecution', pipeline, () =>
        client.send(
          new sdk.GetPipelineExecutionCommand({
            pipelineName: pipeline,
            pipelineExecutionId: executionId,
          }),
        ),
      );
      const e = out.pipelineExecution;
      return {
        executionId: e?.pipelineExecutionId ?? executionId,
        status: e?.status ?? 'Unknown',
        statusSummary: e?.statusSummary,
        pipelineVersion: e?.pipelineVersion,
      };
    },

    async listActionExecutions(pipeline, executionId) {
      const views: ActionExecutionView[] = [];
      let nextToken: string | undefined;
      do {
        const out = await call('ListActionExecutions', pipeline, () =>
          client.send(
            new sdk.ListActionExecutionsCommand({
              pipelineName: pipeline,
              filter: { pipelineExecutionId: executionId },
              maxResults: 100,
              ...(nextToken ? { nextToken } : {}),
            }),
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
      const out = await call('GetPipeline', pipeline, () =>
        client.send(new sdk.GetPipelineCommand({ name: pipeline })),
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

function iso(d: Date | undefined): string | undefined {
  return d === undefined ? undefined : d.toISOString();
}

/**
 * moto sends get-pipeline's metadata timestamps as ISO strings where the API sends epoch
 * seconds, and the SDK then refuses the whole response. This middleware sits just inside the
 * deserializer and rewrites those strings to numbers; real AWS responses pass unchanged.
 */
function lenientPipelineTimestamps(client: CodePipelineClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if (context.commandName !== 'GetPipelineCommand') return result;
      const response = result.response as { statusCode?: number; body?: unknown };
      const body = response.body as AsyncIterable<Uint8Array> | undefined;
      if (
        response.statusCode !== 200 ||
        body === undefined ||
        typeof body[Symbol.asyncIterator] !== 'function'
      )
        return result;
      const chunks: Uint8Array[] = [];
      for await (const chunk of body) chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('utf8');
      response.body = new TextEncoder().encode(epochTimestamps(text));
      return result;
    },
    { step: 'deserialize', priority: 'low', name: 'crosslineLenientPipelineTimestamps' },
  );
}

function epochTimestamps(text: string): string {
  try {
    const doc = JSON.parse(text) as { metadata?: Record<string, unknown> };
    const m = doc.metadata;
    if (m === undefined) return text;
    for (const k of ['created', 'updated', 'pollingDisabledAt']) {
      const v = m[k];
      if (typeof v === 'string' && !Number.isNaN(Date.parse(v))) m[k] = Date.parse(v) / 1000;
    }
    return JSON.stringify(doc);
  } catch {
    return text;
  }
}

function required<T>(value: T | undefined, operation: string, member: string): T {
  if (value === undefined) {
    throw new CrosslineError('AwsRequestFailed', 'external', `${operation} returned no ${member}`);
  }
  return value;
}

/** SDK errors become CrosslineErrors a user can act on (never with credentials in them). */
export function pipelineError(
  operation: string,
  pipeline: string,
  config: AwsClientConfig,
  e: unknown,
): CrosslineError {
  if (e instanceof CrosslineError) return e;
  const name = (e as { name?: string }).name ?? 'Error';
  const message = (e as { message?: string }).message ?? String(e);
  const where = `in ${config.region}${config.endpoint ? ` at ${config.endpoint}` : ''}`;
  if (name === 'PipelineNotFoundException') {
    return new CrosslineError(
      'PipelineNotFound',
      'external',
      `pipeline '${pipeline}' not found ${where}`,
      {
        hint: 'check --pipeline/--region (or the config name and region) and that the credentials are for the pipeline (tools) account',
        cause: e,
      },
    );
  }
  const hint =
    name === 'CredentialsProviderError' || /credential/i.test(message)
      ? 'no AWS credentials found: pass --profile, or set AWS_PROFILE / AWS_ACCESS_KEY_ID'
      : name === 'AccessDeniedException' || /not authorized/i.test(message)
        ? `the caller needs codepipeline:${operation} on the pipeline`
        : undefined;
  return new CrosslineError(
    'AwsRequestFailed',
    'external',
    `CodePipeline ${operation} failed for '${pipeline}' ${where}: ${name}: ${message}`,
    {
      ...(hint ? { hint } : {}),
      cause: e,
      details: { operation, pipeline, errorName: name },
    },
  );
}
