import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { awsAccess, awsFlags, type AwsFlags } from './deploy.js';
import { verbosity } from './flags.js';

export function registerDiff(program: Command, ctx: CliContext): void {
  awsFlags(
    program
      .command('diff')
      .description('show, per stack, how the generated templates differ from the deployed ones'),
  ).action(
    ctx.action(async (opts: AwsFlags) => {
      const toolkit = await ctx.toolkit({ json: opts.json, verbose: verbosity(program) });
      const { pipeline } = toolkit.load(opts.config);
      const result = await toolkit.diff(
        opts.config,
        await awsAccess(
          opts,
          ctx,
          pipeline.accounts.map((a) => a.alias),
        ),
      );
      if (opts.json) {
        ctx.json(result);
        return;
      }
      for (const s of result.stacks) {
        const head = `${s.account.alias}/${s.stack}`;
        if (s.exists && s.resourceChanges === 0 && !s.broadening) {
          ctx.out(`${head}: no differences`);
          continue;
        }
        ctx.out(
          `${head}${s.exists ? '' : ' (not deployed yet)'}${s.broadening ? `  ${ctx.paint('33', '⚠ broadens access')}` : ''}`,
        );
        if (s.securityChanges.length > 0)
          ctx.out(s.securityChanges.map((r) => `  ${r.join(' | ')}`).join('\n'));
        if (s.text.trim() !== '') ctx.out(s.text.replace(/^/gm, '  ').trimEnd());
      }
      ctx.out(
        `${result.changed} of ${result.stacks.length} stacks differ${result.broadening ? '; some changes broaden access (deploy will ask)' : ''}`,
      );
    }),
  );
}
