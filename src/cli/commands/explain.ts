import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { Explanation, ExplainRun, RequestVerdict } from '../../toolkit/index.js';
import { pipelineOptions, pipelineSelection, type PipelineFlags } from './status.js';
import { verbosity } from './flags.js';

interface ExplainFlags extends PipelineFlags {
  message?: string;
  snapshot?: string;
}

export function registerExplain(program: Command, ctx: CliContext): void {
  pipelineOptions(
    program
      .command('explain')
      .argument('[execution-id]', 'the execution to explain (default: the most recent failed one)')
      .description(
        'explain a run-time permission error: the request AWS refused, the policy and statement that deny it, and the fix (exit 1; 0 when it would be allowed now; 2 when the message is not understood)',
      ),
  )
    .option(
      '--message <text>',
      'explain this error text (pasted from the console) instead of reading executions',
    )
    .option(
      '--snapshot <file>',
      'evaluate against a saved doctor snapshot (no credentials needed with --message)',
    )
    .action(
      ctx.action(async (executionId: string | undefined, opts: ExplainFlags) => {
        const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
        const run = await toolkit.explain(pipelineSelection(opts, ctx), {
          executionId,
          message: opts.message,
          snapshot: opts.snapshot,
        });
        ctx.setExitCode(run.exitCode);
        if (opts.json) ctx.json(run);
        else ctx.out(renderExplain(run, ctx));
      }),
    );
}

export function renderExplain(run: ExplainRun, ctx: CliContext): string {
  const lines = [
    `explain: pipeline ${run.pipeline}${run.executionId ? `, execution ${run.executionId}` : ''}`,
  ];
  if (run.explanations.length === 0) lines.push('', 'no failed action to explain');
  for (const e of run.explanations) lines.push('', ...renderOne(e, ctx));
  return lines.join('\n');
}

function renderOne(e: Explanation, ctx: CliContext): string[] {
  const where = e.action ? `${e.action.stage}/${e.action.action}: ` : '';
  const out = [`${where}${e.message.length > 300 ? `${e.message.slice(0, 300)}…` : e.message}`];
  if (e.verdict === 'not-understood') {
    out.push(
      `${ctx.paint('33', 'not understood')}: ${e.recognised.length > 0 ? `recognised ${e.recognised.join('; ')}` : 'no known error form or fragment'}`,
    );
    for (const n of e.notes) out.push(`  note: ${n}`);
    out.push(
      '  paste the full error text, e.g. "User: … is not authorized to perform: … on resource: …"',
    );
    return out;
  }
  out.push(`  read as: ${e.recognised.join('; ')}`);
  for (const n of e.notes) out.push(`  note: ${n}`);
  for (const r of e.requests) out.push(...renderRequest(r, ctx));
  return out;
}

function renderRequest(r: RequestVerdict, ctx: CliContext): string[] {
  const head = r.allowed
    ? `${ctx.paint('32', 'allowed now')} (fixed since)`
    : `${ctx.paint('31', 'denied')} by the ${r.side === 'codepipeline' ? 'CodePipeline action rule' : `${r.side} side`}`;
  const context = Object.entries(r.context)
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(', ');
  const lines = [`  ${head}  [${r.step}]`, `    ${r.principal} → ${r.action} on ${r.resource}`];
  if (context) lines.push(`    context: ${context}`);
  if (!r.allowed && r.statements.length > 0)
    lines.push(
      `    ${r.outcome === 'explicit-deny' ? 'denying statement' : 'statement to change'}: ${r.statements.join(', ')}`,
    );
  lines.push(`    ${r.allowed ? 'by' : 'fix'}: ${r.allowed ? r.statements.join(', ') : r.fix}`);
  return lines;
}
