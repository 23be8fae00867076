import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import type { DriftRun } from '../../toolkit/index.js';
import { awsAccess, awsFlags, type AwsFlags } from './deploy.js';
import { verbosity } from './flags.js';

export function registerDrift(program: Command, ctx: CliContext): void {
  awsFlags(
    program
      .command('drift')
      .description(
        'compare the deployed stacks and the live key, bucket, bus and role policies with what plan generates; say whether a difference broadens access (exit 1 on any difference)',
      ),
  ).action(
    ctx.action(async (opts: AwsFlags) => {
      const verbose = verbosity(program);
      const toolkit = await ctx.toolkit({ json: opts.json, verbose });
      const run = await toolkit.drift(opts.config, await awsAccess(opts, ctx, toolkit));
      ctx.setExitCode(run.exitCode);
      if (opts.json) ctx.json(run);
      else ctx.out(renderDrift(run, verbose > 0, (t) => ctx.paint('31', t)));
    }),
  );
}

/** Per account: the stacks and policies that differ, then what the engine says of them. */
export function renderDrift(run: DriftRun, verbose: boolean, alarm: (t: string) => string): string {
  if (!run.drifted)
    return `drift: pipeline ${run.pipeline}: every stack and policy matches the plan`;
  const lines = [
    `drift: pipeline ${run.pipeline}: ${run.stacks.length} stack(s), ${run.policies.length} policy(ies) differ${run.broadening ? `; ${alarm('access is broadened')}` : ''}`,
  ];
  const accounts = [
    ...new Set([
      ...run.stacks.map((s) => `${s.account.alias} ${s.account.id}`),
      ...run.policies.map((p) => `${p.alias} ${p.account}`),
    ]),
  ];
  for (const account of accounts) {
    lines.push('', account);
    for (const s of run.stacks.filter((x) => `${x.account.alias} ${x.account.id}` === account)) {
      lines.push(
        `  stack ${s.stack}: ${s.state === 'missing' ? 'not deployed' : 'template differs from the generated one'}`,
      );
      for (const r of s.resources) lines.push(`    ${r.sign} ${r.type} ${r.logicalId}`);
      for (const c of s.accessChanges) lines.push(`    ${c}`);
      if (verbose && s.text)
        lines.push(
          ...s.text
            .trimEnd()
            .split('\n')
            .map((l) => `    ${l}`),
        );
    }
    for (const p of run.policies.filter((x) => `${x.alias} ${x.account}` === account)) {
      const state =
        p.state === 'unread'
          ? `not verified (could not read it: ${p.unread ?? 'unknown error'})`
          : p.state === 'missing'
            ? 'missing in AWS'
            : 'differs';
      lines.push(`  ${p.kind} policy ${p.policy} (${p.attachedTo}): ${state}`);
      for (const st of p.added) lines.push(`    + ${JSON.stringify(st)}`);
      for (const st of p.removed) lines.push(`    - ${JSON.stringify(st)}`);
      for (const m of p.managedAdded) lines.push(`    + managed ${m}`);
      for (const m of p.managedRemoved) lines.push(`    - managed ${m}`);
    }
  }
  if (run.access.broadening.length > 0) {
    lines.push(
      '',
      alarm('broadens access') + ' (the live policies allow; the generated ones do not):',
    );
    for (const b of run.access.broadening)
      lines.push(
        `  ${b.principal} → ${b.action} on ${b.resource}  [${b.step}] by ${b.deciding.join(', ')}`,
      );
  }
  if (run.access.breaking.length > 0) {
    lines.push('', 'requests the pipeline makes that the live policies now deny:');
    for (const b of run.access.breaking)
      lines.push(`  ${b.principal} → ${b.action} on ${b.resource}  [${b.step}]`);
  }
  return lines.join('\n');
}
