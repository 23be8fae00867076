/**
 * A small HTTP fake of the CodePipeline execution API (moto lacks it). Specified in
 * codepipeline-fake.md beside this file; read that first.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CONNECTIONS_TARGET_PREFIX,
  sendJson,
  type ConnectionsFakeState,
} from './connections-fake.js';

/** JSON as the API sends it: the fake reads members by name, like the service. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;

export interface FakeActionScript {
  /** Steps the action stays InProgress before it ends. Default 1. Ignored for approvals. */
  readonly steps?: number;
  /** End the action Failed with this error instead of Succeeded. */
  readonly fail?: { readonly code: string; readonly message: string };
  readonly summary?: string;
  readonly externalExecutionUrl?: string;
  /** The provider's run id (a CodeBuild action: the build id `<project>:<uuid>`). */
  readonly externalExecutionId?: string;
}

/** How one run plays out: `Stage/Action` → script. Unlisted actions succeed after one step. */
export type FakeRunScript = Readonly<Record<string, FakeActionScript>>;

export interface FakePipeline {
  /** The declaration as `get-pipeline` prints it (camelCase). */
  readonly declaration: Json;
  /** Account the pipeline lives in (for its ARN). */
  readonly account: string;
  /** Run i plays runs[min(i, runs.length - 1)]; default: everything succeeds. */
  readonly runs?: readonly FakeRunScript[];
  /**
   * Automatic rollbacks (a stage with `onFailure.result: ROLLBACK` failed): rollback i plays
   * rollbackRuns[min(i, rollbackRuns.length - 1)]; default: the stage's actions succeed.
   */
  readonly rollbackRuns?: readonly FakeRunScript[];
}

export interface FakeOptions {
  readonly pipelines: readonly FakePipeline[];
  readonly region?: string;
  /** Advance every running execution one step on each GetPipelineExecution. Default true. */
  readonly autoAdvance?: boolean;
  /** Account sts:GetCallerIdentity answers with. Default: the first pipeline's. */
  readonly callerAccount?: string;
  /** Also answer CodeConnections GetConnection on this endpoint (test/fakes/connections-fake.ts). */
  readonly connections?: ConnectionsFakeState;
}

export interface RecordedRequest {
  readonly operation: string;
  readonly body: Json;
}

export interface CodePipelineFake {
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Advances every running execution `steps` steps. */
  advance(steps?: number): void;
  /** Runs every running execution until it ends or waits on an approval. */
  settle(): void;
  execution(id: string): FakeExecution | undefined;
  /** Approvals waiting for PutApprovalResult, as `Stage/Action`. */
  waitingApprovals(): string[];
  close(): Promise<void>;
}

type ActionStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Abandoned';

interface ActionRun {
  readonly stage: string;
  readonly action: string;
  readonly declaration: Json;
  readonly actionExecutionId: string;
  readonly startTime: number;
  lastUpdateTime: number;
  status: ActionStatus;
  stepsLeft: number;
  token?: string;
  error?: { code: string; message: string };
  summary?: string;
  externalExecutionUrl?: string;
  externalExecutionId?: string;
}

export interface FakeExecution {
  readonly id: string;
  readonly pipeline: string;
  readonly script: FakeRunScript;
  /** `ROLLBACK`: an automatic rollback, which runs one stage (`stageIndex`) and ends. */
  readonly type: 'STANDARD' | 'ROLLBACK';
  /** A rollback: the earlier execution whose artifacts the stage goes back to. */
  readonly rollbackTarget?: string;
  /** ExecutionTrigger.triggerType. */
  readonly triggerType: 'StartPipelineExecution' | 'AutomatedRollback';
  readonly startTime: number;
  lastUpdateTime: number;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  statusSummary?: string;
  stageIndex: number;
  groupIndex: number;
  /** Stage name → status, for stages this execution entered. */
  readonly stageStatus: Map<string, 'InProgress' | 'Succeeded' | 'Failed'>;
  /** Stage name → step at which this execution entered it (latest entrant wins in GetPipelineState). */
  readonly stageEntered: Map<string, number>;
  readonly actions: ActionRun[];
}

