import type { Command } from 'commander';
import { CrosslineError, isCrosslineError, ConfigInvalidError } from '../errors/index.js';
import type { Toolkit } from '../toolkit/index.js';
import { CliIoHost } from './io-host.js';
import { FdOutput, writableOf, type Output } from './output.js';
import { Prompter } from './prompt.js';

export interface GlobalOptions {
  verbose?: number;
}

/** What a command's action gets: the streams, an IoHost, and a lazily loaded toolkit. */
export class CliContext {
  private colorCache: boolean | undefined;
  private exit = 0;
  private promptCache: Prompter | undefined;

  constructor(
    readonly stdout: Output = standardOutput(1),
    readonly stderr: Output = standardOutput(2),
    readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /**
   * https://no-color.org: NO_COLOR (non-empty) always wins; FORCE_COLOR asks for colour without
   * a terminal (CI logs); otherwise colour only on a terminal that supports it. Decided on the
   * first coloured text: asking whether stderr is a terminal can load node:tty.
   */
  get color(): boolean {
    if (this.colorCache === undefined) {
      const env = this.env;
      const noColor = (env.NO_COLOR ?? '') !== '';
      const force = !['', '0', 'false'].includes(env.FORCE_COLOR ?? '');
      this.colorCache = !noColor && (force || (this.stderr.isTTY === true && env.TERM !== 'dumb'));
    }
    return this.colorCache;
  }

  /** One prompter per run, created on the first question. */
  private get prompter(): Prompter {
    this.promptCache ??= new Prompter(process.stdin, writableOf(this.stderr));
    return this.promptCache;
  }

  /** Releases the terminal (stdin) so the process can exit. */
  close(): void {
    this.promptCache?.close();
  }

  get exitCode(): number {
    return this.exit;
  }

  setExitCode(code: number): void {
    this.exit = Math.max(this.exit, code);
  }

  get isTty(): boolean {
    return (process.stdin as { isTTY?: boolean }).isTTY === true && this.stderr.isTTY === true;
  }

  ioHost(options: { json?: boolean; verbose?: number }): CliIoHost {
    return new CliIoHost({
      verbose: options.verbose ?? 0,
      json: options.json === true,
      color: () => this.color,
      stdout: this.stdout,
      stderr: this.stderr,
      isTty: () => this.isTty,
      ask: (q) => this.prompter.ask(q),
    });
  }

  async toolkit(options: { json?: boolean; verbose?: number }): Promise<Toolkit> {
    const { Toolkit } = await import('../toolkit/index.js');
    return new Toolkit({ ioHost: this.ioHost(options) });
  }

  out(text: string): void {
    this.stdout.write(text.endsWith('\n') ? text : text + '\n');
  }

  json(value: unknown): void {
    this.stdout.write(JSON.stringify(value, null, 2) + '\n');
  }

  paint(code: string, text: string): string {
    return this.color ? `\u001b[${code}m${text}\u001b[0m` : text;
  }

  /** Reports an error the way users expect: what, where, what to do; then the exit code. */
  fail(e: unknown, json: boolean, writes = true): void {
    if (isCrosslineError(e)) {
      if (json) {
        this.json({
          error: { code: e.code, message: e.message, hint: e.hint, details: e.details },
        });
      }
      if (e instanceof ConfigInvalidError) {
        for (const p of e.problems) {
          this.stderr.write(`${this.paint('1', `${p.file}:${p.line}:${p.col}:`)} ${p.message}\n`);
          if (p.hint) this.stderr.write(`  ${this.paint('36', 'hint:')} ${p.hint}\n`);
        }
        this.stderr.write(
          `${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}${writes ? '; nothing was written' : ''}\n`,
        );
      } else {
        this.stderr.write(`${this.paint('31', 'error:')} ${e.message}\n`);
        if (e.hint) this.stderr.write(`  ${this.paint('36', 'hint:')} ${e.hint}\n`);
      }
      this.setExitCode(e.exitCode);
      return;
    }
    const err = e instanceof Error ? e : new Error(String(e));
    this.stderr.write(`${this.paint('31', 'internal error:')} ${err.message}\n`);
    if (this.env.CROSSLINE_DEBUG) this.stderr.write(`${err.stack ?? ''}\n`);
    else
      this.stderr.write('  this is a bug in crossline; rerun with CROSSLINE_DEBUG=1 for details\n');
    this.setExitCode(70);
  }

  /** Wraps an action: errors become messages and exit codes, never stack traces. */
  action<A extends unknown[]>(
    fn: (...args: A) => Promise<void> | void,
    options: { writes?: boolean } = {},
  ): (...args: A) => Promise<void> {
    return async (...args: A) => {
      const cmd = args[args.length - 1] as Command;
      const opts = cmd.opts?.() as { json?: boolean } | undefined;
      try {
        await fn(...args);
      } catch (e) {
        this.fail(e, opts?.json === true, options.writes !== false);
      }
    };
  }
}

export function usage(message: string, hint?: string): CrosslineError {
  return new CrosslineError('UsageError', 'usage', message, hint === undefined ? {} : { hint });
}

/**
 * Standard output or error of this process. A reader that closes the pipe early ends the run
 * with its exit code so far, without a trace.
 */
function standardOutput(fd: 1 | 2): Output {
  return new FdOutput(
    fd,
    () => (fd === 1 ? process.stdout : process.stderr),
    () => process.exit(process.exitCode ?? 0),
  );
}
