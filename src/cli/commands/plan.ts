import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { PlanRun } from '../../toolkit/index.js';
import { DEFAULT_OUT_DIR } from '../../toolkit/files.js';
import { sampledLines } from '../../verify/sampled-lines.js';
import { DEFAULT_CONFIG } from './validate.js';

const MAX_ACTIONS_SHOWN = 6;

export function registerPlan(program: Command, ctx: CliContext): void {
  program
    .command('plan')
    .description('synth, run the offline checks, and summarise accounts, stacks, stages and roles')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('-o, --out <dir>', 'output folder (replaced as a whole)', DEFAULT_OUT_DIR)
    .option('--json', 'print the summary, plan.json and step results as JSON on stdout')
    .option('--all', 'print every access check (by default only failing ones and a count)')
    .action(
      ctx.action(async (opts: { config: string; out: string; json?: boolean; all?: boolean }) => {
        const toolkit = await ctx.toolkit({
          json: opts.json,
          verbose: program.opts<{ verbose: number }>().verbose,
        });
        const run = toolkit.plan(opts.config, { outDir: opts.out });
        if (opts.json) {
          ctx.json({
            outDir: opts.out,
            written: run.written,
            ok: run.ok,
            summary: run.summary,
            plan: run.synth.plan,
            steps: run.steps.map((s) => ({
              name: s.name,
              ok: s.ok,
              lines: s.lines ?? [],
              data: s.data,
            })),
          });
        } else ctx.out(renderPlan(run, opts.out, { all: opts.all === true }));
        if (!run.ok) ctx.setExitCode(1);
      }),
    );
}

/**
 * One screen: accounts and their stacks, stages and actions, one line per role, notes, then per
 * step its verdict. The access checks are a one-line count plus the failing ones; `all` prints
 * every check (the step's own table).
 */
export function renderPlan(run: PlanRun, outDir: string, options: { all?: boolean } = {}): string {
  const s = run.summary;
  const stacks = run.synth.plan.stacks.length;
  const sets = run.synth.plan.stackSets?.length ?? 0;
  const lines = [
    `plan for ${s.pipeline} (${s.region}, partition ${s.partition}): ${stacks} stacks${sets === 0 ? '' : ` and ${sets} StackSet${sets === 1 ? '' : 's'}`} in ${s.accounts.length} accounts, ${run.written ? `written to ${outDir}` : `${outDir} already up to date`}`,
    '',
    'accounts',
  ];
  const width = Math.max(...s.accounts.map((a) => a.alias.length), 6);
  for (const a of s.accounts) {
    lines.push(
      `  ${a.alias.padEnd(width)}  ${a.id}  ${a.parts.join('+').padEnd(19)} ${a.stacks.join(', ')}`,
    );
  }
  lines.push('', 'stages');
  const stageWidth = Math.max(...s.stages.map((st) => st.name.length), 6);
  for (const st of s.stages) {
    const shown = st.actions.slice(0, MAX_ACTIONS_SHOWN).map((a) => {
      const where =
        a.provider === 'CloudFormation' || a.provider === 'CodeCommit' ? ` in ${a.account}` : '';
      return a.provider === 'Manual' ? 'manual approval' : `${a.provider} ${a.detail}${where}`;
    });
    const more = st.actions.length - shown.length;
    lines.push(
      `  ${st.name.padEnd(stageWidth)}  ${shown.join(' · ')}${more > 0 ? ` · … ${more} more` : ''}`,
    );
  }
  lines.push('', 'roles (what each may do, and why)');
  for (const r of s.roles) lines.push(`  ${r.id}: may ${r.may}; because ${r.why}`);
  if (s.notes.length > 0) {
    lines.push('', 'notes');
    for (const n of s.notes) lines.push(`  - ${n}`);
  }
  for (const step of run.steps) {
    lines.push('', `${step.name}: ${step.ok ? 'ok' : 'FAILED'}`);
    const verify = step.verify;
    if (verify === undefined || options.all === true) {
      for (const l of step.lines ?? []) lines.push(`  ${l}`);
      continue;
    }
    const failed = verify.rows.filter((r) => !r.ok);
    for (const row of failed) {
      lines.push(
        `  ✘ ${row.step}: ${row.principal} ${row.action} ${row.resource} — expected ${row.expect}, ${row.decision}`,
        `      ${row.reason}`,
      );
    }
    const c = verify.counts;
    const allowed = verify.rows.filter((r) => r.expect === 'allow').length;
    lines.push(
      failed.length === 0
        ? `  ✔ all ${c.total} checks passed (${allowed} requests allowed, ${c.total - allowed} denied); --all lists each`
        : `  ✘ ${c.failed} of ${c.total} checks failed; --all lists each, crossline verify explains`,
    );
    for (const l of sampledLines(verify)) lines.push(`  ${l}`);
  }
  return lines.join('\n');
}
