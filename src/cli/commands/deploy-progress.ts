/**
 * The printer at the end of the progress chain (poller → monitor → printer). On a terminal it
 * keeps one live line per stack (account, stack, status, elapsed) below the scrolling resource
 * events; otherwise every status change and event is one plain line (what CI logs want).
 */
import { IO, type IoHost, type IoMessage } from '../../io/index.js';
import type { Output } from '../output.js';

interface StackLine {
  account: string;
  stack: string;
  status: string;
  startedAt: number;
  doneAfterMs?: number;
  reason?: string;
}

export class DeployProgressHost implements IoHost {
  private readonly lines = new Map<string, StackLine>();
  private drawn = 0;
  private finished = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly inner: IoHost,
    private readonly stderr: Output,
    private readonly live: boolean,
    private readonly paint: (code: string, text: string) => string = (_c, t) => t,
  ) {}

  notify(msg: IoMessage): void {
    if (!this.live) return this.inner.notify(msg);
    if (IO.DEPLOY_STACK.is(msg) || IO.DESTROY_STACK.is(msg)) {
      const d = msg.data!;
      const line = this.lines.get(d.id) ?? {
        account: d.account,
        stack: d.stack,
        status: d.status,
        startedAt: Date.now() - d.elapsedMs,
      };
      line.status = d.status;
      if (d.done) line.doneAfterMs = d.elapsedMs;
      if (d.reason !== undefined) line.reason = d.reason;
      this.lines.set(d.id, line);
      this.timer ??= setInterval(() => this.redraw(), 1000).unref();
      this.redraw();
      return;
    }
    this.clear();
    this.inner.notify(msg);
    this.redraw();
  }

  confirm(question: string): Promise<boolean | undefined> {
    this.clear();
    return this.inner.confirm?.(question) ?? Promise.resolve(undefined);
  }

  /**
   * Stops the clock and leaves the final lines on screen. Only the first call draws: a second
   * one (the command's `finally`) must not print the block again below the result.
   */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (this.live) this.redraw();
    this.drawn = 0;
  }

  private clear(): void {
    if (this.drawn > 0) this.stderr.write(`\u001b[${this.drawn}A\u001b[J`);
    this.drawn = 0;
  }

  private redraw(): void {
    this.clear();
    const now = Date.now();
    const out = [...this.lines.values()].map((l) => {
      const ms = l.doneAfterMs ?? now - l.startedAt;
      const status = /FAILED|ROLLBACK/.test(l.status)
        ? this.paint('31', l.status)
        : l.doneAfterMs !== undefined
          ? this.paint('32', l.status)
          : this.paint('33', l.status);
      return `${l.account.padEnd(12)} ${l.stack.padEnd(28)} ${status} ${Math.round(ms / 1000)}s${l.reason ? `  ${l.reason}` : ''}`;
    });
    if (out.length === 0) return;
    this.stderr.write(out.join('\n') + '\n');
    this.drawn = out.length;
  }
}
