import { hostname, userInfo } from 'node:os';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { usage } from '../context.js';
import type { AwsAccessOptions } from '../../toolkit/deploy.js';
import type { StackResult, StackSetResult } from '../../deploy/index.js';
import type { Toolkit } from '../../toolkit/index.js';
import { DeployProgressHost } from './deploy-progress.js';
import { awsAccessOptions, verbosity } from './flags.js';

export interface AwsFlags {
  config: string;
  json?: boolean;
  profile?: string[];
  assumeRole?: string;
  endpointUrl?: string;
  pollIntervalMs?: string;
}

/** Flags every command that reaches into the accounts shares. */
export function awsFlags(cmd: Command): Command {
  return awsAccessOptions(
    cmd
      .option('-c, --config <file>', 'config file', 'crossline.yml')
      .option('--json', 'print the result as JSON on stdout'),
    'accounts',
  ).addOption(hiddenPollOption(cmd));
}

function hiddenPollOption(cmd: Command) {
  return cmd
    .createOption('--poll-interval-ms <ms>', 'time between two polls of a stack')
    .hideHelp();
}

/** The access options of the flags, for the accounts of the config `opts.config` names. */
export async function awsAccess(
  opts: AwsFlags,
  ctx: CliContext,
  toolkit: Pick<Toolkit, 'load'>,
): Promise<AwsAccessOptions> {
  const aliases = toolkit.load(opts.config).pipeline.accounts.map((a) => a.alias);
  const { parseProfileFlags } = await import('../../aws/index.js');
  let pollIntervalMs: number | undefined;
  if (opts.pollIntervalMs !== undefined) {
    pollIntervalMs = Number(opts.pollIntervalMs);
    if (!Number.isInteger(pollIntervalMs) || pollIntervalMs < 0)
      throw usage(`--poll-interval-ms ${opts.pollIntervalMs}: expected a whole number`);
  }
  return {
    profiles: parseProfileFlags(opts.profile ?? [], aliases),
    assumeRole: opts.assumeRole,
    endpoint: opts.endpointUrl,
    env: ctx.env,
    ...(pollIntervalMs !== undefined ? { pollIntervalMs } : {}),
  };
}

export function lockHolder(): string {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    // no passwd entry (containers): the host and pid still identify the run
  }
  return `${user}@${hostname()} pid ${process.pid}`;
}

/** `--concurrency N`: a whole number of at least 1 (deploy and destroy). */
export function parseConcurrency(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw usage(`--concurrency ${value}: expected a whole number ≥ 1`);
  return n;
}

/** The flags deploy and destroy share besides the AWS ones. */
export interface StackRunFlags extends AwsFlags {
  yes?: boolean;
  concurrency: string;
  forceUnlock?: string;
}

/** What deploy and destroy pass the toolkit from the shared flags. */
export type StackRunOptions = AwsAccessOptions & {
  readonly yes: boolean;
  readonly concurrency: number;
  readonly forceUnlock: string | undefined;
  readonly holder: string;
};

/**
 * Deploy and destroy: `--concurrency` checked, a toolkit whose messages go through the live
 * per-stack progress display, the accounts' access; `print` gets the result once the display
 * is closed (it is closed however `start` ends).
 */
export async function runWithProgress<T>(
  ctx: CliContext,
  program: Command,
  opts: StackRunFlags,
  start: (toolkit: Toolkit, options: StackRunOptions) => Promise<T>,
  print: (result: T) => void,
): Promise<void> {
  const concurrency = parseConcurrency(opts.concurrency);
  const { Toolkit } = await import('../../toolkit/index.js');
  const progress = new DeployProgressHost(
    ctx.ioHost({ json: opts.json, verbose: verbosity(program) }),
    ctx.stderr,
    ctx.isTty,
    (c, t) => ctx.paint(c, t),
  );
  const toolkit = new Toolkit({ ioHost: progress });
  try {
    const result = await start(toolkit, {
      ...(await awsAccess(opts, ctx, toolkit)),
      yes: opts.yes === true,
      concurrency,
      forceUnlock: opts.forceUnlock,
      holder: lockHolder(),
    });
    progress.finish();
    print(result);
  } finally {
    progress.finish();
  }
}

