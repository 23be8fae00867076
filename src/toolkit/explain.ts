import { errorMessage } from '../aws/index.js';
import type { IoHost } from '../io/index.js';
import {
  eventView,
  explainMessage,
  failedActions,
  firstFailure,
  type Explanation,
  type FailedAction,
  type StackEventView,
  type StackEventsReader,
} from '../ops/explain/index.js';
import { runDoctor, type DoctorOptions } from './doctor.js';
import { resolvePipeline, type PipelineSelection } from './ops.js';
import { poolStacks } from './stack-readers.js';

export type { StackEventsReader } from '../ops/explain/index.js';

export interface ExplainOptions extends Pick<DoctorOptions, 'snapshot' | 'readers' | 'now'> {
  /** The execution whose failed actions to explain (default: the most recent failed one). */
  readonly executionId?: string | undefined;
  /** An error text pasted from the console: explained instead of reading executions. */
  readonly message?: string | undefined;
  /** Ready CloudFormation readers (library users, tests); default: the selection's sessions. */
  readonly stacks?: StackEventsReader | undefined;
}

export interface ExplainRun {
  readonly pipeline: string;
  readonly executionId?: string | undefined;
  readonly explanations: readonly Explanation[];
  /** 1: some request is still denied; 0: every one is allowed now; 2: nothing understood. */
  readonly exitCode: 0 | 1 | 2;
}

/**
 * `explain`: the policies come from a snapshot or are read live exactly as doctor reads them;
 * the messages from `--message`, or from the execution's failed actions (ListActionExecutions).
 */
export async function runExplain(
  sel: PipelineSelection,
  io: IoHost,
  options: ExplainOptions = {},
): Promise<ExplainRun> {
  const { snapshot } = await runDoctor(sel, io, {
    snapshot: options.snapshot,
    readers: options.readers,
    now: options.now,
  });
  const pipeline = snapshot.pipeline.pipeline.name;
  if (options.message !== undefined) {
    const e = explainMessage(snapshot, options.message);
    return { pipeline, explanations: [e], exitCode: exitOf([e]) };
  }
  const { api, pool, ref } = await resolvePipeline(sel, io);
  const stacks = options.stacks ?? (pool ? poolStacks(pool, ref.aliases) : undefined);
  const { executionId, failed } = await failedActions(api, snapshot, options.executionId);
  if (executionId === undefined || failed.length === 0) {
    io.notify({
      level: 'warn',
      code: 'explain.nothing',
      message:
        executionId === undefined
          ? `pipeline ${pipeline} has no failed execution among the last 20`
          : `execution ${executionId} has no failed action`,
    });
  }
  const explanations: Explanation[] = [];
  for (const f of failed) {
    const event = await failingEvent(f, stacks, io);
    if (event?.reason !== undefined) {
      const e = { ...explainMessage(snapshot, event.reason, f.context), stackEvent: event };
      explanations.push(e);
      // A reason explain does not understand: the action's own message may still say more.
      if (e.verdict !== 'not-understood' || f.message === '' || f.message === event.reason)
        continue;
    }
    explanations.push(explainMessage(snapshot, f.message, f.context));
  }
  return { pipeline, executionId, explanations, exitCode: exitOf(explanations) };
}

/**
 * For a failed CloudFormation action, the first failed event of its stack's latest operation
 * (DescribeStackEvents in the target account): CodePipeline's own message is often only
 * "Stack … in state ROLLBACK_COMPLETE", the cause is in the events.
 */
async function failingEvent(
  f: FailedAction,
  stacks: StackEventsReader | undefined,
  io: IoHost,
): Promise<StackEventView | undefined> {
  if (f.stack === undefined || stacks === undefined) return undefined;
  const where = { stack: f.stack.name, account: f.stack.account, region: f.stack.region };
  let event: StackEventView | undefined;
  try {
    const events = await (await stacks(where.account, where.region)).events(where.stack);
    const first = firstFailure(events, where.stack);
    event = first === undefined ? undefined : eventView(first, where);
  } catch (e) {
    io.notify({
      level: 'warn',
      code: 'explain.stack-events',
      message: `cannot read the events of stack ${where.stack} in account ${where.account} (${where.region}): ${errorMessage(e)}; explaining the action's message instead`,
    });
    return undefined;
  }
  io.notify({
    level: 'info',
    code: 'explain.stack-event',
    message:
      event === undefined
        ? `stack ${where.stack} in account ${where.account} (${where.region}): no failed event in its latest operation`
        : `stack ${where.stack} in account ${where.account} (${where.region}): first failed event ${event.logicalId} (${event.resourceType}) ${event.status} at ${event.timestamp}`,
    data: event,
  });
  return event;
}

function exitOf(es: readonly Explanation[]): 0 | 1 | 2 {
  if (es.some((e) => e.verdict === 'denied')) return 1;
  if (es.length > 0 && es.every((e) => e.verdict === 'allowed')) return 0;
  return es.length === 0 ? 0 : 2;
}
