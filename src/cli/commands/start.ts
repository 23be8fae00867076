import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { pipelineOptions, pipelineSelection, type PipelineFlags } from './status.js';
import { verbosity } from './flags.js';
import { parseSeconds, reportWatch } from './watch.js';

export function registerStart(program: Command, ctx: CliContext): void {
  pipelineOptions(
    program.command('start').description('start a pipeline run and print its execution id'),
  )
    .option('-w, --watch', 'then follow the run until it ends (exit 1 if it fails)')
    .option('--interval <seconds>', 'with --watch: time between polls', '5')
    .action(
      ctx.action(async (opts: PipelineFlags & { watch?: boolean; interval: string }) => {
        const intervalMs = parseSeconds('--interval', opts.interval);
        const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
        const sel = pipelineSelection(opts, ctx);
        const started = await toolkit.start(sel);
        if (!opts.watch) {
          if (opts.json) ctx.json(started);
          else ctx.out(started.executionId);
          if (!opts.json && started.consoleUrl) ctx.stderr.write(`  ${started.consoleUrl}\n`);
          return;
        }
        ctx.stderr.write(`started ${started.executionId}\n`);
        const result = await toolkit.watch(sel, { executionId: started.executionId, intervalMs });
        reportWatch(result, opts.json === true, ctx);
      }),
    );
}
