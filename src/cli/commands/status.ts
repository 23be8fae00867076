import type { Command } from 'commander';
import { usage, type CliContext } from '../context.js';
import type { PipelineSelection, StatusReport } from '../../toolkit/index.js';
import { DEFAULT_CONFIG } from './validate.js';
import { awsAccessOptions, regionOption, verbosity } from './flags.js';

/** Flags every run-time command shares: which pipeline, and where AWS is. */
export interface PipelineFlags {
  config: string;
  pipeline?: string;
  region?: string;
  account?: string;
  profile: string[];
  assumeRole?: string;
  endpointUrl?: string;
  json?: boolean;
}

export function pipelineOptions(cmd: Command): Command {
  const base = cmd
    .option(
      '-c, --config <file>',
      'config file (pipeline name, region, tools account)',
      DEFAULT_CONFIG,
    )
    .option('--pipeline <name>', 'a pipeline by name instead of the config (with --region)');
  return awsAccessOptions(
    regionOption(base).option(
      '--account <id>',
      'with --pipeline: the account it lives in (checks the credentials)',
    ),
    'pipeline',
  ).option('--json', 'print the result as JSON on stdout');
}

export function pipelineSelection(opts: PipelineFlags, ctx: CliContext): PipelineSelection {
  return {
    config: opts.config,
    pipeline: opts.pipeline,
    region: opts.region,
    account: opts.account,
    profiles: opts.profile,
    assumeRole: opts.assumeRole,
    endpoint: opts.endpointUrl,
    env: ctx.env,
  };
}

export function registerStatus(program: Command, ctx: CliContext): void {
  pipelineOptions(
    program
      .command('status')
      .description(
        'recent runs, and every stage and action with its state and the account it runs in',
      ),
  )
    .option('-n, --executions <count>', 'how many recent runs to list', '5')
    .action(
      ctx.action(async (opts: PipelineFlags & { executions: string }) => {
        const executions = Number(opts.executions);
        if (!Number.isInteger(executions) || executions < 1 || executions > 100) {
          throw usage(`--executions ${opts.executions}: expected a whole number from 1 to 100`);
        }
        const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
        const report = await toolkit.status(pipelineSelection(opts, ctx), { executions });
        if (opts.json) ctx.json(report);
        else ctx.out(renderStatus(report, ctx));
      }),
    );
}

export function renderStatus(r: StatusReport, ctx: CliContext): string {
  const account = r.account
    ? ` · account ${r.account.alias ? `${r.account.alias} ` : ''}${r.account.id}`
    : '';
  const lines = [`pipeline ${r.pipeline} · ${r.region}${account}`];
  if (r.consoleUrl) lines.push(`  ${r.consoleUrl}`);
  if (r.connection)
    lines.push(
      r.connection.problem
        ? `  ${ctx.paint('31', '✗')} ${r.connection.problem}`
        : `  connection ${r.connection.arn} AVAILABLE`,
    );
  lines.push('', 'recent runs');
  if (r.executions.length === 0) lines.push('  (none yet: crossline start)');
  for (const e of r.executions) {
    const when = e.startTime ? e.startTime.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
    lines.push(
      `  ${e.executionId}  ${paintStatus(ctx, e.status).padEnd(statusWidth(ctx, e.status))}  ${when}${e.trigger ? `  ${e.trigger}` : ''}${e.rollback ? `  ${e.rollback}` : ''}`,
    );
  }
  lines.push('', 'stages');
  for (const s of r.stages) {
    lines.push(
      `  ${s.stage.padEnd(30)} ${paintStatus(ctx, s.status ?? '-')}${s.executionId ? `  (run ${s.executionId})` : ''}`,
    );
    if (s.rollback) lines.push(`    ${s.rollback.text}`);
    for (const a of s.actions) {
      const where = a.account
        ? `${a.account.alias ? `${a.account.alias} ` : ''}${a.account.id}`
        : 'account unknown';
      const status = a.status ?? '-';
      lines.push(
        `    ${a.action.padEnd(28)} ${paintStatus(ctx, status).padEnd(statusWidth(ctx, status))}  ${where.padEnd(22)}  ${a.region}  ${a.provider}`,
      );
      if (a.awaitingApproval)
        lines.push(
          `      waiting for approval: crossline approve ${s.stage}  (or reject ${s.stage})`,
        );
      if (a.status === 'Failed' && a.error?.message) lines.push(`      ${a.error.message}`);
      if (a.label !== undefined) lines.push(`      ${a.label}`);
      if (a.status === 'Failed' && a.externalExecutionUrl)
        lines.push(`      ${a.externalExecutionUrl}`);
      if (a.logUrl !== undefined) lines.push(`      log: ${a.logUrl}`);
    }
  }
  return lines.join('\n');
}

const STATUS_COLOURS: Record<string, string> = {
  Succeeded: '32',
  Failed: '31',
  InProgress: '36',
  Stopped: '33',
  Cancelled: '33',
  Superseded: '2',
};

export function paintStatus(ctx: CliContext, status: string): string {
  const code = STATUS_COLOURS[status];
  return code ? ctx.paint(code, status) : status;
}

/** Column width that survives colour codes. */
function statusWidth(ctx: CliContext, status: string): number {
  return 10 + (paintStatus(ctx, status).length - status.length);
}
