/**
 * `crossline doctor` on a hand-built pipeline that a moto fixture made: the pipeline account
 * 111111111111 read with the base credentials, every other account by assuming
 * OrganizationAccountAccessRole, and no AWS profile files of the machine.
 */
import { execFile } from 'node:child_process';
import type { TestContext } from 'node:test';
import { promisify } from 'node:util';
import { FAKE_AWS_ENV, runCli, type CliRun } from '../cli/run-cli.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { requireTool, toolPath } from '../support/tools.js';

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

/** The fixtures are boto3 scripts against moto: both tools are needed. */
export const MOTO_FIXTURES_READY =
  toolPath('moto_server') !== undefined && toolPath('python3') !== undefined;

/** In a test: both tools are there, or the test is skipped (failed in CI) with a notice. */
export function motoFixturesReady(t: TestContext): boolean {
  return requireTool(t, 'moto_server') && requireTool(t, 'python3');
}

/**
 * A moto server with AWS's managed policies loaded (the fixtures attach PowerUserAccess and
 * others), and each `variant=name` of the boto3 `fixture` built in it. Returns the server
 * and what the fixture printed; the server is stopped again if the fixture fails.
 */
export async function startMotoFixture(
  fixture: string,
  variants: Readonly<Record<string, string>>,
): Promise<{ moto: MotoServer; stdout: string }> {
  process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
  const moto = await startMoto();
  const args = [fixture, moto.endpoint, ...Object.entries(variants).map(([v, n]) => `${v}=${n}`)];
  try {
    const { stdout } = await promisify(execFile)('python3', args, { timeout: 180_000 });
    return { moto, stdout };
  } catch (e) {
    await moto.stop();
    throw e;
  }
}
