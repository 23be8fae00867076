import type { Command } from 'commander';
import { CrosslineError } from '../../errors/index.js';
import { usage, type CliContext } from '../context.js';
import type { WatchResult } from '../../toolkit/index.js';
import { paintStatus, pipelineOptions, pipelineSelection, type PipelineFlags } from './status.js';
import { verbosity } from './flags.js';

interface WatchFlags extends PipelineFlags {
  interval: string;
  timeout?: string;
}

export function registerWatch(program: Command, ctx: CliContext): void {
  pipelineOptions(
    program
      .command('watch')
      .description(
        'follow a run until it ends; exit 0 if it succeeded, 1 if not (with the failing action and why)',
      )
      .argument('[execution]', 'execution id (default: the most recent run)'),
  )
    .option('--interval <seconds>', 'time between polls', '5')
    .option('--timeout <seconds>', 'give up after this long (exit 1)')
    .action(
      ctx.action(async (execution: string | undefined, opts: WatchFlags) => {
        const intervalMs = parseSeconds('--interval', opts.interval);
        const timeoutMs =
          opts.timeout === undefined ? undefined : parseSeconds('--timeout', opts.timeout);
        const deadline = timeoutMs === undefined ? undefined : commandDeadline(timeoutMs);
        const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
        const result = await withinWallClock(
          toolkit.watch(pipelineSelection(opts, ctx), {
            executionId: execution,
            intervalMs,
            timeoutMs,
            deadline,
          }),
          deadline,
        );
        reportWatch(result, opts.json === true, ctx);
      }),
    );
}

/** Prints the end of a run and sets the exit code: 0 only when it succeeded. */
export function reportWatch(r: WatchResult, json: boolean, ctx: CliContext): void {
  if (!r.succeeded) ctx.setExitCode(1);
  if (json) {
    ctx.json(r);
    return;
  }
  const lines = [
    `execution ${r.executionId} ${paintStatus(ctx, r.status)}${r.timedOut ? ' (still running; gave up waiting)' : ''}`,
  ];
  if (r.statusSummary && !r.succeeded) lines.push(`  ${r.statusSummary}`);
  for (const f of r.failures) {
    const where = f.account
      ? `${f.account.alias ? `${f.account.alias} ` : ''}${f.account.id}`
      : 'account unknown';
    lines.push(`  failed: ${f.stage}/${f.action} in ${where} (${f.region})`);
    lines.push(`    ${f.error?.message ?? 'AWS gave no error message'}`);
    if (f.label !== undefined) lines.push(`    ${f.label}`);
    if (f.externalExecutionUrl) lines.push(`    details: ${f.externalExecutionUrl}`);
    if (f.logUrl !== undefined) lines.push(`    log: ${f.logUrl}`);
  }
  if (r.consoleUrl) lines.push(`  console: ${r.consoleUrl}`);
  ctx.out(lines.join('\n'));
}

export function parseSeconds(flag: string, text: string): number {
  const seconds = Number(text);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw usage(`${flag} ${text}: expected a number of seconds above 0`, `e.g. ${flag} 5`);
  return Math.round(seconds * 1000);
}

/**
 * `--timeout` bounds the command's wall-clock time, counted from the process start: when the
 * signal fires, watch stops waiting, aborts the request in flight and returns what it saw
 * (`timedOut`); before it saw a run, it fails with this reason.
 */
export function commandDeadline(timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  const reason = new CrosslineError(
    'AwsRequestFailed',
    'external',
    `watch gave up after --timeout ${timeoutMs / 1000} s: an AWS call did not answer in time`,
    { hint: 'run with -v to see the retries; check the endpoint and the network' },
  );
  const left = Math.max(0, timeoutMs - process.uptime() * 1000);
  // Unreferenced: a watch that ends first must not wait for it.
  setTimeout(() => controller.abort(reason), left).unref();
  return controller.signal;
}

/** Slack after the deadline for work that does not honour it (a safety net, never the bound). */
const TIMEOUT_SLACK_MS = 500;

/**
 * A safety net under the deadline: should some request not honour it, the command still ends
 * shortly after it with the deadline's reason.
 */
export async function withinWallClock<T>(
  work: Promise<T>,
  deadline: AbortSignal | undefined,
): Promise<T> {
  if (deadline === undefined) return work;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let fire = (): void => undefined;
  const expired = new Promise<never>((_, reject) => {
    fire = () => {
      timer = setTimeout(() => {
        const reason: unknown = deadline.reason;
        reject(reason instanceof Error ? reason : new Error(String(reason)));
        // A request that never answers keeps sockets open; once the error is printed, end anyway.
        setTimeout(() => process.exit(process.exitCode ?? 1), 500).unref();
      }, TIMEOUT_SLACK_MS);
    };
  });
  if (deadline.aborted) fire();
  else deadline.addEventListener('abort', fire, { once: true });
  try {
    return await Promise.race([work, expired]);
  } finally {
    deadline.removeEventListener('abort', fire);
    clearTimeout(timer);
  }
}
