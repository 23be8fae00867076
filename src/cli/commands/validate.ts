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
      ctx.action(
        async (opts: { config: string; json?: boolean }) => {
          const toolkit = await ctx.toolkit({
            json: opts.json,
            verbose: program.opts<{ verbose: number }>().verbose,
          });
          const result = toolkit.validate(opts.config);
          if (opts.json)
            ctx.json({ file: result.file, pipeline: result.pipeline, names: result.names });
          else ctx.out(renderSummary(result));
        },
        // validate never writes, so its problem count does not say "nothing was written".
        { writes: false },
      ),
    );
}

/** At most this many accounts, and targets per stage, in the summary; `--json` has all. */
const SHOWN = 5;

/** One screen, also for 50 accounts: accounts and their parts, source, build, stages. */
export function renderSummary(r: ValidateResult): string {
  const p = r.pipeline;
  const accounts = inPipelineOrder(p);
  const lines = [
    `${r.file}: valid. Pipeline '${p.name}' in ${p.region} (partition ${p.partition})`,
    '',
    'accounts',
    ...capped(accounts, 'accounts', (a) => {
      const parts = a.parts.length ? a.parts.join(', ') : '(unused)';
      return `  ${a.alias.padEnd(12)} ${a.id}  ${parts}${a.profile ? `  profile ${a.profile}` : ''}`;
    }),
    '',
    p.source.provider === 'codeconnections'
      ? `source   codeconnections ${p.source.repository}@${p.source.branch} (action in ${p.source.account.alias})${p.source.connection.kind === 'create' ? `, ${p.source.connection.provider} connection created by crossline` : ''}`
      : `source   codecommit ${p.source.repository}@${p.source.branch} in ${p.source.account.alias}${p.source.create ? ' (created by crossline)' : ''}`,
    `build    ${p.build.commands.join(' && ')}  (${p.build.image}, in ${p.tools.alias})`,
    'stages',
  ];
  for (const s of p.stages) {
    const n = s.targets.length;
    lines.push(
      `  ${s.name}  ${n} target${n === 1 ? '' : 's'}${s.approval ? ', manual approval first' : ''}`,
    );
    lines.push(
      ...capped(s.targets, 'targets', (t) => {
        return `    ${t.account.alias.padEnd(12)} stack ${t.stack}  template ${t.template}${t.region === undefined ? '' : `  region ${t.region}`}`;
      }),
    );
  }
  const n = r.targetAccounts;
  lines.push(
    '',
    `pipeline ${r.names.pipeline} · artifact bucket ${r.names.bucket} · ${n} target account${n === 1 ? '' : 's'}`,
  );
  return lines.join('\n');
}

/**
 * The accounts in the order the pipeline reaches them: the pipeline (tools) account, the
 * source account, then the target accounts in stage order; accounts no stage uses last.
 */
function inPipelineOrder(p: ValidateResult['pipeline']): ValidateResult['pipeline']['accounts'] {
  const order = [
    p.tools,
    p.source.account,
    ...p.stages.flatMap((s) => s.targets.map((t) => t.account)),
  ];
  const rank = new Map<string, number>();
  for (const a of order) if (!rank.has(a.alias)) rank.set(a.alias, rank.size);
  const at = (alias: string): number => rank.get(alias) ?? Number.MAX_SAFE_INTEGER;
  return [...p.accounts].sort((a, b) => at(a.alias) - at(b.alias));
}

/** The first lines of a long list, then how many more (indented like the list). */
function capped<T>(items: readonly T[], what: string, line: (item: T) => string): string[] {
  if (items.length <= SHOWN + 1) return items.map(line);
  const shown = items.slice(0, SHOWN).map(line);
  const indent = /^ */.exec(shown[0] ?? '')?.[0] ?? '';
  return [...shown, `${indent}… and ${items.length - SHOWN} more ${what} (--json lists all)`];
}
