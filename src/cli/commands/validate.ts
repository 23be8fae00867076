import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { ValidateResult } from '../../toolkit/index.js';

export const DEFAULT_CONFIG = 'crossline.yml';

export function registerValidate(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check the config and print a summary of the resolved pipeline')
    .option('-c, --config <file>', 'config file', DEFAULT_CONFIG)
    .option('--json', 'print the resolved pipeline as JSON on stdout')
    .action(
      ctx.action(async (opts: { config: string; json?: boolean }) => {
        const toolkit = await ctx.toolkit({
          json: opts.json,
          verbose: program.opts<{ verbose: number }>().verbose,
        });
        const result = toolkit.validate(opts.config);
        if (opts.json)
          ctx.json({ file: result.file, pipeline: result.pipeline, names: result.names });
        else ctx.out(renderSummary(result));
      }),
    );
}

/** One screen: accounts and their parts, source, build, stages with targets. */
export function renderSummary(r: ValidateResult): string {
  const p = r.pipeline;
  const lines = [
    `${r.file}: valid. Pipeline '${p.name}' in ${p.region} (partition ${p.partition})`,
    '',
    'accounts',
    ...p.accounts.map(
      (a) =>
        `  ${a.alias.padEnd(12)} ${a.id}  ${a.parts.length ? a.parts.join(', ') : '(unused)'}${a.profile ? `  profile ${a.profile}` : ''}`,
    ),
    '',
    `source   codecommit ${p.source.repository}@${p.source.branch} in ${p.source.account.alias}${p.source.create ? ' (created by crossline)' : ''}`,
    `build    ${p.build.commands.join(' && ')}  (${p.build.image}, in ${p.tools.alias})`,
    'stages',
  ];
  for (const s of p.stages) {
    lines.push(`  ${s.name}${s.approval ? '  (manual approval first)' : ''}`);
    const shown = s.targets.slice(0, 8);
    for (const t of shown)
      lines.push(`    ${t.account.alias.padEnd(12)} stack ${t.stack}  template ${t.template}`);
    if (s.targets.length > shown.length)
      lines.push(`    … and ${s.targets.length - shown.length} more targets`);
  }
  lines.push(
    '',
    `pipeline ${r.names.pipeline} · artifact bucket ${r.names.bucket} · ${r.targetAccounts} target account${r.targetAccounts === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}
