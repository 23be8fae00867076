// organization.rollout and organization.deployFrom (docs/design.md §13): how the StackSets that
// bring the roles to OU accounts roll out and where their calls are made; bad values are
// located errors with a hint, exit code 2 through the real CLI.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { runCli, STACK_TRACE } from '../cli/run-cli.js';
import { orgConfig, orgConfigDir, orgSnapshot, PROD_OU } from './org-fixture.js';

const PROD = `{ ou: ${PROD_OU}, stack: app, template: t.yaml }`;

/** The config with `organization:` lines after `snapshot:` (which is line 10). */
const withOrganization = (lines: string): string =>
  orgConfig([PROD], `organization:\n  snapshot: org.json\n${lines}`);

function stackSet(text: string, snapshot = orgSnapshot(2)) {
  const dir = orgConfigDir(text, snapshot);
  return synthesize(loadConfigFile(join(dir, 'crossline.yml')).pipeline).plan.stackSets![0];
}

void test('rollout numbers and percentages become the StackSet operation preferences', () => {
  assert.deepEqual(
    stackSet(
      withOrganization(
        '  rollout: { maxConcurrency: 10, failureTolerance: "5%", regionConcurrency: PARALLEL }\n',
      ),
    ).operationPreferences,
    {
      MaxConcurrentCount: 10,
      FailureTolerancePercentage: 5,
      RegionConcurrencyType: 'PARALLEL',
      ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    },
  );
  assert.deepEqual(
    stackSet(withOrganization('  rollout: { maxConcurrency: "100%", failureTolerance: 2 }\n'))
      .operationPreferences,
    {
      MaxConcurrentPercentage: 100,
      FailureToleranceCount: 2,
      RegionConcurrencyType: 'SEQUENTIAL',
      ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
    },
  );
});

void test('deployFrom: delegated-admin calls from the pipeline account, management from the management account', () => {
  const snapshot = orgSnapshot(2);
  const other = {
    ...snapshot,
    organization: { ...snapshot.organization, managementAccount: '999999999999' },
  };
  const delegated = stackSet(withOrganization('  deployFrom: delegated-admin\n'), other);
  assert.equal(delegated.callAs, 'DELEGATED_ADMIN');
  assert.deepEqual(delegated.account, { alias: 'tools', id: '111111111111' });
  const management = stackSet(withOrganization('  deployFrom: management\n'), other);
  assert.equal(management.callAs, 'SELF');
  assert.deepEqual(management.account, { alias: 'management', id: '999999999999' });
  // Unset: detected from the snapshot.
  assert.equal(stackSet(withOrganization(''), other).callAs, 'DELEGATED_ADMIN');
  assert.equal(stackSet(withOrganization('')).callAs, 'SELF');
});

/** `crossline validate` of a config with the org fixture beside it: each located line + hint. */
async function problems(text: string): Promise<string[]> {
  const dir = orgConfigDir(text);
  const run = await runCli(['validate', '-c', 'crossline.yml'], { cwd: dir });
  assert.equal(run.status, 2, `exit code; stderr:\n${run.stderr}`);
  assert.equal(run.stdout, '');
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  const lines = run.stderr.split('\n');
  return lines
    .filter((l) => l.startsWith('crossline.yml:'))
    .map((l) => `${l}\n${lines[lines.indexOf(l) + 1] ?? ''}`);
}

void describe('organization.rollout and deployFrom: bad input', { concurrency: 2 }, () => {
  void test('out-of-range counts and percentages, an unknown region mode, each located', async () => {
    const found = await problems(
      withOrganization(
        '  rollout:\n    maxConcurrency: 0\n    failureTolerance: "150%"\n    regionConcurrency: BOTH\n',
      ),
    );
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found[0], /^crossline\.yml:12:21: organization\.rollout\.maxConcurrency/);
    assert.match(found[0], /hint: a number of accounts \(1 or more\) or a percentage/);
    assert.match(found[1], /^crossline\.yml:13:23: organization\.rollout\.failureTolerance/);
    assert.match(found[1], /hint: .*"0%" to "100%"/);
    assert.match(found[2], /^crossline\.yml:14:24: .*SEQUENTIAL/);
  });

  void test('a percentage without %, an unknown key, an unknown deployFrom', async () => {
    const found = await problems(
      withOrganization(
        '  deployFrom: tools\n  rollout: { maxConcurrency: "25", concurrency: 3 }\n',
      ),
    );
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found[0], /^crossline\.yml:11:15: .*"management" or "delegated-admin"/);
    assert.match(
      found[1],
      /^crossline\.yml:12:30: organization\.rollout\.maxConcurrency: not a percentage/,
    );
    assert.match(found[2], /^crossline\.yml:12:36: unknown key 'concurrency'.*\n.*maxConcurrency/);
  });

  void test('delegated-admin from the management account itself is refused', async () => {
    // The fixture's tools account 111111111111 is the management account.
    const found = await problems(withOrganization('  deployFrom: delegated-admin\n'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^crossline\.yml:11:15: the pipeline account 111111111111 is the management account/,
    );
    assert.match(found[0], /hint: use deployFrom: management/);
  });
});

void test('rollout without a target by ou is a located warning: no StackSet is deployed', () => {
  const text = orgConfig(
    ['{ tag: { env: prod }, stack: app, template: t.yaml }'],
    'organization:\n  snapshot: org.json\n  rollout: { maxConcurrency: 5 }\n',
  );
  const loaded = loadConfigFile(join(orgConfigDir(text), 'crossline.yml'));
  const warning = loaded.warnings?.find((w) => w.path === 'organization.rollout');
  assert.match(warning?.message ?? '', /has no effect: no target is by ou/);
  assert.equal(warning?.line, 11);
  assert.equal(synthesize(loaded.pipeline).plan.stackSets, undefined);
});
