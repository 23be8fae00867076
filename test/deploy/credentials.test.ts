import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { accountClientConfig, createSessionPool, parseProfileFlags } from '../../src/aws/index.js';
import { CrosslineError } from '../../src/errors/index.js';
import {
  startMoto,
  TEST_CREDENTIALS,
  MOTO_DEFAULT_ACCOUNT,
  type MotoServer,
  motoReady,
} from '../support/moto.js';
import { toolPath } from '../support/tools.js';

let moto: MotoServer | undefined;
const dir = mkdtempSync(join(tmpdir(), 'crossline-creds-'));

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  // Profiles: a role hop into 222222222222 (what an admin profile of the client looks like),
  // static keys (moto's default account), and a credential_process one.
  const proc = join(dir, 'cred-proc.sh');
  writeFileSync(
    proc,
    `#!/bin/sh\necho '{"Version":1,"AccessKeyId":"AKIAPROCESS000000001","SecretAccessKey":"process-secret-0001"}'\n`,
  );
  chmodSync(proc, 0o755);
  writeFileSync(
    join(dir, 'config'),
    [
      '[profile base]',
      'region = us-east-1',
      '[profile client-admin]',
      'role_arn = arn:aws:iam::222222222222:role/OrganizationAccountAccessRole',
      'source_profile = base',
      '[profile wrong]',
      'region = us-east-1',
      '[profile by-process]',
      `credential_process = ${proc}`,
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(dir, 'credentials'),
    [
      '[base]',
      `aws_access_key_id = ${TEST_CREDENTIALS.accessKeyId}`,
      `aws_secret_access_key = ${TEST_CREDENTIALS.secretAccessKey}`,
      '[wrong]',
      'aws_access_key_id = AKIAWRONGACCOUNT0001',
      'aws_secret_access_key = wrong-secret',
      '',
    ].join('\n'),
  );
  process.env.AWS_CONFIG_FILE = join(dir, 'config');
  process.env.AWS_SHARED_CREDENTIALS_FILE = join(dir, 'credentials');
  process.env.AWS_EC2_METADATA_DISABLED = 'true';
  process.env.AWS_ACCESS_KEY_ID = TEST_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = TEST_CREDENTIALS.secretAccessKey;
  delete process.env.AWS_PROFILE;
});

after(async () => {
  await moto?.stop();
});

const needMoto = (t: { skip: (m: string) => void }): MotoServer | undefined =>
  motoReady(moto, t, 'the credential tests') ? moto : undefined;

async function whoAmI(
  config: Awaited<ReturnType<typeof accountClientConfig>>,
): Promise<string | undefined> {
  return (await new STSClient(config).send(new GetCallerIdentityCommand({}))).Account;
}

void test('assumes --assume-role into each account from the base credentials, and checks the identity', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const pool = createSessionPool({
    region: 'us-east-1',
    assumeRole: 'OrganizationAccountAccessRole',
    env: { AWS_ENDPOINT_URL: m.endpoint },
  });
  const s = await pool.get({ alias: 'staging', id: '333333333333' });
  assert.equal(s.config.endpoint, m.endpoint, 'AWS_ENDPOINT_URL is honoured');
  assert.match(
    s.via,
    /role arn:aws:iam::333333333333:role\/OrganizationAccountAccessRole assumed from the default credentials/,
  );
  assert.equal(await whoAmI(s.config), '333333333333');
  assert.equal(
    await pool.get({ alias: 'staging', id: '333333333333' }),
    s,
    'one session per account per pool',
  );
});

void test('uses the base credentials directly when they already are the account', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const s = await createSessionPool({
    region: 'us-east-1',
    assumeRole: 'X',
    endpoint: m.endpoint,
  }).get({
    alias: 'tools',
    id: MOTO_DEFAULT_ACCOUNT,
  });
  assert.match(s.via, /already in account/);
});

void test('--profile ALIAS=NAME wins over the config profile and the role', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const config = await accountClientConfig(
    { alias: 'source', id: '222222222222', profile: 'wrong' },
    {
      region: 'us-east-1',
      endpoint: m.endpoint,
      profiles: { source: 'client-admin' },
      assumeRole: 'Nope',
    },
  );
  assert.equal(await whoAmI(config), '222222222222');
});

void test('a profile of another account is refused, naming the profile and both accounts', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  await assert.rejects(
    accountClientConfig(
      { alias: 'source', id: '222222222222', profile: 'wrong' },
      { region: 'us-east-1', endpoint: m.endpoint },
    ),
    (e: unknown) => {
      assert.ok(e instanceof CrosslineError);
      assert.equal(e.code, 'AccountMismatch');
      assert.match(
        e.message,
        /profile wrong \(accounts\.source\.profile in the config\) gave account 123456789012/,
      );
      assert.match(e.message, /source is 222222222222/);
      assert.ok(!e.message.includes('wrong-secret'));
      return true;
    },
  );
});

void test('credential_process profiles work through the SDK providers', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const s = await createSessionPool({
    region: 'us-east-1',
    endpoint: m.endpoint,
    profiles: { tools: 'by-process' },
  }).get({
    alias: 'tools',
    id: MOTO_DEFAULT_ACCOUNT,
  });
  assert.match(s.via, /profile by-process \(--profile tools=by-process\)/);
});

void test('a missing profile is CredentialsMissing with a hint', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  await assert.rejects(
    accountClientConfig(
      { alias: 'prod', id: '444444444444', profile: 'no-such-profile' },
      { region: 'us-east-1', endpoint: m.endpoint },
    ),
    { code: 'CredentialsMissing' },
  );
});

void test('parseProfileFlags: ALIAS=NAME, checked against the aliases', () => {
  assert.deepEqual(parseProfileFlags(['source=client-admin', 'prod=p']), {
    source: 'client-admin',
    prod: 'p',
  });
  assert.throws(() => parseProfileFlags(['source']), { code: 'UsageError' });
  assert.throws(() => parseProfileFlags(['=x']), { code: 'UsageError' });
  assert.throws(
    () => parseProfileFlags(['sorce=x'], ['source', 'tools']),
    /no account alias 'sorce'/,
  );
  assert.throws(() => parseProfileFlags(['a=x', 'a=y']), /given twice/);
});
