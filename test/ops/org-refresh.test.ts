// deploy reads the organization again (issue 16): the fresh organization replaces the snapshot
// for the run, what changed is shown first (accounts that join or leave the targets, or move),
// new accounts are confirmed, and the snapshot file is rewritten only on commit (after a
// deploy that succeeded). The last test reads a real organization in moto with the pipeline
// account's deploy credentials.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { loadConfigFile } from '../../src/config/index.js';
import { isCrosslineError } from '../../src/errors/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { organizationChanges, renderOrgChange } from '../../src/ops/org/changes.js';
import { snapshotJson, type OrgSnapshot } from '../../src/ops/org/index.js';
import { refreshOrganization } from '../../src/toolkit/org-refresh.js';
import {
  orgConfig,
  orgConfigDir,
  orgSnapshot,
  PROD_OU,
  SANDBOX_OU,
  ORG,
} from '../config/org-fixture.js';
import { awsTestEnv } from '../support/aws-env.js';
import { motoReady, startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';
import { recordingIo } from './helpers.js';

const CONFIG = orgConfig([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]);

function setup(snapshot: OrgSnapshot = orgSnapshot()) {
  const dir = orgConfigDir(CONFIG, snapshotJson(snapshot));
  return { dir, file: join(dir, 'org.json'), loaded: loadConfigFile(join(dir, 'crossline.yml')) };
}

/** The fixture's organization with one more prod account, 333333333333 moved to sandbox. */
function changedOrg(): OrgSnapshot {
  const s = orgSnapshot(3);
  const sandboxPath = `${ORG}/r-ab12/${SANDBOX_OU}/`;
  return {
    ...s,
    accounts: s.accounts.map((a) =>
      a.id === '333333333333' ? { ...a, parent: SANDBOX_OU, path: sandboxPath } : a,
    ),
  };
}

const text = (messages: readonly IoMessage[]) => messages.map((m) => m.message).join('\n');

void test('joined, left and moved accounts, per target, in words', () => {
  const before = setup().loaded.pipeline;
  const { dir } = setup(changedOrg());
  const after = loadConfigFile(join(dir, 'crossline.yml')).pipeline;
  const changes = organizationChanges(before, after);
  assert.deepEqual(
    changes.map((c) => [c.kind, c.accountId, c.targets]),
    [
      ['joined', '500000000002', ['s0/app']],
      ['left', '333333333333', ['s0/app']],
    ],
  );
  assert.match(renderOrgChange(changes[0]), /^\+ prod-2 \(500000000002\) joins s0\/app$/);
  assert.match(renderOrgChange(changes[1]), /^- legacy \(333333333333\) leaves s0\/app/);
  // A move inside the targeted OU keeps the target, with a new path in the policies' context.
  const moved = orgSnapshot();
  moved.accounts = moved.accounts.map((a) =>
    a.id === '500000000000' ? { ...a, path: `${a.path}${'ou-ab12-22222222'}/` } : a,
  );
  const m = organizationChanges(
    before,
    loadConfigFile(join(setup(moved).dir, 'crossline.yml')).pipeline,
  );
  assert.deepEqual(
    m.map((c) => [c.kind, c.accountId]),
    [['moved', '500000000000']],
  );
});

void test('deploy goes on with the fresh organization once new accounts are confirmed; the file changes on commit only', async () => {
  const { loaded, file } = setup();
  const was = readFileSync(file, 'utf8');
  const io = recordingIo();
  const questions: string[] = [];
  io.confirm = (q: string) => {
    questions.push(q);
    return Promise.resolve(true);
  };
  const r = await refreshOrganization(loaded, io, {
    readOrganization: () => Promise.resolve(changedOrg()),
  });
  assert.deepEqual(
    r.pipeline.stages[0].targets.map((t) => t.account.id),
    ['300000000000', '500000000000', '500000000001', '500000000002'],
  );
  assert.match(
    text(io.messages),
    /the organization changed since .*org\.json:\n {2}\+ prod-2 \(500000000002\) joins s0\/app\n {2}- legacy/,
  );
  assert.equal(questions.length, 1);
  assert.match(questions[0], /the account that joined/);
  assert.equal(readFileSync(file, 'utf8'), was, 'nothing written before the deploy succeeded');
  r.commit();
  assert.equal(readFileSync(file, 'utf8'), snapshotJson(changedOrg()));
  assert.equal(
    loadConfigFile(loaded.file).pipeline.stages[0].targets.length,
    4,
    'plan now shows what was deployed',
  );
});

void test('new accounts not confirmed, or no terminal: refused before anything changes', async () => {
  for (const answer of [false, undefined]) {
    const { loaded, file } = setup();
    const was = readFileSync(file, 'utf8');
    const io = recordingIo();
    io.confirm = () => Promise.resolve(answer);
    await assert.rejects(
      refreshOrganization(loaded, io, { readOrganization: () => Promise.resolve(changedOrg()) }),
      (e: unknown) =>
        isCrosslineError(e) &&
        e.code === 'ConfirmationRequired' &&
        (answer === undefined ? /no terminal/.test(e.message) : /not confirmed/.test(e.message)),
    );
    assert.equal(readFileSync(file, 'utf8'), was);
  }
  // --yes: no question.
  const { loaded } = setup();
  const io = recordingIo();
  io.confirm = () => assert.fail('no question with --yes');
  const r = await refreshOrganization(loaded, io, {
    yes: true,
    readOrganization: () => Promise.resolve(changedOrg()),
  });
  assert.equal(r.changes.length, 2);
});

void test('an unchanged organization, or one that cannot be read: the snapshot as plan verified it', async () => {
  const { loaded, file } = setup();
  const same = await refreshOrganization(loaded, recordingIo(), {
    readOrganization: () => Promise.resolve(orgSnapshot()),
  });
  assert.equal(same.pipeline, loaded.pipeline);
  assert.deepEqual(same.changes, []);
  const io = recordingIo();
  const failed = await refreshOrganization(loaded, io, {
    readOrganization: () =>
      Promise.reject(new Error('AccessDeniedException: not a delegated administrator')),
  });
  assert.equal(failed.pipeline, loaded.pipeline);
  const warn = io.messages.find((m) => m.code === 'deploy.organization');
  assert.equal(warn?.level, 'warn');
  assert.match(
    warn.message,
    /could not read the organization again \(AccessDeniedException.*\); deploying the accounts of .*org\.json/,
  );
  failed.commit();
  assert.equal(readFileSync(file, 'utf8'), snapshotJson(orgSnapshot()));
});

void test('a config without targets by OU or tag reads no organization', async () => {
  const { loaded } = setup();
  const plain = { ...loaded, pipeline: { ...loaded.pipeline, organization: undefined } };
  const r = await refreshOrganization(plain, recordingIo(), {
    readOrganization: () => assert.fail('no organization read'),
  });
  assert.equal(r.pipeline, plain.pipeline);
});

// --- moto: Organizations read with the pipeline account's credentials -------------------------

let moto: MotoServer | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

void test('moto: an account created in the targeted OU after the snapshot joins at deploy', async (t) => {
  if (!motoReady(moto, t, 'organization read again against moto')) return;
  const org = new OrganizationsClient({
    region: 'us-east-1',
    endpoint: moto.endpoint,
    credentials: TEST_CREDENTIALS,
  });
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  const ou = (await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'prod' })))
    .OrganizationalUnit!.Id!;
  const account = async (name: string): Promise<string> => {
    const id = (
      await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))
    ).CreateAccountStatus!.AccountId!;
    await org.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: ou }),
    );
    return id;
  };
  const first = await account('shop-a');
  // The default credential chain reads this process's environment (one test file per process).
  const env = awsTestEnv(moto.endpoint);
  Object.assign(process.env, env);
  delete process.env.AWS_PROFILE;
  const config = `version: 1
name: shop
region: us-east-1
accounts:
  tools: "123456789012"
source: { account: tools, repository: shop, branch: main }
build: { commands: [make] }
stages:
  - name: prod
    targets: [{ ou: ${ou}, stack: app, template: t.yaml }]
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
organization: { snapshot: org.json }
`;
  // The snapshot as `crossline org snapshot` writes it, through the same reader.
  const { readOrganization } = await import('../../src/ops/org/index.js');
  const { createOrganizationsReadApi, organizationsSession } =
    await import('../../src/aws/organizations-api.js');
  const snapshot = await readOrganization(
    await createOrganizationsReadApi(
      organizationsSession({
        region: 'us-east-1',
        endpoint: moto.endpoint,
        credentials: () => Promise.resolve(TEST_CREDENTIALS),
      }),
    ),
  );
  const dir = orgConfigDir(config, snapshotJson(snapshot));
  const loaded = loadConfigFile(join(dir, 'crossline.yml'));
  assert.deepEqual(
    loaded.pipeline.stages[0].targets.map((x) => x.account.id),
    [first],
  );
  const second = await account('shop-b');
  const io = recordingIo();
  const r = await refreshOrganization(loaded, io, { yes: true, endpoint: moto.endpoint, env });
  assert.deepEqual(
    r.changes.map((c) => [c.kind, c.accountId]),
    [['joined', second]],
    text(io.messages),
  );
  assert.deepEqual(
    r.pipeline.stages[0].targets.map((x) => x.account.id).sort(),
    [first, second].sort(),
  );
});
