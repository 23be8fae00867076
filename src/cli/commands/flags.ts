import type { Command } from 'commander';

/** `-v` counted on the program: 0 without it. */
export function verbosity(program: Command): number {
  return program.opts<{ verbose?: number }>().verbose ?? 0;
}

/**
 * Who the AWS flags speak about: `accounts` for the commands that reach every account of the
 * config (deploy, diff, destroy), `pipeline` for the run-time commands that start from the
 * pipeline account (status, start, watch, approve, doctor, import).
 */
export type AwsFlagScope = 'accounts' | 'pipeline';

const HELP: Record<AwsFlagScope, { profile: string; assumeRole: string; endpoint: string }> = {
  accounts: {
    profile: 'credentials of one account from an AWS profile (repeatable)',
    assumeRole:
      'assume this role in each account without a profile (overrides credentials.assumeRole)',
    endpoint: 'send every AWS request here (default: AWS_ENDPOINT_URL)',
  },
  pipeline: {
    profile:
      'AWS profile for an account (repeatable); ALIAS is a config alias, or the --account id',
    assumeRole: 'role to assume in the pipeline account (default credentials.assumeRole)',
    endpoint: 'AWS endpoint to call instead of the public one (default AWS_ENDPOINT_URL)',
  },
};

const collect = (v: string, prev: string[] = []): string[] => [...prev, v];

/** The one declaration of `--profile`, `--assume-role` and `--endpoint-url`. */
export function awsAccessOptions(cmd: Command, scope: AwsFlagScope): Command {
  const help = HELP[scope];
  if (scope === 'pipeline') cmd.option('--profile <alias=name>', help.profile, collect, []);
  else cmd.option('--profile <alias=name>', help.profile, collect);
  return cmd
    .option('--assume-role <name>', help.assumeRole)
    .option('--endpoint-url <url>', help.endpoint);
}

/** `--region`: where a pipeline crossline did not make lives. */
export function regionOption(cmd: Command): Command {
  return cmd.option('--region <region>', 'region of --pipeline (default AWS_REGION)');
}
