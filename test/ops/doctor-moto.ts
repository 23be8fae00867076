/**
 * `crossline doctor` on a hand-built pipeline that a moto fixture made: the pipeline account
 * 111111111111 read with the base credentials, every other account by assuming
 * OrganizationAccountAccessRole, and no AWS profile files of the machine.
 */
import { runCli, type CliRun } from '../cli/run-cli.js';
import { TEST_CREDENTIALS } from '../support/moto.js';

export const MOTO_CLI_ENV = {
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/crossline-test/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/crossline-test/credentials',
};

export function doctorOnMoto(endpoint: string, name: string, ...extra: string[]): Promise<CliRun> {
  return runCli(
    [
      'doctor',
      '--pipeline',
      name,
      '--region',
      'us-east-1',
      '--account',
      '111111111111',
      '--assume-role',
      'OrganizationAccountAccessRole',
      '--endpoint-url',
      endpoint,
      ...extra,
    ],
    { env: MOTO_CLI_ENV },
  );
}