class FakeError extends Error {
  constructor(
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const TARGET_PREFIX = 'CodePipeline_20150709.';
/** Fake time: a fixed start plus one second per step, so timestamps are ordered and repeatable. */
const EPOCH_SECONDS = 1_780_000_000;

export async function startCodePipelineFake(options: FakeOptions): Promise<CodePipelineFake> {
  const region = options.region ?? 'us-east-1';
  const autoAdvance = options.autoAdvance ?? true;
  const callerAccount = options.callerAccount ?? options.pipelines[0]?.account ?? '123456789012';
  const pipelines = new Map(options.pipelines.map((p) => [p.declaration.name as string, p]));
  const executions: FakeExecution[] = [];
  const runsStarted = new Map<string, number>();
  const rollbacksStarted = new Map<string, number>();
  const requests: RecordedRequest[] = [];
  const startedByToken = new Map<string, string>();
  let clock = 0;
  const now = (): number => EPOCH_SECONDS + clock;

  const pipelineOf = (name: unknown): FakePipeline => {
    const p = typeof name === 'string' ? pipelines.get(name) : undefined;
    if (!p)
      throw new FakeError(
        'PipelineNotFoundException',
        `The account with id '${options.pipelines[0]?.account ?? ''}' does not include a pipeline with the name '${String(name)}'`,
      );
    return p;
  };
  const stagesOf = (p: FakePipeline): Json[] => p.declaration.stages as Json[];
  const groupsOf = (stage: Json): number[] =>
    [
      ...new Set((stage.actions as Json[]).map((a) => (a.runOrder as number | undefined) ?? 1)),
    ].sort((a, b) => a - b);

  function step(e: FakeExecution): void {
    if (e.status !== 'InProgress') return;
    clock += 1;
    e.lastUpdateTime = now();
    const p = pipelines.get(e.pipeline)!;
    const stage = stagesOf(p)[e.stageIndex];
    const stageName = stage.name as string;
    const group = groupsOf(stage)[e.groupIndex];
    const inGroup = (stage.actions as Json[]).filter(
      (a) => ((a.runOrder as number | undefined) ?? 1) === group,
    );
    const runs = inGroup.map((a) =>
      e.actions.find((r) => r.stage === stageName && r.action === a.name),
    );
    if (runs.some((r) => r === undefined)) {
      if (!e.stageStatus.has(stageName)) {
        e.stageStatus.set(stageName, 'InProgress');
        e.stageEntered.set(stageName, clock);
      }
      inGroup.forEach((a, i) => {
        if (runs[i]) return;
        const script = e.script[`${stageName}/${a.name as string}`] ?? {};
        const approval = a.actionTypeId?.category === 'Approval';
        e.actions.push({
          stage: stageName,
          action: a.name as string,
          declaration: a,
          actionExecutionId: randomUUID(),
          startTime: now(),
          lastUpdateTime: now(),
          status: 'InProgress',
          stepsLeft: approval ? Number.POSITIVE_INFINITY : (script.steps ?? 1),
          ...(approval ? { token: randomUUID() } : {}),
        });
      });
      return;
    }
    for (const r of runs as ActionRun[]) {
      if (r.status !== 'InProgress' || r.token !== undefined) continue;
      r.stepsLeft -= 1;
      if (r.stepsLeft > 0) continue;
      const script = e.script[`${r.stage}/${r.action}`] ?? {};
      r.lastUpdateTime = now();
      if (script.summary) r.summary = script.summary;
      if (script.externalExecutionUrl) r.externalExecutionUrl = script.externalExecutionUrl;
      if (script.externalExecutionId) r.externalExecutionId = script.externalExecutionId;
      if (script.fail) {
        r.status = 'Failed';
        r.error = { ...script.fail };
      } else {
        r.status = 'Succeeded';
      }
    }
    if ((runs as ActionRun[]).some((r) => r.status === 'InProgress')) return;
    if ((runs as ActionRun[]).some((r) => r.status === 'Failed')) {
      e.stageStatus.set(stageName, 'Failed');
      e.status = 'Failed';
      const failed = (runs as ActionRun[]).find((r) => r.status === 'Failed')!;
      e.statusSummary = `Action ${failed.action} in stage ${stageName} failed`;
      rollBack(e, p, stage);
      return;
    }
    if (e.groupIndex + 1 < groupsOf(stage).length) {
      e.groupIndex += 1;
      return;
    }
    e.stageStatus.set(stageName, 'Succeeded');
    e.groupIndex = 0;
    e.stageIndex += 1;
    if (e.stageIndex >= stagesOf(p).length || e.type === 'ROLLBACK') e.status = 'Succeeded';
  }

  /**
   * A failed stage with `onFailure.result: ROLLBACK` rolls back to the most recent execution
   * that succeeded in it: a new execution of type ROLLBACK runs that stage alone. Not in
   * PARALLEL mode (rollback "is not available" there), not without an earlier success in the
   * stage, never to a rollback execution and never for a failed rollback.
   */
  function rollBack(failed: FakeExecution, p: FakePipeline, stage: Json): void {
    if (failed.type === 'ROLLBACK' || stage.onFailure?.result !== 'ROLLBACK') return;
    if (modeOf(p) === 'PARALLEL') return;
    const name = stage.name as string;
    const target = executions
      .filter(
        (x) =>
          x.pipeline === failed.pipeline &&
          x.type === 'STANDARD' &&
          x !== failed &&
          x.stageStatus.get(name) === 'Succeeded',
      )
      .at(-1);
    if (target === undefined) return;
    const n = rollbacksStarted.get(failed.pipeline) ?? 0;
    rollbacksStarted.set(failed.pipeline, n + 1);
    const scripts = p.rollbackRuns ?? [];
    const e = newExecution(failed.pipeline, scripts[Math.min(n, scripts.length - 1)] ?? {}, {
      type: 'ROLLBACK',
      rollbackTarget: target.id,
      triggerType: 'AutomatedRollback',
      stageIndex: stagesOf(p).indexOf(stage),
    });
    step(e);
  }

  function newExecution(
    pipeline: string,
    script: FakeRunScript,
    kind: Pick<FakeExecution, 'type' | 'triggerType' | 'stageIndex'> & {
      rollbackTarget?: string;
    },
  ): FakeExecution {
    clock += 1;
    const e: FakeExecution = {
      id: randomUUID(),
      pipeline,
      script,
      ...kind,
      startTime: now(),
      lastUpdateTime: now(),
      status: 'InProgress',
      groupIndex: 0,
      stageStatus: new Map(),
      stageEntered: new Map(),
      actions: [],
    };
    executions.push(e);
    return e;
  }

  // A rollback started during a step takes its first step at once, like a started execution.
  const advance = (steps = 1): void => {
    for (let i = 0; i < steps; i++) for (const e of [...executions]) step(e);
  };
  const waiting = (e: FakeExecution): boolean =>
    e.actions.some((a) => a.status === 'InProgress' && a.token !== undefined);
  const settle = (): void => {
    for (
      let i = 0;
      i < 10_000 && executions.some((e) => e.status === 'InProgress' && !waiting(e));
      i++
    )
      advance();
  };

  const actionState = (r: ActionRun): Json => ({
    actionExecutionId: r.actionExecutionId,
    status: r.status,
    lastStatusChange: r.lastUpdateTime,
    ...(r.summary ? { summary: r.summary } : {}),
    ...(r.token && r.status === 'InProgress' ? { token: r.token } : {}),
    ...(r.externalExecutionUrl ? { externalExecutionUrl: r.externalExecutionUrl } : {}),
    ...(r.externalExecutionId ? { externalExecutionId: r.externalExecutionId } : {}),
    ...(r.error ? { errorDetails: r.error } : {}),
  });

  const operations: Record<string, (body: Json) => unknown> = {
    StartPipelineExecution(body) {
      const p = pipelineOf(body.name);
      const token =
        typeof body.clientRequestToken === 'string' ? body.clientRequestToken : undefined;
      const known = token === undefined ? undefined : startedByToken.get(token);
      if (known) return { pipelineExecutionId: known };
      const n = runsStarted.get(body.name) ?? 0;
      runsStarted.set(body.name, n + 1);
      const runs = p.runs ?? [];
      const script = runs.length === 0 ? {} : runs[Math.min(n, runs.length - 1)];
      const e = newExecution(body.name as string, script, {
        type: 'STANDARD',
        triggerType: 'StartPipelineExecution',
        stageIndex: 0,
      });
      if (token !== undefined) startedByToken.set(token, e.id);
      step(e);
      return { pipelineExecutionId: e.id };
    },

    GetPipeline(body) {
      const p = pipelineOf(body.name);
      return {
        pipeline: { version: 1, ...p.declaration },
        metadata: {
          pipelineArn: `arn:aws:codepipeline:${region}:${p.account}:${p.declaration.name as string}`,
          created: EPOCH_SECONDS - 86_400,
          updated: EPOCH_SECONDS - 86_400,
        },
      };
    },

    GetPipelineState(body) {
      const p = pipelineOf(body.name);
      const mine = executions.filter((e) => e.pipeline === body.name);
      return {
        pipelineName: body.name,
        pipelineVersion: 1,
        created: EPOCH_SECONDS - 86_400,
        updated: EPOCH_SECONDS - 86_400,
        stageStates: stagesOf(p).map((stage) => {
          const name = stage.name as string;
          let latest: FakeExecution | undefined;
          for (const e of mine)
            if (
              e.stageEntered.has(name) &&
              (latest === undefined || e.stageEntered.get(name)! >= latest.stageEntered.get(name)!)
            )
              latest = e;
          return {
            stageName: name,
            inboundTransitionState: { enabled: true },
            actionStates: (stage.actions as Json[]).map((a) => {
              const run = latest?.actions.find((r) => r.stage === name && r.action === a.name);
              return { actionName: a.name, ...(run ? { latestExecution: actionState(run) } : {}) };
            }),
            ...(latest
              ? {
                  latestExecution: {
                    pipelineExecutionId: latest.id,
                    status: latest.stageStatus.get(name),
                    type: latest.type,
                  },
                }
              : {}),
          };
        }),
      };
    },

    ListPipelineExecutions(body) {
      pipelineOf(body.pipelineName);
      const all = executions.filter((e) => e.pipeline === body.pipelineName).reverse();
      const page = paginate(all, body);
      return {
        pipelineExecutionSummaries: page.items.map((e) => ({
          pipelineExecutionId: e.id,
          status: e.status,
          ...(e.statusSummary ? { statusSummary: e.statusSummary } : {}),
          startTime: e.startTime,
          lastUpdateTime: e.lastUpdateTime,
          sourceRevisions: [],
          ...executionKind(e, pipelines.get(e.pipeline)!),
        })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },

    GetPipelineExecution(body) {
      pipelineOf(body.pipelineName);
      const e = executions.find(
        (x) => x.id === body.pipelineExecutionId && x.pipeline === body.pipelineName,
      );
      if (!e)
        throw new FakeError(
          'PipelineExecutionNotFoundException',
          `Pipeline execution ${String(body.pipelineExecutionId)} not found`,
        );
      if (autoAdvance) step(e);
      return {
        pipelineExecution: {
          pipelineName: e.pipeline,
          pipelineVersion: 1,
          pipelineExecutionId: e.id,
          status: e.status,
          ...(e.statusSummary ? { statusSummary: e.statusSummary } : {}),
          artifactRevisions: [],
          ...executionKind(e, pipelines.get(e.pipeline)!),
        },
      };
    },

    ListActionExecutions(body) {
      pipelineOf(body.pipelineName);
      const wanted = body.filter?.pipelineExecutionId as string | undefined;
      if (wanted !== undefined && !executions.some((e) => e.id === wanted)) {
        throw new FakeError(
          'PipelineExecutionNotFoundException',
          `Pipeline execution ${wanted} not found`,
        );
      }
      const runs = executions
        .filter(
          (e) => e.pipeline === body.pipelineName && (wanted === undefined || e.id === wanted),
        )
        .flatMap((e) => e.actions.map((r) => ({ e, r })))
        .sort((a, b) => b.r.startTime - a.r.startTime);
      const page = paginate(runs, body);
      return {
        actionExecutionDetails: page.items.map(({ e, r }) => ({
          pipelineExecutionId: e.id,
          actionExecutionId: r.actionExecutionId,
          pipelineVersion: 1,
          stageName: r.stage,
          actionName: r.action,
          startTime: r.startTime,
          lastUpdateTime: r.lastUpdateTime,
          status: r.status,
          input: {
            actionTypeId: r.declaration.actionTypeId,
            configuration: r.declaration.configuration ?? {},
            resolvedConfiguration: r.declaration.configuration ?? {},
            ...(r.declaration.roleArn ? { roleArn: r.declaration.roleArn } : {}),
            region: r.declaration.region ?? region,
            inputArtifacts: [],
          },
          output: {
            outputArtifacts: [],
            executionResult: {
              ...(r.summary ? { externalExecutionSummary: r.summary } : {}),
              ...(r.externalExecutionUrl ? { externalExecutionUrl: r.externalExecutionUrl } : {}),
              ...(r.externalExecutionId ? { externalExecutionId: r.externalExecutionId } : {}),
              ...(r.error ? { errorDetails: r.error } : {}),
            },
          },
        })),
        ...(page.nextToken ? { nextToken: page.nextToken } : {}),
      };
    },

    PutApprovalResult(body) {
      const p = pipelineOf(body.pipelineName);
      const stage = stagesOf(p).find((s) => s.name === body.stageName);
      if (!stage)
        throw new FakeError('StageNotFoundException', `Stage ${String(body.stageName)} not found`);
      if (!(stage.actions as Json[]).some((a) => a.name === body.actionName)) {
        throw new FakeError(
          'ActionNotFoundException',
          `Action ${String(body.actionName)} not found`,
        );
      }
      if (
        typeof body.result?.summary !== 'string' ||
        !['Approved', 'Rejected'].includes(body.result?.status)
      ) {
        throw new FakeError(
          'ValidationException',
          'result.summary and result.status (Approved|Rejected) are required',
        );
      }
      const run = executions
        .filter((e) => e.pipeline === body.pipelineName)
        .flatMap((e) => e.actions)
        .find(
          (r) =>
            r.stage === body.stageName && r.action === body.actionName && r.token === body.token,
        );
      if (!run)
        throw new FakeError(
          'InvalidApprovalTokenException',
          `The token ${String(body.token)} is not valid for this approval`,
        );
      if (run.status !== 'InProgress')
        throw new FakeError(
          'ApprovalAlreadyCompletedException',
          'This approval request has already been completed',
        );
      clock += 1;
      run.lastUpdateTime = now();
      run.summary = body.result.summary;
      if (body.result.status === 'Approved') {
        run.status = 'Succeeded';
      } else {
        run.status = 'Failed';
        run.error = { code: 'JobFailed', message: `Rejected: ${String(body.result.summary)}` };
      }
      return { approvedAt: now() };
    },
  };

  const server = createServer((req, res) => {
    void handle(req, res);
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (String(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      answerSts(
        res,
        new URLSearchParams(Buffer.concat(chunks).toString('utf8')),
        callerAccount,
        requests,
      );
      return;
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (options.connections && target.startsWith(CONNECTIONS_TARGET_PREFIX)) {
      const body = chunks.length
        ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json)
        : {};
      sendJson(res, options.connections.answer(target, body));
      return;
    }
    const operation = target.startsWith(TARGET_PREFIX)
      ? target.slice(TARGET_PREFIX.length)
      : target;
    let body: Json = {};
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Json) : {};
      requests.push({ operation, body });
      const op = operations[operation];
      if (req.method !== 'POST' || !op)
        throw new FakeError('UnknownOperationException', `Unknown operation ${target}`);
      send(res, 200, op(body));
    } catch (e) {
      if (e instanceof FakeError) send(res, 400, { __type: e.type, message: e.message }, e.type);
      else
        send(
          res,
          500,
          { __type: 'InternalFailure', message: (e as Error).message },
          'InternalFailure',
        );
    }
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    advance,
    settle,
    execution: (id) => executions.find((e) => e.id === id),
    waitingApprovals: () =>
      executions.flatMap((e) =>
        e.actions
          .filter((a) => a.status === 'InProgress' && a.token !== undefined)
          .map((a) => `${a.stage}/${a.action}`),
      ),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * STS (query protocol) GetCallerIdentity only, so crossline's identity check before it
 * touches an account can pass against the fake.
 */
function answerSts(
  res: ServerResponse,
  params: URLSearchParams,
  account: string,
  requests: RecordedRequest[],
): void {
  const action = params.get('Action') ?? '';
  requests.push({ operation: `sts:${action}`, body: Object.fromEntries(params) });
  const xml =
    action === 'GetCallerIdentity'
      ? `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>` +
        `<Arn>arn:aws:iam::${account}:user/fake</Arn><UserId>AIDAFAKE</UserId><Account>${account}</Account>` +
        `</GetCallerIdentityResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`
      : `<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction</Code><Message>the fake answers GetCallerIdentity only</Message></Error></ErrorResponse>`;
  res.writeHead(action === 'GetCallerIdentity' ? 200 : 400, {
    'content-type': 'text/xml',
    'content-length': Buffer.byteLength(xml),
  });
  res.end(xml);
}

function send(res: ServerResponse, status: number, payload: unknown, errorType?: string): void {
  const text = JSON.stringify(payload);
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': randomUUID(),
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(text);
}

/** The execution mode of a declaration (CodePipeline's default: SUPERSEDED). */
function modeOf(p: FakePipeline): string {
  return (p.declaration.executionMode as string | undefined) ?? 'SUPERSEDED';
}

/** What started an execution and of which type, as ListPipelineExecutions and GetPipelineExecution say. */
function executionKind(e: FakeExecution, p: FakePipeline): Json {
  return {
    trigger:
      e.triggerType === 'StartPipelineExecution'
        ? { triggerType: e.triggerType, triggerDetail: 'crossline-test' }
        : { triggerType: e.triggerType },
    executionMode: modeOf(p),
    executionType: e.type,
    ...(e.rollbackTarget === undefined
      ? {}
      : { rollbackMetadata: { rollbackTargetPipelineExecutionId: e.rollbackTarget } }),
  };
}

/** maxResults / nextToken paging; the token is the offset of the next page. */
function paginate<T>(items: T[], body: Json): { items: T[]; nextToken?: string } {
  const start = body.nextToken ? Number(body.nextToken) : 0;
  const max = typeof body.maxResults === 'number' ? body.maxResults : 100;
  const end = start + max;
  return {
    items: items.slice(start, end),
    ...(end < items.length ? { nextToken: String(end) } : {}),
  };
}
