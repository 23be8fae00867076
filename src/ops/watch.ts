import { failedBuildLog, stageRollbacks } from './status.js';
import { rollbackLabel, type StageRollback } from './action-labels.js';
import {
  FINAL_EXECUTION_STATUSES,
  type ActionExecutionView,
  type ExecutionInfo,
  type PipelineApi,
} from '../aws/pipeline-api.js';
import { untilAborted } from '../aws/retry.js';
import { CrosslineError } from '../errors/index.js';
import type { IoHost } from '../io/index.js';
import { systemClock, type Clock } from './clock.js';
import type { StackEventView, StackEventsReader } from './explain/stack-events.js';
import { actionStacks, stackStreamer } from './watch-stacks.js';
import { executionConsoleUrl } from './console-links.js';
import {
  accountOf,
  accountRef,
  formatAccount,
  placeActions,
  pipelineAccount,
  placementKey,
  type AccountRef,
  type ActionPlacement,
  type PipelineRef,
} from './pipeline-ref.js';

export interface WatchOptions {
  /** Execution to follow; default the most recent one. */
  readonly executionId?: string | undefined;
  /** Time between polls. Default 5000 ms (CodePipeline's API limits are per second). */
  readonly intervalMs?: number | undefined;
  /** Give up (with `timedOut`) after this long. Default: never. */
  readonly timeoutMs?: number | undefined;
  /**
   * Ends the watch when it fires (the CLI's `--timeout`, a wall-clock bound): the wait
   * between polls is cut, the request in flight abandoned (the sessions abort it), and the
   * result is `timedOut` with the last status seen. Before the first poll it rejects with
   * the signal's reason.
   */
  readonly deadline?: AbortSignal | undefined;
  readonly clock?: Clock | undefined;
  /**
   * Reads CloudFormation in the account and region of each CloudFormation action, to stream
   * its stack's events while it runs (watch-stacks.ts). Without it only actions are followed.
   */
  readonly stacks?: StackEventsReader | undefined;
}

/** The latest attempt of an action as the action-execution list reports it, placed. */
export interface ActionProgress extends Pick<
  ActionExecutionView,
  'stage' | 'action' | 'actionExecutionId' | 'status' | 'summary' | 'error' | 'externalExecutionUrl'
> {
  readonly account: AccountRef | undefined;
  readonly region: string;
  /** A failed CloudFormation action: the first failed event of its stack's operation. */
  readonly stackFailure?: StackEventView | undefined;
  /** What the action does, in words: change-set creation / execution, stage tests. */
  readonly label?: string | undefined;
  /** A failed CodeBuild action (build or tests): the console page of its build's log. */
  readonly logUrl?: string | undefined;
}

/**
 * The execution as last read: its final status (`Succeeded`, `Failed`, `Stopped`, …), or the
 * last one seen after a timeout.
 */
export interface WatchResult extends Pick<
  ExecutionInfo,
  'executionId' | 'status' | 'statusSummary'
> {
  readonly pipeline: string;
  readonly region: string;
  readonly succeeded: boolean;
  readonly timedOut: boolean;
  readonly consoleUrl?: string | undefined;
  /** The latest attempt of every action that ran, in pipeline order. */
  readonly actions: readonly ActionProgress[];
  /** Failed actions with the error AWS reported; what a user reads first. */
  readonly failures: readonly ActionProgress[];
  /**
   * The rollback this execution is (executionType ROLLBACK), or the one CodePipeline started
   * for a stage of it that failed with `onFailure: ROLLBACK`; with its state when watch ended.
   */
  readonly rollback?: (StageRollback & { readonly text: string }) | undefined;
}

/**
 * Follows one execution until it ends. Each poll reads the execution, then its action
 * executions, and reports every action whose status changed:
 *
 *   GetPipelineExecution ─▶ ListActionExecutions ─▶ changes ─▶ IoHost (watch.action)
 *        └─ final status? ─▶ result (failures carry AWS's error message and a console link)
 */
