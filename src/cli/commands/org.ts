import type { Command } from 'commander';
import type { CliContext } from '../context.js';

/**
 * `crossline org snapshot`: writes the organization (roots, OUs, accounts with their paths and
 * tags) to a file that `plan` and `verify` read offline. The reading and the writer live in
 * src/ops/org; the calls in src/aws/organizations-api.ts. Run it with credentials of the
 * management account or of a delegated administrator for Organizations.
 */
export function registerOrg(program: Command, ctx: CliContext): void {
  const org = program
    .command('org')
    .description('AWS Organizations: snapshot the organization for targets by OU or tag');
  org
    .command('snapshot')
    .description('read roots, OUs, accounts, their OU paths and tags into a deterministic file')
    .option('-o, --output <file>', 'where to write the snapshot', 'org.json')
    .option('--profile <name>', 'AWS profile of the management or delegated-admin account')
    .option('--region <region>', 'region of the Organizations endpoint (default AWS_REGION)')
    .option('--endpoint-url <url>', 'AWS endpoint to call instead of the public one')
    .action(
      ctx.action(
        async (opts: {
          output: string;
          profile?: string;
          region?: string;
          endpointUrl?: string;
        }) => {
          const [{ createOrganizationsReadApi, organizationsSession }, aws, ops, files] =
            await Promise.all([
              import('../../aws/organizations-api.js'),
              import('../../aws/index.js'),
              import('../../ops/org/index.js'),
              import('../../toolkit/files.js'),
            ]);
          const endpoint = aws.resolveEndpoint({ endpoint: opts.endpointUrl, env: ctx.env });
          // Organizations is a global service served from us-east-1 in the aws partition
          // (https://docs.aws.amazon.com/general/latest/gr/ao.html).
          const region =
            opts.region ?? ctx.env.AWS_REGION ?? ctx.env.AWS_DEFAULT_REGION ?? 'us-east-1';
          const api = await createOrganizationsReadApi(
            organizationsSession({ region, profile: opts.profile, endpoint }),
          );
          const snapshot = await ops.readOrganization(api);
          files.writeFileAtomic(opts.output, ops.snapshotJson(snapshot));
          ctx.out(
            `wrote ${opts.output}: organization ${snapshot.organization.id}, ${snapshot.units.length} OUs, ${snapshot.accounts.length} accounts`,
          );
        },
      ),
    );
}
