/**
 * `crossline doctor` on a hand-built pipeline that a moto fixture made: the pipeline account
 * 111111111111 read with the base credentials, every other account by assuming
 * OrganizationAccountAccessRole, and no AWS profile files of the machine.
 */
import { FAKE_AWS_ENV, runCli, type CliRun } from '../cli/run-cli.js';
import { TEST_CREDENTIALS } from '../support/moto.js';

export const MOTO_CLI_ENV = {
  ...FAKE_AWS_ENV,
  AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
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
