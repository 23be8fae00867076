import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { DEFAULT_CONFIG } from './validate.js';

import { DEFAULT_OUT_DIR } from '../../toolkit/files.js';
import { verbosity } from './flags.js';

export function registerSynth(program: Command, ctx: CliContext): void {
  program
    .command('synth')
    .description(
      'generate every CloudFormation template, pipeline.json, every policy and plan.json (offline)',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('-o, --out <dir>', 'output folder (replaced as a whole)', DEFAULT_OUT_DIR)
    .option('--json', 'print the written files and plan.json as JSON on stdout')
    .action(
      ctx.action(async (opts: { config: string; out: string; json?: boolean }) => {
        const toolkit = await ctx.toolkit({
          json: opts.json,
          verbose: verbosity(program),
        });
        const run = toolkit.synth(opts.config, { outDir: opts.out });
        const { plan } = run.synth;
        if (opts.json) {
          ctx.json({ outDir: opts.out, written: run.written, files: run.files, plan });
          return;
        }
        const accounts = new Set(plan.stacks.map((s) => s.account.id)).size;
        ctx.out(
          `${opts.out}: ${plan.stacks.length} stacks in ${accounts} account${accounts === 1 ? '' : 's'}, pipeline.json, ${run.synth.policies.length} policies (${run.files.length} files)`,
        );
        for (const s of plan.stacks) ctx.out(`  ${s.templateFile}`);
        for (const n of plan.notes) ctx.out(`note: ${n}`);
        if (plan.placeholders.length > 0) {
          ctx.out(
            `pipeline.json uses ${plan.placeholders.map((p) => p.text).join(', ')} until deploy resolves it`,
          );
        }
      }),
    );
}
