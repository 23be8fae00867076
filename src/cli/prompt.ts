import { createRequire } from 'node:module';
import type * as readline from 'node:readline';
import { CrosslineError } from '../errors/index.js';

/**
 * Questions on the terminal for one CLI run, through one readline interface: answers typed
 * (or pasted) ahead are queued, not lost. End of input (Ctrl+D) answers `undefined`, so the
 * caller uses its default or refuses; Ctrl+C cancels the command (exit 2, nothing written).
 */
export class Prompter {
  private rl: readline.Interface | undefined;
  private readonly queue: string[] = [];
  private waiting:
    { resolve: (line: string | undefined) => void; reject: (e: Error) => void } | undefined;
  private closed = false;
  private interrupted = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly output: NodeJS.WritableStream,
  ) {}

  ask(question: string): Promise<string | undefined> {
    if (this.interrupted) return Promise.reject(cancelled());
    const rl = this.open();
    if (this.closed) return Promise.resolve(undefined);
    rl.setPrompt(question);
    rl.prompt();
    const ahead = this.queue.shift();
    if (ahead !== undefined) return Promise.resolve(ahead);
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** Lets the process exit: a readline interface keeps stdin open. */
  close(): void {
    this.rl?.close();
  }

  private open(): readline.Interface {
    if (this.rl) return this.rl;
    // node:readline is loaded on the first question, not on every start (docs/design.md §10).
    const { createInterface } = createRequire(import.meta.url)('node:readline') as typeof readline;
    const rl = createInterface({ input: this.input, output: this.output });
    rl.on('line', (line) => {
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w.resolve(line);
      else this.queue.push(line);
    });
    rl.on('close', () => {
      this.closed = true;
      this.output.write('\n');
      const w = this.waiting;
      this.waiting = undefined;
      if (w && this.interrupted) w.reject(cancelled());
      else w?.resolve(undefined);
    });
    rl.on('SIGINT', () => {
      this.interrupted = true;
      rl.close();
    });
    this.rl = rl;
    return rl;
  }
}

function cancelled(): CrosslineError {
  return new CrosslineError('UsageError', 'usage', 'cancelled; nothing was written');
}
