/**
 * `watch` for CloudFormation actions: while one runs, the events of the stack it deploys,
 * read in the action's own account (the account of its role) and region:
 *
 *   action InProgress ─▶ DescribeStackEvents (target account) ─▶ new events ─▶ IoHost (watch.stack-event)
 *   action Failed     ─▶ the first failed event of the operation ─▶ watch.stack-failure + `crossline explain`
 *
 * "New" means not printed before for this attempt of the action. At the first look the
 * stack's latest operation counts only while it is still running: a finished one is an
 * earlier deploy's (CodePipeline has not called CreateStack/UpdateStack yet). Timestamps are
 * not compared with the action's start, so a clock that differs from CloudFormation's
 * cannot hide or repeat events.
 */
import type { PipelineDocument } from '../aws/pipeline-api.js';
import { errorMessage, type StackEvent } from '../aws/index.js';
import type { IoHost } from '../io/index.js';
import {
  eventView,
  firstFailure,
  latestOperation,
  operationRunning,
  type StackEventView,
  type StackEventsReader,
} from './explain/stack-events.js';
import { accountOf, formatAccount, placementKey, type AccountRef } from './pipeline-ref.js';

export interface ActionStackRef {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
}

/** The stack each CloudFormation action deploys (configuration StackName), by `stage/action`. */
export function actionStacks(
  doc: PipelineDocument,
  home: string | undefined,
  region: string,
): Map<string, ActionStackRef> {
  const out = new Map<string, ActionStackRef>();
  for (const stage of doc.pipeline.stages) {
    for (const a of stage.actions) {
      const stack = a.configuration?.StackName;
      const account = accountOf(a.roleArn) ?? home;
      if (a.actionTypeId.provider !== 'CloudFormation' || !stack || account === undefined) continue;
      out.set(placementKey(stage.name, a.name), { stack, account, region: a.region ?? region });
    }
  }
  return out;
}

export interface StackStreamAction {
  readonly stage: string;
  readonly action: string;
  readonly status: string;
  /** One attempt of the action: a retry starts a new stream. */
  readonly attempt: string;
  readonly account: AccountRef | undefined;
}

interface Stream {
  readonly attempt: string;
  readonly seen: Set<string>;
  /** The attempt ended and its last events were read. */
  done: boolean;
}

export interface StackStreamer {
  /** Reads and reports new events of the action's stack; on failure returns its first failed event. */
  poll(a: StackStreamAction): Promise<StackEventView | undefined>;
}

export function stackStreamer(
  stacks: ReadonlyMap<string, ActionStackRef>,
  reader: StackEventsReader,
  io: IoHost,
  executionId: string,
): StackStreamer {
  const streams = new Map<string, Stream>();
  const unreadable = new Set<string>();

  const read = async (where: ActionStackRef): Promise<readonly StackEvent[] | undefined> => {
    try {
      return await (await reader(where.account, where.region)).events(where.stack);
    } catch (e) {
      unreadable.add(where.account);
      io.notify({
        level: 'warn',
        code: 'watch.stack-events',
        message: `    cannot read stack events in account ${where.account} (${where.region}): ${errorMessage(e)}`,
      });
      return undefined;
    }
  };

  return {
    async poll(a) {
      const key = placementKey(a.stage, a.action);
      const where = stacks.get(key);
      if (where === undefined || unreadable.has(where.account)) return undefined;
      const running = a.status === 'InProgress';
      const known = streams.get(key);
      const stream = known?.attempt === a.attempt ? known : undefined;
      // An attempt that ended: one more read (its last events, its failure), then none; one
      // that ended before watch saw it run: only its failure.
      if (!running && (stream?.done === true || (stream === undefined && a.status !== 'Failed')))
        return undefined;
      const events = await read(where);
      if (events === undefined) return undefined;
      let s = stream;
      if (s === undefined) {
        s = { attempt: a.attempt, seen: new Set(), done: false };
        streams.set(key, s);
        const current =
          running && operationRunning(events, where.stack)
            ? new Set(latestOperation(events, where.stack).map((e) => e.id))
            : new Set<string>();
        for (const e of events) if (!current.has(e.id)) s.seen.add(e.id);
      }
      for (const e of [...events].reverse()) {
        if (s.seen.has(e.id)) continue;
        s.seen.add(e.id);
        io.notify({
          level: 'info',
          code: 'watch.stack-event',
          message: `    ${where.stack} (${formatAccount(a.account)}): ${e.logicalId} ${e.resourceType} ${e.status}${e.reason ? `  ${e.reason}` : ''}`,
          data: eventView(e, where),
        });
      }
      if (running) return undefined;
      s.done = true;
      if (a.status !== 'Failed') return undefined;
      const first = firstFailure(events, where.stack);
      if (first === undefined) return undefined;
      const view = eventView(first, where);
      io.notify({
        level: 'info',
        code: 'watch.stack-failure',
        message: `    first failing event of ${where.stack} (${formatAccount(a.account)}): ${first.logicalId} ${first.resourceType} ${first.status}${first.reason ? `: ${first.reason}` : ''}\n    explain it: crossline explain ${executionId}`,
        data: view,
      });
      return view;
    },
  };
}
