// `crossline org snapshot` against moto's Organizations (create organization, OUs, accounts,
// tags): the real SDK calls of src/aws/organizations-api.ts, NextToken paging included, and the
// file the CLI writes — the same bytes on a second run, readable by parseSnapshot.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
  TagResourceCommand,
} from '@aws-sdk/client-organizations';
import {
  createOrganizationsReadApi,
  organizationsSession,
} from '../../src/aws/organizations-api.js';
import { parseSnapshot, readOrganization } from '../../src/ops/org/index.js';
import { awsTestEnv } from '../support/aws-env.js';
import { crossline } from '../support/cli.js';
import { motoReady, startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';

let moto: MotoServer | undefined;
const made = { prod: '', eu: '', sandbox: '', accounts: [] as string[] };

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  const org = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: TEST_CREDENTIALS,
  });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  const ou = async (parent: string, name: string): Promise<string> =>
    (await org.send(new CreateOrganizationalUnitCommand({ ParentId: parent, Name: name })))
      .OrganizationalUnit!.Id!;
  made.prod = await ou(root, 'prod');
  made.eu = await ou(made.prod, 'eu');
  made.sandbox = await ou(root, 'sandbox');
  // 25 accounts under prod/eu: more than one page of ListAccountsForParent in moto (20 a page).
  const account = async (name: string, parent: string): Promise<string> => {
    const status = await org.send(
      new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }),
    );
    const id = status.CreateAccountStatus!.AccountId!;
    await org.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: parent }),
    );
    return id;
  };
  for (let i = 0; i < 25; i++) made.accounts.push(await account(`eu-${i}`, made.eu));
  const sandbox = await account('play', made.sandbox);
  await org.send(
    new TagResourceCommand({
      ResourceId: made.accounts[0],
      Tags: [
        { Key: 'team', Value: 'a' },
        { Key: 'env', Value: 'prod' },
      ],
    }),
  );
  await org.send(
    new TagResourceCommand({ ResourceId: sandbox, Tags: [{ Key: 'env', Value: 'sandbox' }] }),
  );
});

after(async () => {
  await moto?.stop();
});

function needMoto(t: TestContext): MotoServer | undefined {
  return motoReady(moto, t, 'org snapshot against moto') ? moto : undefined;
}

void test('the adapter reads every OU and account from moto, each with its organization path', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const api = await createOrganizationsReadApi(
    organizationsSession({
      region: 'us-east-1',
      endpoint: m.endpoint,
      credentials: () => Promise.resolve(TEST_CREDENTIALS),
    }),
  );
  const snap = await readOrganization(api);
  const byId = new Map(snap.accounts.map((a) => [a.id, a]));
  assert.equal(snap.accounts.length, 27, 'management account + 25 + 1');
  const root = snap.roots[0].id;
  const euPath = `${snap.organization.id}/${root}/${made.prod}/${made.eu}/`;
  for (const id of made.accounts) assert.equal(byId.get(id)?.path, euPath, id);
  assert.equal(
    byId.get(snap.organization.managementAccount)?.path,
    `${snap.organization.id}/${root}/`,
  );
  assert.deepEqual(byId.get(made.accounts[0])?.tags, { env: 'prod', team: 'a' });
  assert.deepEqual(snap.units.map((u) => u.id).sort(), [made.prod, made.eu, made.sandbox].sort());
});

void test('crossline org snapshot -o writes the same bytes twice, and they parse back', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const dir = mkdtempSync(join(tmpdir(), 'crossline-org-'));
  const env = awsTestEnv(m.endpoint);
  const first = await crossline(['org', 'snapshot', '-o', join(dir, 'a.json')], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /3 OUs, 27 accounts/);
  const second = await crossline(['org', 'snapshot', '-o', join(dir, 'b.json')], env);
  assert.equal(second.code, 0, second.stderr);
  const a = readFileSync(join(dir, 'a.json'), 'utf8');
  assert.equal(readFileSync(join(dir, 'b.json'), 'utf8'), a);
  const snap = parseSnapshot(a, 'a.json');
  assert.equal(snap.accounts.length, 27);
});

void test('org snapshot without credentials for Organizations fails with a message, not a crash', async (t) => {
  const m = needMoto(t);
  if (!m) return;
  const dir = mkdtempSync(join(tmpdir(), 'crossline-org-'));
  const env = awsTestEnv(m.endpoint);
  const run = await crossline(
    ['org', 'snapshot', '-o', join(dir, 'x.json'), '--profile', 'no-such-profile'],
    env,
  );
  assert.notEqual(run.code, 0);
  assert.doesNotMatch(run.stderr, /internal error/);
  assert.match(run.stderr, /no usable credentials from profile no-such-profile/);
});
