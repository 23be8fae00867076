import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { DiffResult, StackDiff } from '../../deploy/index.js';
// The two small modules, not deploy/index.js: this file loads at start-up (for --help), and
// deploy/index.js pulls in the AWS SDK.
import { renderAccessChange } from '../../deploy/access-changes.js';
import { differs, renderResourceLine } from '../../deploy/diff-plan.js';
import { awsAccess, awsFlags, type AwsFlags } from './deploy.js';
import { verbosity } from './flags.js';

export function registerDiff(program: Command, ctx: CliContext): void {
  awsFlags(
    program
      .command('diff')
      .description('show, per stack, how the generated templates differ from the deployed ones'),
  )
    .option('--fail', 'exit with status 1 when any stack differs (for CI)')
    .action(
      ctx.action(async (opts: AwsFlags & { fail?: boolean }) => {
        const verbose = verbosity(program);
        const toolkit = await ctx.toolkit({ json: opts.json, verbose });
        const result = await toolkit.diff(opts.config, await awsAccess(opts, ctx, toolkit));
        if (opts.json) ctx.json(result);
        else ctx.out(renderDiff(result, verbose > 0, (t) => ctx.paint('33', t)));
        if (opts.fail === true && result.changed > 0) ctx.setExitCode(1);
      }),
    );
}

/**
 * Summary first (how many stacks differ), then one block per stack: its resource changes and
 * its IAM changes in words. A stack that is not deployed yet is one line unless `verbose`;
 * `verbose` adds the property-level difference.
 */
export function renderDiff(
  result: DiffResult,
  verbose: boolean,
  warn: (text: string) => string = (t) => t,
): string {
  const lines = [
    `${result.changed} of ${result.stacks.length} stacks differ${result.broadening ? '; some changes broaden access (deploy will ask)' : ''}${result.changed > 0 && !verbose ? '; -v shows every change' : ''}`,
  ];
  for (const s of result.stacks) lines.push(...renderStack(s, verbose, warn));
  return lines.join('\n');
}

function renderStack(s: StackDiff, verbose: boolean, warn: (t: string) => string): string[] {
  const head = `${s.account.alias}/${s.stack}`;
  if (!differs(s)) return [`${head}: no differences`];
  const broad = s.broadening ? `  ${warn('⚠ broadens access')}` : '';
  if (!s.exists && !verbose) {
    const grants = s.accessChanges.filter((c) => c.sign === '+').length;
    return [
      `${head}: not deployed yet; creates ${plural(s.resources.length, 'resource')} with ${plural(grants, 'IAM grant')}${broad}`,
    ];
  }
  const out = [
    `${head}: ${s.exists ? '' : 'not deployed yet; '}${plural(s.resourceChanges, 'resource')} to ${s.exists ? 'change' : 'create'}${broad}`,
  ];
  if (s.exists || verbose) for (const r of s.resources) out.push(`  ${renderResourceLine(r)}`);
  if (s.accessChanges.length > 0) {
    out.push('  access:');
    for (const c of s.accessChanges) out.push(`    ${renderAccessChange(s.account.alias, c)}`);
  }
  if (verbose && s.text.trim() !== '') out.push(s.text.replace(/^/gm, '  ').trimEnd());
  return out;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