export async function watchExecution(
  api: PipelineApi,
  ref: PipelineRef,
  io: IoHost,
  options: WatchOptions = {},
): Promise<WatchResult> {
  const clock = options.clock ?? systemClock;
  const interval = options.intervalMs ?? 5000;
  const deadline = options.deadline;
  const until = <T>(work: Promise<T>): Promise<T> =>
    deadline === undefined ? work : untilAborted(work, deadline, 'watch');
  const doc = await until(api.getPipeline(ref.name));
  const placements = placeActions(ref, doc);
  const order = new Map(placements.map((p, i) => [placementKey(p.stage, p.action), i]));
  const placementOf = new Map(placements.map((p) => [placementKey(p.stage, p.action), p]));
  const home = pipelineAccount(ref, doc);

  const executionId = options.executionId ?? (await until(latestExecution(api, ref)));
  const consoleUrl = executionConsoleUrl(ref.partition, ref.region, ref.name, executionId);
  io.notify({
    level: 'info',
    code: 'watch.start',
    message: `watching execution ${executionId} of ${ref.name}${consoleUrl ? `\n  ${consoleUrl}` : ''}`,
    data: { executionId, consoleUrl },
  });

  const streamer =
    options.stacks === undefined
      ? undefined
      : stackStreamer(actionStacks(doc, home, ref.region), options.stacks, io, executionId);
  const stackFailures = new Map<string, StackEventView>();
  const seen = new Map<string, string>();
  const startedAt = clock.now();
  let timedOut = false;
  let execution = await until(api.getExecution(ref.name, executionId));
  if (execution.type === 'ROLLBACK') {
    io.notify({
      level: 'info',
      code: 'watch.rollback',
      message: `  execution ${executionId} is a rollback to execution ${execution.rollbackTargetExecutionId ?? '(unknown)'}`,
      data: { executionId, targetExecutionId: execution.rollbackTargetExecutionId },
    });
  }
  let actions: ActionProgress[] = [];
  for (;;) {
    try {
      actions = latestAttempts(
        await until(api.listActionExecutions(ref.name, executionId)),
        ref,
        placementOf,
        order,
      );
      for (const a of actions) {
        const key = placementKey(a.stage, a.action);
        if (seen.get(key) === a.status) continue;
        seen.set(key, a.status);
        io.notify({
          level: 'info',
          code: 'watch.action',
          message: describe(a, placementOf.get(key)),
          data: a,
        });
      }
      for (const a of streamer ? actions : []) {
        const failure = await until(
          streamer!.poll({ ...a, attempt: a.actionExecutionId ?? `${a.stage}/${a.action}` }),
        );
        if (failure) stackFailures.set(placementKey(a.stage, a.action), failure);
      }
      if (FINAL_EXECUTION_STATUSES.has(execution.status)) break;
      const left =
        options.timeoutMs === undefined ? interval : options.timeoutMs - (clock.now() - startedAt);
      if (left <= 0) {
        timedOut = true;
        break;
      }
      // The last wait ends at the timeout: a long --interval must not hold watch past it.
      await until(clock.sleep(Math.min(interval, left)));
      execution = await until(api.getExecution(ref.name, executionId));
    } catch (e) {
      // The deadline fired during a poll or the wait: what was seen last is the answer.
      if (deadline?.aborted !== true) throw e;
      timedOut = true;
      break;
    }
  }

  const failed = actions
    .filter((a) => a.status === 'Failed')
    .map((a) => {
      const stackFailure = stackFailures.get(placementKey(a.stage, a.action));
      return stackFailure ? { ...a, stackFailure } : a;
    });
  // Past the deadline no request may start: the failures keep what the last poll said.
  const failures = timedOut ? failed : await withErrors(api, ref, executionId, failed);
  const rollback =
    execution.type === 'ROLLBACK'
      ? rollbackOfThis(executionId, execution, actions)
      : execution.status === 'Failed' && !timedOut
        ? await rollbackAfter(api, ref, io, doc.pipeline.stages, executionId, failures)
        : undefined;
  if (rollback !== undefined) {
    io.notify({
      level: 'info',
      code: 'watch.rollback',
      message: `  ${rollback.text}`,
      data: rollback,
    });
  }
  return {
    pipeline: ref.name,
    region: ref.region,
    executionId,
    status: execution.status,
    statusSummary: execution.statusSummary,
    succeeded: execution.status === 'Succeeded',
    timedOut,
    consoleUrl,
    actions,
    failures,
    ...(rollback === undefined ? {} : { rollback }),
  };
}

type RollbackView = StageRollback & { readonly text: string };
const withText = (r: StageRollback): RollbackView => ({ ...r, text: rollbackLabel(r) });

/** A watched rollback execution: it runs one stage, the one its actions belong to. */
function rollbackOfThis(
  executionId: string,
  execution: { readonly status: string; readonly rollbackTargetExecutionId?: string | undefined },
  actions: readonly ActionProgress[],
): RollbackView {
  return withText({
    stage: actions[0]?.stage ?? '(unknown stage)',
    executionId,
    targetExecutionId: execution.rollbackTargetExecutionId,
    status: execution.status,
  });
}

/**
 * After a failed execution: the rollback CodePipeline started for a failed stage declared
 * with `onFailure.result: ROLLBACK` (that stage's latest execution is now of type ROLLBACK).
 * None may start: a stage rolls back only to an earlier successful execution of it in the
 * same pipeline structure version (CodePipeline, "Configure a stage for automatic rollback"),
 * which watch says too.
 */
