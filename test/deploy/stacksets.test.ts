// The StackSets deploy logic (docs/design.md §13) against the in-memory fake of
// test/fakes/stackset-fake.ts, for what moto does not model: accounts left out of the OU
// (AccountFilterType), operations that run and fail in some accounts, AutoDeployment as AWS
// reports it, destroy by DeploymentTargets; and the trusted-access precondition against a fake
// Organizations API (moto refuses the StackSets service principal in ListDelegatedAdministrators).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { OrganizationsAccessApi } from '../../src/aws/index.js';
import { loadConfigFile } from '../../src/config/index.js';
import {
  checkStackSetsAccess,
  deployStackSet,
  destroyStackSet,
  reverseGraph,
  StackMonitor,
} from '../../src/deploy/index.js';
import { stackSetGraph } from '../../src/deploy/stackset-run.js';
import { isCrosslineError } from '../../src/errors/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { synthesize, type StackSetPlan } from '../../src/synth/index.js';
import { EU_OU, orgConfig, orgConfigDir, orgSnapshot, PROD_OU } from '../config/org-fixture.js';
import { StackSetFake } from '../fakes/stackset-fake.js';

const snapshot = orgSnapshot(4);
/** Every account under prod, at any depth, as the organization has them. */
const UNITS = {
  [PROD_OU]: snapshot.accounts.filter((a) => a.path.includes(PROD_OU)).map((a) => a.id),
};

function planned(
  targets = [`{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy] }`],
) {
  const dir = orgConfigDir(orgConfig(targets), snapshot);
  const synth = synthesize(loadConfigFile(join(dir, 'crossline.yml')).pipeline);
  return { synth, set: synth.plan.stackSets![0] };
}

const clock = { now: () => 0, sleep: () => Promise.resolve() };

async function deploy(fake: StackSetFake, set: StackSetPlan, templateBody = '{"T":1}') {
  const messages: IoMessage[] = [];
  const io = { notify: (m: IoMessage) => void messages.push(m) };
  const result = await deployStackSet({
    plan: set,
    api: fake,
    templateBody,
    description: 'roles',
    parameters: { ArtifactKeyArn: 'k', ArtifactBucketName: 'b' },
    tags: { 'crossline:pipeline': 'my-app' },
    monitor: new StackMonitor(
      { id: `stackset/${set.name}`, name: set.name, account: set.account },
      io,
      clock,
    ),
    clock,
    pollMs: 1,
  });
  return { result, messages: messages.map((m) => m.message) };
}

void test('first deploy: CreateStackSet, then instances on the OU less the accounts left out, with progress', async () => {
  const { set } = planned();
  const fake = new StackSetFake({ units: UNITS, runningPolls: 2 });
  const { result, messages } = await deploy(fake, set);
  assert.equal(result.outcome, 'created');
  assert.deepEqual(fake.changes(), ['CreateStackSet', 'CreateStackInstances']);
  const create = fake.calls.find((c) => c.op === 'CreateStackInstances')!;
  assert.deepEqual(create.args[1], {
    OrganizationalUnitIds: [PROD_OU],
    AccountFilterType: 'DIFFERENCE',
    Accounts: ['333333333333'],
  });
  assert.deepEqual(create.args[3], set.operationPreferences);
  assert.deepEqual(
    fake.instances_.map((i) => i.account).sort(),
    [...set.accounts].sort(),
    'every planned account, not the excluded one',
  );
  assert.deepEqual(result.units, [
    { ou: PROD_OU, instances: 5, current: 5, failed: 0, reasons: [] },
  ]);
  assert.ok(messages.some((m) => m.includes('CREATE_STACK_INSTANCES RUNNING')));
  assert.ok(messages.some((m) => m.includes('CREATE_STACK_INSTANCES SUCCEEDED')));
});

void test('a second deploy with the same template, parameters and instances changes nothing', async () => {
  const { set } = planned();
  const fake = new StackSetFake({ units: UNITS, reportAutoDeployment: true });
  await deploy(fake, set);
  fake.calls.length = 0;
  const { result } = await deploy(fake, set);
  assert.equal(result.outcome, 'unchanged');
  assert.deepEqual(fake.changes(), []);
});

void test('a changed template, or automatic deployment turned off by hand, is an UpdateStackSet', async () => {
  const { set } = planned();
  const fake = new StackSetFake({ units: UNITS, reportAutoDeployment: true });
  await deploy(fake, set);
  fake.calls.length = 0;
  assert.equal((await deploy(fake, set, '{"T":2}')).result.outcome, 'updated');
  assert.deepEqual(fake.changes(), ['UpdateStackSet']);
  fake.set = {
    ...fake.set!,
    autoDeployment: { Enabled: false, RetainStacksOnAccountRemoval: false },
  };
  fake.calls.length = 0;
  assert.equal((await deploy(fake, set, '{"T":2}')).result.outcome, 'updated');
  assert.deepEqual(fake.changes(), ['UpdateStackSet']);
});

void test('planned accounts without an instance get one; accounts now left out lose theirs', async () => {
  // First deployed without exclusions, then legacy is excluded and prod-eu2 gets its own stack.
  const fake = new StackSetFake({ units: UNITS });
  const wide = planned([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]).set;
  await deploy(fake, wide);
  fake.instances_ = fake.instances_.filter((i) => i.account !== '500000000003');
  const { set } = planned([
    `{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy] }`,
    `{ ou: ${EU_OU}, stack: app-eu, template: t.yaml, exclude: [legacy] }`,
  ]);
  assert.deepEqual(set.deploymentTargets.Accounts, ['300000000000', '333333333333']);
  fake.calls.length = 0;
  const { result } = await deploy(fake, set);
  assert.equal(result.outcome, 'updated');
  const only = (op: string) => fake.calls.find((c) => c.op === op)!.args[1];
  assert.deepEqual(only('CreateStackInstances'), {
    OrganizationalUnitIds: [PROD_OU],
    AccountFilterType: 'INTERSECTION',
    Accounts: ['500000000003'],
  });
  assert.deepEqual(only('DeleteStackInstances'), {
    OrganizationalUnitIds: [PROD_OU],
    AccountFilterType: 'INTERSECTION',
    Accounts: ['300000000000', '333333333333'],
  });
  assert.deepEqual(fake.instances_.map((i) => i.account).sort(), set.accounts);
});

