/**
 * The middle of the progress chain:
 *
 *   poller (wait.ts: DescribeStacks + DescribeStackEvents) ─▶ StackMonitor ─▶ IoHost ─▶ printer (cli)
 *
 * One monitor per stack turns what the poller sees into `deploy.stack` (status line) and
 * `deploy.event` (resource event) messages. It never prints.
 */
import type { StackEvent } from '../aws/index.js';
import { IO, type IoHost } from '../io/index.js';
import type { StackPlan } from '../synth/types.js';
import type { Clock, StackEventProgress, StackProgress } from './types.js';

export class StackMonitor {
  private readonly startedAt: number;
  private readonly seen = new Set<string>();
  private lastStatus = '';

  constructor(
    private readonly plan: Pick<StackPlan, 'id' | 'name' | 'account'>,
    private readonly io: IoHost,
    private readonly clock: Clock,
    private readonly verb: 'deploy' | 'destroy' = 'deploy',
  ) {
    this.startedAt = clock.now();
  }

  get elapsedMs(): number {
    return this.clock.now() - this.startedAt;
  }

  /** Remembers events that existed before our operation, so only new ones are shown. */
  ignore(events: readonly StackEvent[]): void {
    for (const e of events) this.seen.add(e.id);
  }

  status(status: string, done = false, reason?: string): void {
    if (status === this.lastStatus && !done) return;
    this.lastStatus = status;
    const data: StackProgress = {
      id: this.plan.id,
      account: this.plan.account.alias,
      accountId: this.plan.account.id,
      stack: this.plan.name,
      status,
      elapsedMs: this.elapsedMs,
      done,
      ...(reason !== undefined ? { reason } : {}),
    };
    const tail = reason !== undefined ? `: ${reason}` : '';
    this.io.notify(
      (this.verb === 'deploy' ? IO.DEPLOY_STACK : IO.DESTROY_STACK).msg(
        `${this.plan.account.alias.padEnd(12)} ${this.plan.name.padEnd(24)} ${status} (${formatElapsed(data.elapsedMs)})${tail}`,
        data,
      ),
    );
  }

  /** Emits the events not seen yet, oldest first. */
  events(events: readonly StackEvent[]): void {
    const fresh = events.filter((e) => !this.seen.has(e.id)).reverse();
    for (const e of fresh) {
      this.seen.add(e.id);
      const data: StackEventProgress = {
        id: this.plan.id,
        account: this.plan.account.alias,
        stack: this.plan.name,
        logicalId: e.logicalId,
        resourceType: e.resourceType,
        status: e.status,
        ...(e.reason !== undefined ? { reason: e.reason } : {}),
      };
      this.io.notify(
        (this.verb === 'deploy' ? IO.DEPLOY_EVENT : IO.DESTROY_EVENT).msg(
          `  ${this.plan.account.alias} ${this.plan.name} | ${e.status} | ${e.resourceType} ${e.logicalId}${e.reason ? `: ${e.reason}` : ''}`,
          data,
        ),
      );
    }
  }
}

export function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
}
