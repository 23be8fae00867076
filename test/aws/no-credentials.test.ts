/**
 * No credentials at all (no keys, no profile, no instance metadata): every AWS command ends
 * with one readable error, exit 1, whose hint names each way crossline gets credentials,
 * including the role it can assume from base credentials. Needs a build.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { STACK_TRACE, runCli, tempDir, writeFile } from '../cli/run-cli.js';
import { BASE, withReplaced } from '../config/base-config.js';

const tmp = tempDir();
after(tmp.cleanup);

const ENV = {
  AWS_EC2_METADATA_DISABLED: 'true',
  AWS_CONFIG_FILE: '/nonexistent/crossline-test/config',
  AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/crossline-test/credentials',
  // Nothing listens here: a request that went out anyway would fail differently.
  AWS_ENDPOINT_URL: 'http://127.0.0.1:9',
};

/** The base config without `credentials.assumeRole` and without the source profile. */
const PLAIN = withReplaced(
  'credentials:\n  assumeRole: OrganizationAccountAccessRole\n',
  '',
  withReplaced('{ id: "222222222222", profile: client-admin }', '"222222222222"', BASE),
);

void describe('no credentials', () => {
  for (const command of ['status', 'diff', 'deploy']) {
    void it(`${command}: one error, exit 1, a hint naming --profile and --assume-role`, async () => {
      const file = writeFile(tmp.dir, `${command}.yml`, PLAIN);
      const out = command === 'deploy' ? ['-o', `${tmp.dir}/deploy.out`] : [];
      const run = await runCli([command, '-c', file, ...out], { env: ENV });
      assert.equal(run.status, 1, run.stderr);
      assert.doesNotMatch(run.stderr, STACK_TRACE, 'no crash');
      assert.equal(run.stderr.match(/^error: /gm)?.length, 1, run.stderr);
      assert.match(run.stderr, /^error: no usable credentials/m);
      assert.match(run.stderr, /hint: .*--profile ALIAS=NAME/);
      assert.match(run.stderr, /hint: .*--assume-role NAME .*credentials\.assumeRole/);
    });
  }
});