void test('an operation that fails in an account fails the StackSet, naming the account and why, per OU', async () => {
  const { set } = planned();
  const fake = new StackSetFake({
    units: UNITS,
    failIn: ['500000000001'],
    failReason: 'ResourceLogicalId:DeployRole, ResourceStatusReason:my-app-deploy already exists.',
  });
  const { result } = await deploy(fake, set);
  assert.equal(result.outcome, 'failed');
  assert.match(
    result.reason ?? '',
    /CREATE_STACK_INSTANCES FAILED in 1 account \(500000000001: .*already exists/,
  );
  assert.deepEqual(result.units[0], {
    ou: PROD_OU,
    instances: 5,
    current: 4,
    failed: 1,
    reasons: [
      '500000000001: ResourceLogicalId:DeployRole, ResourceStatusReason:my-app-deploy already exists.',
    ],
  });
});

void test('destroy deletes the instances by their OU (roles not retained), then the StackSet', async () => {
  const { set } = planned();
  const fake = new StackSetFake({ units: UNITS });
  await deploy(fake, set);
  fake.calls.length = 0;
  const monitor = new StackMonitor(
    { id: 'x', name: set.name, account: set.account },
    { notify: () => undefined },
    clock,
    'destroy',
  );
  const r = await destroyStackSet({ plan: set, api: fake, monitor, clock, pollMs: 1 });
  assert.equal(r.outcome, 'deleted');
  assert.deepEqual(fake.changes(), ['DeleteStackInstances', 'DeleteStackSet']);
  assert.deepEqual(fake.calls.find((c) => c.op === 'DeleteStackInstances')!.args.slice(1, 3), [
    { OrganizationalUnitIds: [PROD_OU] },
    ['us-east-1'],
  ]);
  assert.equal(fake.set, undefined);
  const again = await destroyStackSet({ plan: set, api: fake, monitor, clock, pollMs: 1 });
  assert.equal(again.outcome, 'absent');
});

void test('deploy order: the StackSet after the artifacts, before the pipeline and the left-out accounts’ own stacks; destroy reversed', () => {
  const { synth, set } = planned([
    `{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy] }`,
    `{ ou: ${EU_OU}, stack: app-eu, template: t.yaml, exclude: [legacy] }`,
  ]);
  const graph = stackSetGraph(synth.plan);
  const node = (id: string) => graph.find((n) => n.id === id)!;
  const id = `stackset/${set.name}`;
  assert.deepEqual(node(id).dependsOn, ['tools/my-app-artifacts']);
  assert.ok(node('tools/my-app-pipeline').dependsOn.includes(id));
  assert.ok(node('prod-eu2/my-app-target').dependsOn.includes(id));
  const reversed = reverseGraph(graph);
  assert.ok(reversed.find((n) => n.id === id)!.dependsOn.includes('tools/my-app-pipeline'));
});

function orgApi(enabled: string[], admins: string[] | Error): OrganizationsAccessApi {
  return {
    serviceAccess: () => Promise.resolve(enabled),
    delegatedAdministrators: () =>
      admins instanceof Error ? Promise.reject(admins) : Promise.resolve(admins),
  };
}
const SERVICE = 'member.org.stacksets.cloudformation.amazonaws.com';

void test('from a delegated administrator the account must be registered for StackSets', async () => {
  const { set } = planned();
  const plan = { stackSets: [{ ...set, callAs: 'DELEGATED_ADMIN' as const }] };
  const messages: IoMessage[] = [];
  const io = { notify: (m: IoMessage) => void messages.push(m) };
  await assert.rejects(
    checkStackSetsAccess(plan, {
      io,
      organizationsAccessApi: () => Promise.resolve(orgApi([SERVICE], ['999999999999'])),
    }),
    (e) => {
      assert.ok(isCrosslineError(e));
      assert.equal(e.code, 'TrustedAccessMissing');
      assert.equal(e.exitCode, 1);
      assert.match(
        e.message,
        /tools \(111111111111\) is not a delegated administrator for CloudFormation StackSets/,
      );
      assert.match(
        e.hint ?? '',
        /register-delegated-administrator --service-principal member\.org\.stacksets\.cloudformation\.amazonaws\.com --account-id 111111111111/,
      );
      return true;
    },
  );
  await checkStackSetsAccess(plan, {
    io,
    organizationsAccessApi: () => Promise.resolve(orgApi([SERVICE], ['111111111111'])),
  });
  // A list the caller may not read is a warning, not a refusal: CloudFormation has the last word.
  const denied = Object.assign(new Error('not allowed'), { name: 'AccessDeniedException' });
  await checkStackSetsAccess(plan, {
    io,
    organizationsAccessApi: () => Promise.resolve(orgApi([SERVICE], denied)),
  });
  assert.ok(
    messages.some((m) => m.code === 'deploy.stackset-access' && /could not check/.test(m.message)),
  );
  // Trusted access missing: refused before the delegated-admin question.
  await assert.rejects(
    checkStackSetsAccess(plan, {
      io,
      organizationsAccessApi: () => Promise.resolve(orgApi([], ['111111111111'])),
    }),
    /trusted access for CloudFormation StackSets is not enabled/,
  );
});
