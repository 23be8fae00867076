import type { IoHost, IoLevel, IoMessage } from '../io/index.js';
import type { Output } from './output.js';

export interface CliIoHostOptions {
  readonly verbose: number;
  /** When set, results go to stdout as JSON (printed by the command), so progress stays off stdout. */
  readonly json: boolean;
  /** Whether to colour text; asked on the first coloured text (see CliContext.color). */
  readonly color: () => boolean;
  readonly stdout: Output;
  readonly stderr: Output;
  /**
   * Whether a person can answer (stdin and stderr are terminals). A function, asked only when
   * a question comes: reading `process.stdin` builds its stream (3–4 ms of every start).
   */
  readonly isTty: () => boolean;
  readonly ask?: (question: string) => Promise<string | undefined>;
}

const RANK: Record<IoLevel, number> = { error: 0, warn: 1, result: 1, info: 2, debug: 3, trace: 4 };

/**
 * The CLI's IoHost: results to stdout, progress and diagnostics to stderr.
 * Colour only on a terminal and never with NO_COLOR.
 */
export class CliIoHost implements IoHost {
  constructor(private readonly o: CliIoHostOptions) {}

  notify(msg: IoMessage): void {
    if (msg.level === 'result') {
      if (!this.o.json) this.o.stdout.write(msg.message + '\n');
      return;
    }
    const threshold = 2 + this.o.verbose;
    if (RANK[msg.level] > threshold) return;
    const prefix =
      msg.level === 'error'
        ? this.paint('31', 'error: ')
        : msg.level === 'warn'
          ? this.paint('33', 'warning: ')
          : '';
    this.o.stderr.write(prefix + msg.message + '\n');
  }

  async confirm(question: string): Promise<boolean | undefined> {
    if (!this.o.ask || !this.o.isTty()) return undefined;
    const answer = await this.o.ask(`${question} [y/N] `);
    return answer !== undefined && /^y(es)?$/i.test(answer.trim());
  }

  /** Free-text question on a terminal (`init`); undefined without one. */
  async ask(question: string): Promise<string | undefined> {
    if (!this.o.ask || !this.o.isTty()) return undefined;
    return this.o.ask(`${question}: `);
  }

  paint(code: string, text: string): string {
    return this.o.color() ? `\u001b[${code}m${text}\u001b[0m` : text;
  }
}
