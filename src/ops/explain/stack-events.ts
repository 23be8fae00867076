/**
 * The stack events of a CloudFormation action: the events of the stack's latest operation
 * and the first one that failed. CloudFormation lists events newest first and starts every
 * operation (CreateStack, UpdateStack, ExecuteChangeSet, DeleteStack) with a stack-level
 * `*_IN_PROGRESS` event whose reason is `User Initiated`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stack-failure-options.html,
 * "Viewing stack events"); the first `*_FAILED` event after it is the cause, the later ones
 * are CloudFormation cancelling the rest ("Resource creation cancelled") and the stack's own
 * summary ("The following resource(s) failed to create: […]").
 */
import type { StackEvent } from '../../aws/index.js';

/** Where a stack event came from: the account and region the action deployed to. */
export interface StackEventView {
  readonly stack: string;
  readonly account: string;
  readonly region: string;
  readonly eventId: string;
  readonly timestamp: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly status: string;
  readonly reason?: string | undefined;
}

const STACK_TYPE = 'AWS::CloudFormation::Stack';
const CANCELLED = /^Resource (creation|update|deletion) cancelled/i;

/** Whether the event is the stack's own (not one of its resources'). */
export function isStackEvent(e: StackEvent, stackName: string): boolean {
  return e.resourceType === STACK_TYPE && e.logicalId === stackName;
}

function startsOperation(e: StackEvent, stackName: string): boolean {
  return (
    isStackEvent(e, stackName) && /_IN_PROGRESS$/.test(e.status) && e.reason === 'User Initiated'
  );
}

/** The events of the latest operation, oldest first (all of them when no start is listed). */
export function latestOperation(
  eventsNewestFirst: readonly StackEvent[],
  stackName: string,
): StackEvent[] {
  const out: StackEvent[] = [];
  for (const e of eventsNewestFirst) {
    out.push(e);
    if (startsOperation(e, stackName)) break;
  }
  return out.reverse();
}

/** Whether the latest operation is still running (its last stack-level event is `*_IN_PROGRESS`). */
export function operationRunning(
  eventsNewestFirst: readonly StackEvent[],
  stackName: string,
): boolean {
  const last = eventsNewestFirst.find((e) => isStackEvent(e, stackName));
  return last !== undefined && /_IN_PROGRESS$/.test(last.status);
}

/**
 * The first failed event of the latest operation that carries a reason and is not a
 * cancellation; else the first failed one at all.
 */
export function firstFailure(
  eventsNewestFirst: readonly StackEvent[],
  stackName: string,
): StackEvent | undefined {
  const failed = latestOperation(eventsNewestFirst, stackName).filter((e) =>
    /_FAILED$/.test(e.status),
  );
  return (
    failed.find((e) => e.reason !== undefined && e.reason !== '' && !CANCELLED.test(e.reason)) ??
    failed[0]
  );
}

export function eventView(
  e: StackEvent,
  where: { readonly stack: string; readonly account: string; readonly region: string },
): StackEventView {
  return {
    ...where,
    eventId: e.id,
    timestamp: e.timestamp.toISOString(),
    logicalId: e.logicalId,
    resourceType: e.resourceType,
    status: e.status,
    ...(e.reason ? { reason: e.reason } : {}),
  };
}

/** The CloudFormation API of one account and region, as far as events go (DescribeStackEvents). */
export type StackEventsReader = (
  account: string,
  region: string,
) => Promise<{ events(stackNameOrId: string): Promise<readonly StackEvent[]> }>;
