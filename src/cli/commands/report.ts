import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { DEFAULT_CONFIG } from './validate.js';
import { verbosity } from './flags.js';

export function registerReport(program: Command, ctx: CliContext): void {
  program
    .command('report')
    .description(
      'write one self-contained HTML page: accounts diagram, access proof, policies, deploy order',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option(
      '-o, --out <path>',
      'HTML file to write, or a folder to write report.html into (as plan -o DIR does)',
      'report.html',
    )
    .option('--mermaid <file>', 'also write the diagram as Mermaid text (e.g. diagram.mmd)')
    .option('--json', 'print what was written as JSON on stdout')
    .action(
      ctx.action(
        async (opts: { config: string; out: string; mermaid?: string; json?: boolean }) => {
          const toolkit = await ctx.toolkit({
            json: opts.json,
            verbose: verbosity(program),
          });
          const run = toolkit.report(opts.config, {
            out: inFolder(opts.out),
            ...(opts.mermaid === undefined ? {} : { mermaid: opts.mermaid }),
          });
          if (opts.json) {
            ctx.json({
              written: Object.fromEntries(run.written),
              ok: run.verify.ok,
              counts: run.verify.counts,
            });
          } else {
            ctx.out([...run.written.keys()].join('\n'));
          }
        },
      ),
    );
}

/** `-o` names a folder for plan, synth and deploy: here too, a folder gets report.html. */
function inFolder(out: string): string {
  const folder = statSync(out, { throwIfNoEntry: false })?.isDirectory() === true;
  return folder ? join(out, 'report.html') : out;
}
