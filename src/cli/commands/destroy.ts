import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { usage } from '../context.js';
import {
  awsAccess,
  awsFlags,
  lockHolder,
  renderStackTable,
  verbosity,
  type AwsFlags,
} from './deploy.js';
import { DeployProgressHost } from './deploy-progress.js';

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
          const concurrency = Number(opts.concurrency);
          if (!Number.isInteger(concurrency) || concurrency < 1)
            throw usage(`--concurrency ${opts.concurrency}: expected a whole number ≥ 1`);
          const { Toolkit } = await import('../../toolkit/index.js');
          const progress = new DeployProgressHost(
            ctx.ioHost({ json: opts.json, verbose: verbosity(program) }),
            ctx.stderr,
            ctx.isTty,
            (c, t) => ctx.paint(c, t),
          );
          const toolkit = new Toolkit({ ioHost: progress });
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
