import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { VerifyResult } from '../../verify/index.js';
import { DEFAULT_CONFIG } from './validate.js';

export function registerVerify(program: Command, ctx: CliContext): void {
  program
    .command('verify')
    .description(
      'prove offline that every request the pipeline makes is allowed, and that nobody else gets in',
    )
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option(
      '--json',
      'print the result (every check, with its deciding statements) as JSON on stdout',
    )
    .option('-o, --out <dir>', 'also write <dir>/verify.json (nothing is written otherwise)')
    .option(
      '--from <dir>',
      'verify the policies in <dir>/policies (written by synth or plan, perhaps edited) instead of generating them',
    )
    .option('--all', 'print every check, even when a large pipeline would group them')
    .action(
      ctx.action(
        async (opts: {
          config: string;
          json?: boolean;
          out?: string;
          from?: string;
          all?: boolean;
        }) => {
          const toolkit = await ctx.toolkit({
            json: opts.json,
            verbose: program.opts<{ verbose: number }>().verbose,
          });
          const { result } = toolkit.verify(opts.config, {
            ...(opts.out === undefined ? {} : { outDir: opts.out }),
            ...(opts.from === undefined ? {} : { from: opts.from }),
          });
          await printVerify(ctx, result, { json: opts.json === true, all: opts.all === true });
          if (!result.ok) ctx.setExitCode(1);
        },
      ),
    );
}

/** The table (or JSON) of a verify result; `plan` prints the same. */
export async function printVerify(
  ctx: CliContext,
  result: VerifyResult,
  options: { json: boolean; all?: boolean },
): Promise<void> {
  if (options.json) {
    ctx.json(result);
    return;
  }
  const { renderVerifyTable } = await import('../../verify/index.js');
  const tty = (ctx.stdout as { isTTY?: boolean }).isTTY === true && ctx.color;
  ctx.out(
    renderVerifyTable(result, {
      all: options.all === true,
      ...(tty ? { paint: (c: string, t: string) => ctx.paint(c, t) } : {}),
    }),
  );
}
