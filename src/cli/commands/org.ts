import type { Command } from 'commander';
import { CrosslineError } from '../../errors/index.js';
import type { CliContext } from '../context.js';

/**
 * `crossline org snapshot`: writes the organization (roots, OUs, accounts with their paths and
 * tags) to a file that `plan` and `verify` read offline. The reading and the writer live in
 * src/ops/org; the AWS side needs @aws-sdk/client-organizations, which this build does not
 * include, so the command says so instead of half-working.
 */
export function registerOrg(program: Command, ctx: CliContext): void {
  const org = program
    .command('org')
    .description('AWS Organizations: snapshot the organization for targets by OU or tag');
  org
    .command('snapshot')
    .description('read roots, OUs, accounts, their OU paths and tags into a deterministic file')
    .option('-o, --output <file>', 'where to write the snapshot', 'org.json')
    .action(
      ctx.action((opts: { output: string }) => {
        throw new CrosslineError(
          'UsageError',
          'usage',
          `org snapshot -o ${opts.output}: reading AWS Organizations needs @aws-sdk/client-organizations, which is not installed in this build`,
          {
            hint: 'write the snapshot file by hand in the format of src/ops/org/snapshot-schema.ts',
          },
        );
      }),
    );
}
