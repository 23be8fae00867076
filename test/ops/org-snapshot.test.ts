// `org snapshot` against a fake Organizations API: the tree walk, the organization paths of
// aws:PrincipalOrgPaths, deterministic bytes, and located errors when reading a snapshot back.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { OrgAccount, OrganizationsReadApi, OrgUnit } from '../../src/aws/organizations-api.js';
import { isCrosslineError } from '../../src/errors/index.js';
import { parseSnapshot, readOrganization, snapshotJson } from '../../src/ops/org/index.js';

function fakeApi(reverse: boolean): OrganizationsReadApi {
  const order = <T>(xs: T[]): T[] => (reverse ? [...xs].reverse() : xs);
  const units: Record<string, OrgUnit[]> = {
    'r-ab12': [
      { id: 'ou-ab12-11111111', name: 'prod' },
      { id: 'ou-ab12-33333333', name: 'sandbox' },
    ],
    'ou-ab12-11111111': [{ id: 'ou-ab12-22222222', name: 'eu' }],
  };
  const acct = (id: string, name: string): OrgAccount => ({
    id,
    name,
    email: `${name}@example.com`,
    status: 'ACTIVE',
  });
  const accounts: Record<string, OrgAccount[]> = {
    'r-ab12': [acct('111111111111', 'tools')],
    'ou-ab12-11111111': [acct('222222222222', 'prod-us')],
    'ou-ab12-22222222': [acct('333333333333', 'prod-eu'), acct('300000000000', 'prod-eu2')],
    'ou-ab12-33333333': [acct('444444444444', 'sandbox')],
  };
  const tags: Record<string, Record<string, string>> = {
    '333333333333': reverse ? { team: 'a', env: 'prod' } : { env: 'prod', team: 'a' },
  };
  return {
    describeOrganization: () =>
      Promise.resolve({ id: 'o-a1b2c3d4e5', managementAccount: '111111111111' }),
    listRoots: () => Promise.resolve([{ id: 'r-ab12', name: 'Root' }]),
    listOrganizationalUnitsForParent: (p) => Promise.resolve(order(units[p] ?? [])),
    listAccountsForParent: (p) => Promise.resolve(order(accounts[p] ?? [])),
    listTagsForResource: (id) => Promise.resolve(tags[id] ?? {}),
  };
}

void test('the snapshot gives every account its organization path down to its parent OU', async () => {
  const snapshot = await readOrganization(fakeApi(false));
  const paths = Object.fromEntries(snapshot.accounts.map((a) => [a.id, a.path]));
  assert.deepEqual(paths, {
    '111111111111': 'o-a1b2c3d4e5/r-ab12/',
    '222222222222': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/',
    '300000000000': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
    '333333333333': 'o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/',
    '444444444444': 'o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/',
  });
  assert.deepEqual(
    snapshot.units.map((u) => [u.id, u.parent]),
    [
      ['ou-ab12-11111111', 'r-ab12'],
      ['ou-ab12-22222222', 'ou-ab12-11111111'],
      ['ou-ab12-33333333', 'r-ab12'],
    ],
  );
});

void test('the written snapshot does not depend on the order the API lists things in', async () => {
  const a = snapshotJson(await readOrganization(fakeApi(false)));
  const b = snapshotJson(await readOrganization(fakeApi(true)));
  assert.equal(a, b);
  assert.ok(a.indexOf('"env"') < a.indexOf('"team"'), 'tags are sorted by key');
});

void test('a written snapshot reads back to the same value', async () => {
  const snapshot = await readOrganization(fakeApi(false));
  assert.deepEqual(parseSnapshot(snapshotJson(snapshot), 'org.json'), snapshot);
});

void test('a bad OU path in a snapshot (the sandbox OU) is a located usage error', async () => {
  const text = snapshotJson(await readOrganization(fakeApi(false))).replace(
    '"path": "o-a1b2c3d4e5/r-ab12/ou-ab12-33333333/"',
    '"path": "ou-ab12-33333333"',
  );
  const line = text.split('\n').findIndex((l) => l.includes('"path": "ou-ab12-33333333"')) + 1;
  assert.ok(line > 0);
  assert.throws(
    () => parseSnapshot(text, 'org.json'),
    (e: unknown) => {
      assert.ok(isCrosslineError(e));
      assert.equal(e.code, 'SnapshotInvalid');
      assert.equal(e.exitCode, 2);
      assert.match(e.message, new RegExp(`org\\.json:${line}:\\d+: units\\[2\\]\\.path`));
      return true;
    },
  );
});

void test('a truncated snapshot is a located error, not a crash', () => {
  assert.throws(
    () => parseSnapshot('{\n  "version": 1,\n  "roots": [', 'org.json'),
    (e: unknown) =>
      isCrosslineError(e) && e.code === 'SnapshotInvalid' && /org\.json:\d+:\d+:/.test(e.message),
  );
});
