import type { StackApi, StackDescription } from '../aws/index.js';
import type { StackMonitor } from './monitor.js';
import type { Clock } from './types.js';

/** The poller: waits until a stack leaves every *_IN_PROGRESS status, feeding the monitor. */
export async function waitForStack(
  api: StackApi,
  stack: string,
  monitor: StackMonitor,
  clock: Clock,
  pollMs: number,
): Promise<StackDescription | undefined> {
  for (;;) {
    const d = await api.describe(stack);
    monitor.events(await api.events(stack));
    if (d === undefined) return undefined;
    monitor.status(d.status);
    if (!d.status.endsWith('_IN_PROGRESS')) return d;
    await clock.sleep(pollMs);
  }
}

/** The reason of the first resource that failed, as CloudFormation tells it. */
export async function failureReason(
  api: StackApi,
  stack: string,
  since: ReadonlySet<string>,
  fallback?: string,
): Promise<string> {
  const events = [...(await api.events(stack))].reverse().filter((e) => !since.has(e.id));
  const failed = events.find(
    (e) => e.status.endsWith('_FAILED') && e.reason !== undefined && !/cancelled/i.test(e.reason),
  );
  if (failed) return `${failed.logicalId} (${failed.resourceType}): ${failed.reason}`;
  return fallback ?? 'stack operation failed';
}