export function registerDeploy(program: Command, ctx: CliContext): void {
  awsFlags(
    program
      .command('deploy')
      .description(
        'deploy every stack to its account, in dependency order (refuses when verify fails)',
      ),
  )
    .option(
      '-o, --out <dir>',
      'output folder (synth output and pipeline.resolved.json)',
      'crossline.out',
    )
    .option('-y, --yes', 'deploy changes that broaden access without asking')
    .option('--concurrency <n>', 'most stacks deployed at once', '100')
    .option('--force-unlock <id>', 'remove a stale deploy lock with this id first')
    .action(
      ctx.action((opts: StackRunFlags & { out: string }) =>
        runWithProgress(
          ctx,
          program,
          opts,
          (toolkit, options) => toolkit.deploy(opts.config, { ...options, outDir: opts.out }),
          (run) => {
            const r = run.result;
            if (opts.json)
              ctx.json({
                ok: r.ok,
                pipeline: r.pipeline,
                runId: r.runId,
                elapsedMs: r.elapsedMs,
                stacks: r.stacks,
                ...(r.stackSets === undefined ? {} : { stackSets: r.stackSets }),
                resolvedFile: run.resolvedFile,
              });
            else ctx.out(deploySummary(r));
            if (!r.ok) ctx.setExitCode(1);
          },
        ),
      ),
    );
}

/**
 * The result of a deploy, summary first: "up to date" when nothing changed, else the time and
 * what happened per outcome, then one row per stack that changed or failed. (The resolved
 * pipeline file is named once, by the toolkit's message.)
 */
export function deploySummary(r: {
  ok: boolean;
  pipeline: string;
  elapsedMs: number;
  stacks: readonly StackResult[];
  stackSets?: readonly StackSetResult[] | undefined;
}): string {
  const sets = r.stackSets ?? [];
  const setLines = sets.length === 0 ? '' : `\n${renderStackSets(sets)}`;
  if (!r.ok) {
    return `${renderStackTable(r.stacks)}${setLines}\ndeploy of ${r.pipeline} failed; run it again once the cause is fixed`;
  }
  const counts = new Map<string, number>();
  for (const s of r.stacks) counts.set(s.outcome, (counts.get(s.outcome) ?? 0) + 1);
  const setsUnchanged = sets.every((s) => s.outcome === 'unchanged');
  if (counts.get('unchanged') === r.stacks.length && setsUnchanged)
    return `${r.pipeline} is up to date: ${r.stacks.length} stacks unchanged${sets.length === 0 ? '' : `, ${sets.length} StackSet${sets.length === 1 ? '' : 's'} unchanged`}${setLines}`;
  const what = [...counts].map(([o, n]) => `${n} ${o}`).join(', ');
  const changed = r.stacks.filter((s) => s.outcome !== 'unchanged');
  return `deployed ${r.pipeline} in ${(r.elapsedMs / 1000).toFixed(1)} s: ${what}\n${renderStackTable(changed)}${setLines}`;
}

/** One line per StackSet of OU accounts, then one per OU: its instances and failures. */
export function renderStackSets(sets: readonly StackSetResult[]): string {
  return sets
    .flatMap((s) => [
      `StackSet ${s.name} (from ${s.account.alias} ${s.account.id}): ${s.outcome}${s.reason ? `: ${s.reason}` : ''}`,
      ...s.units.map(
        (u) =>
          `  OU ${u.ou}: ${u.instances} instance${u.instances === 1 ? '' : 's'}, ${u.current} current${u.failed === 0 ? '' : `, ${u.failed} failed (${u.reasons.join('; ')})`}`,
      ),
    ])
    .join('\n');
}

/** The summary table: one row per stack, in plan order. */
export function renderStackTable(stacks: readonly StackResult[]): string {
  const rows = [
    ['ACCOUNT', 'STACK', 'RESULT', 'STATUS', 'TIME', 'REASON'],
    ...stacks.map((s) => [
      `${s.account.alias} (${s.account.id})`,
      s.stack,
      s.outcome,
      s.status ?? '-',
      `${(s.elapsedMs / 1000).toFixed(1)}s`,
      s.reason ?? '',
    ]),
  ];
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows
    .map((r) =>
      r
        .map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
