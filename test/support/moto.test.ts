import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STSClient, GetCallerIdentityCommand, AssumeRoleCommand } from '@aws-sdk/client-sts';
import { startMoto, MOTO_DEFAULT_ACCOUNT, TEST_CREDENTIALS } from './moto.js';
import { requireTool } from './tools.js';

void test('startMoto serves a multi-account emulator on 127.0.0.1 and stops it', async (t) => {
  if (!requireTool(t, 'moto_server')) return;
  const moto = await startMoto();
  try {
    assert.match(moto.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
    const sts = new STSClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: TEST_CREDENTIALS,
    });
    const me = await sts.send(new GetCallerIdentityCommand({}));
    assert.equal(me.Account, MOTO_DEFAULT_ACCOUNT);
    const assumed = await sts.send(
      new AssumeRoleCommand({
        RoleArn: 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole',
        RoleSessionName: 't',
      }),
    );
    const c = assumed.Credentials!;
    const inStaging = new STSClient({
      region: 'us-east-1',
      endpoint: moto.endpoint,
      credentials: {
        accessKeyId: c.AccessKeyId!,
        secretAccessKey: c.SecretAccessKey!,
        sessionToken: c.SessionToken!,
      },
    });
    assert.equal((await inStaging.send(new GetCallerIdentityCommand({}))).Account, '333333333333');
    await moto.reset();
  } finally {
    await moto.stop();
  }
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
  });
  await assert.rejects(
    sts.send(new GetCallerIdentityCommand({})),
    'the server is gone after stop()',
  );
});
