import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { pipelineOptions, pipelineSelection, type PipelineFlags } from './status.js';
import { verbosity } from './flags.js';

interface ImportFlags extends PipelineFlags {
  output: string;
  force?: boolean;
  snapshot?: string;
}

export function registerImport(program: Command, ctx: CliContext): void {
  pipelineOptions(
    program
      .command('import')
      .description(
        'write a crossline config for a live, hand-built pipeline, so that crossline can take it over',
      ),
  )
    .option('-o, --output <file>', 'config file to write', 'crossline.yml')
    .option('--force', 'overwrite an existing file')
    .option('--snapshot <file>', 'import from a doctor snapshot (--save) instead of reading AWS')
    .action(
      ctx.action(async (opts: ImportFlags) => {
        const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
        const run = await toolkit.importPipeline(pipelineSelection(opts, ctx), {
          out: opts.output,
          force: opts.force,
          snapshot: opts.snapshot,
        });
        if (opts.json) ctx.json(run);
        else
          ctx.out(
            `${run.file} written (${run.notes.length} note${run.notes.length === 1 ? '' : 's'} in it to finish by hand). Next: crossline validate -c ${run.file}`,
          );
      }),
    );
}
