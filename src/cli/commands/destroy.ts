import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import {
  awsFlags,
  renderStackSets,
  renderStackTable,
  runWithProgress,
  type StackRunFlags,
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
      ctx.action((opts: StackRunFlags & { includingArtifacts?: boolean }) =>
        runWithProgress(
          ctx,
          program,
          opts,
          (toolkit, options) =>
            toolkit.destroy(opts.config, {
              ...options,
              includingArtifacts: opts.includingArtifacts === true,
            }),
          (r) => {
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
          },
        ),
      ),
    );
}
