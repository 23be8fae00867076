/**
 * An isolated AWS environment for a test: dummy base credentials, private config files, a
 * `client-admin` profile that hops into the example's source account (222222222222) like a
 * client's admin profile would, and the endpoint pointing at moto (or a proxy in front of it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_CREDENTIALS } from './moto.js';

export function awsTestEnv(endpoint: string, extraConfig = ''): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'crossline-aws-'));
  writeFileSync(
    join(dir, 'config'),
    [
      '[default]',
      'region = us-east-1',
      '[profile client-admin]',
      'role_arn = arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
      'source_profile = base',
      '',
      extraConfig,
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'credentials'),
    `[base]\naws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}\n`,
  );
  return {
    AWS_ENDPOINT_URL: endpoint,
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_REGION: 'us-east-1',
    AWS_SDK_JS_SUPPRESS_NODE_DEPRECATION_WARNING: '1',
  };
}
