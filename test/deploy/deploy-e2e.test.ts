/**
 * End to end against moto: the 4-account example deployed through the CLI with
 * --assume-role, checked per account through boto3, redeployed (all skipped), changed (only
 * the touched stack updated), diffed, and destroyed in reverse order.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMoto, TEST_CREDENTIALS, type MotoServer, motoReady } from '../support/moto.js';
import { awsTestEnv } from '../support/aws-env.js';
import { crossline, transcript, REPO } from '../support/cli.js';
import { toolPath } from '../support/tools.js';

const ACCOUNTS = {
  tools: '111111111111',
  source: '222222222222',
  staging: '333333333333',
  prod: '444444444444',
};
let moto: MotoServer | undefined;
let env: Record<string, string> = {};
const dir = mkdtempSync(join(tmpdir(), 'crossline-e2e-'));
const config = join(dir, 'crossline.yml');
const out = join(dir, 'out');
const base = ['-c', config, '-o', out, '--assume-role', 'OrganizationAccountAccessRole'];

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  env = awsTestEnv(moto.endpoint);
  writeFileSync(config, readFileSync(join(REPO, 'examples/four-accounts.yml'), 'utf8'));
});
after(async () => {
  await moto?.stop();
});

const ready = (t: { skip: (m: string) => void }): boolean =>
  motoReady(moto, t, 'deploy end-to-end tests');

interface AccountState {
  stacks: Record<string, string>;
  roles: string[];
  keyAliases: string[];
  buckets: string[];
}

function accountState(): Record<string, AccountState> {
  const r = spawnSync(
    'python3',
    [
      join(REPO, 'test/deploy/fixtures/account-state.py'),
      moto!.endpoint,
      'us-east-1',
      ...Object.values(ACCOUNTS),
    ],
    {
      env: { ...process.env, ...env },
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, AccountState>;
}

const outcomes = (stdout: string): Record<string, string> =>
  Object.fromEntries(
    (JSON.parse(stdout) as { stacks: { id: string; outcome: string }[] }).stacks.map((s) => [
      s.id,
      s.outcome,
    ]),
  );

void test('without --yes and without a terminal, a first deploy (new IAM grants) is refused', async (t) => {
  if (!ready(t)) return;
  const r = await crossline(['deploy', ...base], env);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /broaden access/);
  assert.match(r.stderr, /no terminal to ask/);
  assert.deepEqual(accountState()[ACCOUNTS.tools].stacks, {}, 'nothing was deployed');
});

void test('deploy puts exactly its stacks and resources in each account', async (t) => {
  if (!ready(t)) return;
  const r = await crossline(['deploy', ...base, '--yes', '--json', '-vv'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(outcomes(r.stdout), {
    'tools/my-app-artifacts': 'created',
    'source/my-app-source': 'created',
    'staging/my-app-target': 'created',
    'prod/my-app-target': 'created',
    'tools/my-app-pipeline': 'created',
  });
  // Progress went to stderr, one plain line per status change (no TTY).
  assert.match(r.stderr, /staging\s+my-app-target\s+CREATE_COMPLETE/);
  const s = accountState();
  assert.deepEqual(Object.keys(s[ACCOUNTS.tools].stacks).sort(), [
    'my-app-artifacts',
    'my-app-pipeline',
  ]);
  assert.deepEqual(Object.keys(s[ACCOUNTS.source].stacks), ['my-app-source']);
  assert.deepEqual(Object.keys(s[ACCOUNTS.staging].stacks), ['my-app-target']);
  assert.deepEqual(Object.keys(s[ACCOUNTS.prod].stacks), ['my-app-target']);
  assert.ok(s[ACCOUNTS.tools].keyAliases.includes('alias/my-app-artifacts'));
  assert.deepEqual(s[ACCOUNTS.tools].buckets, ['my-app-artifacts-111111111111-us-east-1']);
  for (const acct of [ACCOUNTS.staging, ACCOUNTS.prod]) {
    assert.ok(
      s[acct].roles.includes('my-app-deploy') && s[acct].roles.includes('my-app-cfn-exec'),
      `target roles in ${acct}`,
    );
    assert.deepEqual(s[acct].buckets, [], 'no bucket outside the tools account');
    assert.ok(!s[acct].keyAliases.includes('alias/my-app-artifacts'));
  }
  assert.ok(s[ACCOUNTS.source].roles.includes('my-app-source'));
  assert.ok(
    !s[ACCOUNTS.source].roles.includes('my-app-deploy'),
    'no deploy role in the source account',
  );
  // The key ARN known only after deploy is resolved in pipeline.resolved.json.
  const resolved = readFileSync(join(out, 'pipeline.resolved.json'), 'utf8');
  assert.match(resolved, /arn:aws:kms:us-east-1:111111111111:key\/[0-9a-f-]{36}/);
  assert.doesNotMatch(resolved, /KNOWN-AFTER-DEPLOY/);
  assert.match(
    readFileSync(join(out, 'pipeline.json'), 'utf8'),
    /KNOWN-AFTER-DEPLOY/,
    'the original keeps its placeholder',
  );
});

void test('a second deploy skips every stack', async (t) => {
  if (!ready(t)) return;
  const r = await crossline(['deploy', ...base, '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(
    Object.values(outcomes(r.stdout)).every((o) => o === 'unchanged'),
    r.stdout,
  );
  const d = await crossline(
    ['diff', '-c', config, '--assume-role', 'OrganizationAccountAccessRole'],
    env,
  );
  assert.equal(d.code, 0, d.stderr);
  assert.match(d.stdout, /0 of 5 stacks differ/);
  // The same, for people and for CI: no "deployed in 0.2 s", and --fail passes.
  const again = await crossline(['deploy', ...base], env);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(again.stdout.trim(), 'my-app is up to date: 5 stacks unchanged');
  assert.equal(again.stderr.match(/wrote .*pipeline\.resolved\.json/g)?.length, 1, again.stderr);
  const fail = await crossline(
    ['diff', '-c', config, '--assume-role', 'OrganizationAccountAccessRole', '--fail'],
    env,
  );
  assert.equal(fail.code, 0, fail.stdout);
});

void test('a config change updates only the stacks it touches', async (t) => {
  if (!ready(t)) return;
  writeFileSync(
    config,
    readFileSync(config, 'utf8').replace(
      'parameters: { Env: staging }',
      'parameters: { Env: staging2 }',
    ),
  );
  const d = await crossline(
    ['diff', '-c', config, '--assume-role', 'OrganizationAccountAccessRole', '--json'],
    env,
  );
  assert.equal(d.code, 0, d.stderr);
  const changed = (
    JSON.parse(d.stdout) as { stacks: { id: string; resourceChanges: number }[] }
  ).stacks
    .filter((s) => s.resourceChanges > 0)
    .map((s) => s.id);
  assert.deepEqual(changed, ['tools/my-app-pipeline']);
  const r = await crossline(['deploy', ...base, '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(outcomes(r.stdout), {
    'tools/my-app-artifacts': 'unchanged',
    'source/my-app-source': 'unchanged',
    'staging/my-app-target': 'unchanged',
    'prod/my-app-target': 'unchanged',
    'tools/my-app-pipeline': 'updated',
  });
});

void test('destroy without --yes lists what it deletes, pipeline first, and what it keeps', async (t) => {
  if (!ready(t)) return;
  const r = await crossline(
    ['destroy', '-c', config, '--assume-role', 'OrganizationAccountAccessRole'],
    env,
  );
  assert.equal(r.code, 2, r.stderr);
  const listed = r.stderr.split('destroy deletes 4 stacks, the pipeline first:\n')[1]?.split('\n');
  assert.deepEqual(listed?.slice(0, 4), [
    '  tools/my-app-pipeline',
    '  prod/my-app-target',
    '  staging/my-app-target',
    '  source/my-app-source',
  ]);
  assert.match(
    r.stderr,
    /^keeps tools\/my-app-artifacts: bucket my-app-artifacts-111111111111-us-east-1 and key alias\/my-app-artifacts .*--including-artifacts deletes them too$/m,
  );
  assert.match(r.stderr, /destroy needs confirmation and there is no terminal to ask/);
  assert.equal(Object.keys(accountState()[ACCOUNTS.source].stacks).length, 1, 'nothing deleted');
});

void test('destroy removes the stacks in reverse order and keeps the artifacts unless asked', async (t) => {
  if (!ready(t)) return;
  const r = await crossline(
    ['destroy', '-c', config, '--assume-role', 'OrganizationAccountAccessRole', '--yes'],
    env,
  );
  assert.equal(r.code, 0, r.stderr);
  const order = [...r.stderr.matchAll(/^(\w+)\s+(my-app-\w+)\s+(DELETED|KEPT)/gm)].map(
    (m) => `${m[1]}/${m[2]}`,
  );
  assert.equal(order[0], 'tools/my-app-pipeline', 'the pipeline goes first');
  assert.ok(order.indexOf('tools/my-app-artifacts') > order.indexOf('staging/my-app-target'));
  let s = accountState();
  assert.deepEqual(Object.keys(s[ACCOUNTS.tools].stacks), ['my-app-artifacts']);
  assert.deepEqual(s[ACCOUNTS.tools].buckets, ['my-app-artifacts-111111111111-us-east-1']);
  for (const a of [ACCOUNTS.source, ACCOUNTS.staging, ACCOUNTS.prod])
    assert.deepEqual(s[a].stacks, {});
  const all = await crossline(
    [
      'destroy',
      '-c',
      config,
      '--assume-role',
      'OrganizationAccountAccessRole',
      '--yes',
      '--including-artifacts',
    ],
    env,
  );
  assert.equal(all.code, 0, all.stderr);
  s = accountState();
  assert.deepEqual(s[ACCOUNTS.tools].stacks, {});
  assert.deepEqual(s[ACCOUNTS.tools].buckets, []);
  assert.ok(!s[ACCOUNTS.tools].keyAliases.includes('alias/my-app-artifacts'));
});

void test('no captured output contains the credentials the tests used', (t) => {
  if (!ready(t)) return;
  assert.ok(transcript.length >= 10);
  const all = transcript.join('\n');
  for (const secret of [TEST_CREDENTIALS.accessKeyId, TEST_CREDENTIALS.secretAccessKey])
    assert.ok(!all.includes(secret), `${secret.slice(0, 4)}… leaked`);
  assert.doesNotMatch(all, /SecretAccessKey|SessionToken|aws_secret_access_key/i);
});
