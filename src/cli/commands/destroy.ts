import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import {
  awsAccess,
  awsFlags,
  lockHolder,
  parseConcurrency,
  progressToolkit,
  renderStackSets,
  renderStackTable,
  type AwsFlags,
} from './deploy.js';

export function registerDestroy(program: Command, ctx: CliContext): void {
  awsFlags(
    program
      .command('destroy')
      .description(
        'delete every stack in reverse order (the artifact bucket and key are kept unless asked)',
      ),
  )
    .option('-y, --yes', 'do not ask for confirmation')
    .option(
      '--including-artifacts',
      'also delete the artifacts stack, empty and delete the bucket, schedule the key for deletion',
    )
    .option('--concurrency <n>', 'most stacks deleted at once', '100')
    .option('--force-unlock <id>', 'remove a stale lock with this id first')
    .action(
      ctx.action(
        async (
          opts: AwsFlags & {
            yes?: boolean;
            includingArtifacts?: boolean;
            concurrency: string;
            forceUnlock?: string;
          },
        ) => {
          const concurrency = parseConcurrency(opts.concurrency);
          const { toolkit, progress } = await progressToolkit(ctx, program, opts.json);
          const { pipeline } = toolkit.load(opts.config);
          try {
            const r = await toolkit.destroy(opts.config, {
              ...(await awsAccess(
                opts,
                ctx,
                pipeline.accounts.map((a) => a.alias),
              )),
              yes: opts.yes === true,
              includingArtifacts: opts.includingArtifacts === true,
              concurrency,
              forceUnlock: opts.forceUnlock,
              holder: lockHolder(),
            });
            progress.finish();
            if (opts.json) ctx.json(r);
            else {
              ctx.out(renderStackTable(r.stacks));
              if (r.stackSets !== undefined) ctx.out(renderStackSets(r.stackSets));
              if (r.artifacts?.removed)
                ctx.out(
                  `removed artifact bucket ${r.artifacts.bucket ?? ''}; key ${r.artifacts.key ?? ''} scheduled for deletion`,
                );
              else if (!opts.includingArtifacts)
                ctx.out(
                  'kept the artifacts stack (bucket and key); pass --including-artifacts to remove them too',
                );
            }
            if (!r.ok) ctx.setExitCode(1);
          } finally {
            progress.finish();
          }
        },
      ),
    );
}