async function rollbackAfter(
  api: PipelineApi,
  ref: PipelineRef,
  io: IoHost,
  declared: readonly { readonly name: string; readonly onFailure?: unknown }[],
  executionId: string,
  failures: readonly ActionProgress[],
): Promise<RollbackView | undefined> {
  const failedStages = new Set(failures.map((f) => f.stage));
  const rollingBack = declared.filter(
    (s) =>
      failedStages.has(s.name) &&
      (s.onFailure as { result?: unknown } | undefined)?.result === 'ROLLBACK',
  );
  if (rollingBack.length === 0) return undefined;
  const state = await api.getState(ref.name);
  const stages = state.stages.filter(
    (s) => rollingBack.some((d) => d.name === s.stage) && s.executionId !== executionId,
  );
  const found = await stageRollbacks(api, ref, stages, await api.listExecutions(ref.name, 5));
  const [rollback] = found.values();
  if (rollback !== undefined) return withText(rollback);
  const stage = rollingBack[0].name;
  io.notify({
    level: 'warn',
    code: 'watch.rollback',
    message: `  ${stage} rolls back on failure, but no rollback run has started: CodePipeline rolls a stage back only to an earlier successful run of it in this pipeline version (see crossline status)`,
    data: { stage },
  });
  return undefined;
}

async function latestExecution(api: PipelineApi, ref: PipelineRef): Promise<string> {
  const [latest] = await api.listExecutions(ref.name, 1);
  if (latest === undefined) {
    throw new CrosslineError(
      'UsageError',
      'usage',
      `pipeline ${ref.name} has never run; there is nothing to watch`,
      {
        hint: 'start a run with `crossline start`',
      },
    );
  }
  return latest.executionId;
}

/** A retried action appears once per attempt: keep the latest, in pipeline order. */
function latestAttempts(
  views: readonly ActionExecutionView[],
  ref: PipelineRef,
  placementOf: ReadonlyMap<string, ActionPlacement>,
  order: ReadonlyMap<string, number>,
): ActionProgress[] {
  const latest = new Map<string, ActionExecutionView>();
  for (const v of views) {
    const key = placementKey(v.stage, v.action);
    const prev = latest.get(key);
    if (prev === undefined || (v.startTime ?? '') >= (prev.startTime ?? '')) latest.set(key, v);
  }
  const rank = (k: string): number => order.get(k) ?? Number.MAX_SAFE_INTEGER;
  return [...latest.entries()]
    .sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b))
    .map(([key, v]) => {
      const p = placementOf.get(key);
      // The role the action actually ran as wins over the declaration (it may have changed since).
      const id = accountOf(v.roleArn);
      const account = id === undefined ? p?.account : accountRef(ref, id);
      return {
        stage: v.stage,
        action: v.action,
        status: v.status,
        account,
        region: v.region ?? p?.region ?? ref.region,
        summary: v.summary,
        error: v.error,
        externalExecutionUrl: v.externalExecutionUrl,
        ...(v.actionExecutionId ? { actionExecutionId: v.actionExecutionId } : {}),
        ...(p?.label === undefined ? {} : { label: p.label }),
        ...failedBuildLog(ref, p?.provider ?? '', account?.id, v.region ?? p?.region, v),
      };
    });
}

/**
 * ListActionExecutions does not always carry the error text; GetPipelineState does for the
 * latest attempt of each action, so fill the gap from there.
 */
async function withErrors(
  api: PipelineApi,
  ref: PipelineRef,
  executionId: string,
  failed: ActionProgress[],
): Promise<ActionProgress[]> {
  if (failed.every((f) => f.error?.message)) return failed;
  const state = await api.getState(ref.name);
  return failed.map((f) => {
    if (f.error?.message) return f;
    const stage = state.stages.find((s) => s.stage === f.stage && s.executionId === executionId);
    const a = stage?.actions.find((x) => x.action === f.action);
    if (a?.error === undefined) return f.summary ? { ...f, error: { message: f.summary } } : f;
    return {
      ...f,
      error: a.error,
      externalExecutionUrl: f.externalExecutionUrl ?? a.externalExecutionUrl,
    };
  });
}

function describe(a: ActionProgress, p: ActionPlacement | undefined): string {
  const where = `${formatAccount(a.account)}${a.region ? `, ${a.region}` : ''}`;
  const head = `  ${`${a.stage}/${a.action}`.padEnd(36)} ${a.status.padEnd(10)} (${where})${a.label === undefined ? '' : `  ${a.label}`}`;
  if (a.status === 'InProgress' && p?.category === 'Approval') {
    return `${head}\n    waiting for approval: crossline approve ${a.stage}  (or reject ${a.stage})`;
  }
  if (a.status === 'Failed' && a.error?.message)
    return `${head}\n    ${a.error.message}${a.logUrl === undefined ? '' : `\n    log: ${a.logUrl}`}`;
  return head;
}
