// What a StackSet replaces (docs/design.md §13), against the in-memory fakes of
// test/fakes/stackset-fake.ts and test/fakes/stack-fake.ts: a member's old `<name>-target`
// stack deleted before its instance (and a re-run that then does nothing), a delete that fails
// (reported, the account's instance waits, a re-run repairs), a stack crossline did not make,
// a member that cannot be read; StackSets of the pipeline the plan no longer has: kept and
// reported by deploy, deleted by destroy, deleted by deploy when a planned StackSet replaces
// them; and what diff shows of it.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LockApi } from '../../src/aws/index.js';
import { loadConfigFile } from '../../src/config/index.js';
import {
  destroyPlan,
  destroyScope,
  diffPlan,
  LeftoverRun,
  leftoverStackSets,
  type DeployEnvironment,
  type StackResult,
} from '../../src/deploy/index.js';
import { runStackSet } from '../../src/deploy/stackset-run.js';
import type { IoMessage } from '../../src/io/index.js';
import { synthesize, type StackSetPlan, type SynthResult } from '../../src/synth/index.js';
import {
  EU_OU,
  orgConfig,
  orgConfigDir,
  orgSnapshot,
  PROD_OU,
  SANDBOX_OU,
} from '../config/org-fixture.js';
import { StackFake, type FakeStack } from '../fakes/stack-fake.js';
import { StackSetFake } from '../fakes/stackset-fake.js';

const snapshot = orgSnapshot(4);
const under = (ou: string) => snapshot.accounts.filter((a) => a.path.includes(ou)).map((a) => a.id);
const UNITS: Record<string, string[]> = {
  [PROD_OU]: under(PROD_OU),
  [EU_OU]: under(EU_OU),
  [SANDBOX_OU]: under(SANDBOX_OU),
};
const OLD = '500000000001';

function planned(
  targets = [`{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy] }`],
): { synth: SynthResult; set: StackSetPlan } {
  const dir = orgConfigDir(orgConfig(targets), snapshot);
  const synth = synthesize(loadConfigFile(join(dir, 'crossline.yml')).pipeline);
  return { synth, set: synth.plan.stackSets![0] };
}

/** The per-account stack an earlier crossline deployed: the StackSet's very roles. */
function oldTarget(
  synth: SynthResult,
  set: StackSetPlan,
  tags = { 'crossline:pipeline': 'my-app' },
): FakeStack {
  return {
    name: 'my-app-target',
    status: 'UPDATE_COMPLETE',
    tags,
    templateBody: synth.files.get(set.templateFile)!,
  };
}

const clock = { now: () => 0, sleep: () => Promise.resolve() };
const lock: LockApi = {
  tryCreate: () => Promise.resolve(true),
  read: () => Promise.resolve(undefined),
  remove: () => Promise.resolve(),
};

interface World {
  readonly sets: StackSetFake;
  readonly members: Map<string, StackFake>;
  readonly journal: string[];
  readonly messages: IoMessage[];
  readonly env: DeployEnvironment;
}

function world(
  o: {
    stacks?: Record<string, FakeStack[]>;
    failDelete?: string;
    failDeleteOf?: string[];
    unreachable?: string[];
  } = {},
): World {
  const journal: string[] = [];
  const messages: IoMessage[] = [];
  const sets = new StackSetFake({
    units: UNITS,
    journal,
    reportAutoDeployment: true,
    ...(o.failDeleteOf ? { failDeleteOf: o.failDeleteOf } : {}),
  });
  const members = new Map<string, StackFake>();
  const fakeOf = (id: string): StackFake => {
    let f = members.get(id);
    if (f === undefined) {
      f = new StackFake({
        account: id,
        stacks: o.stacks?.[id] ?? [],
        journal,
        ...(o.failDelete !== undefined && o.stacks?.[id] ? { failDelete: o.failDelete } : {}),
      });
      members.set(id, f);
    }
    return f;
  };
  const env: DeployEnvironment = {
    io: { notify: (m) => void messages.push(m) },
    clock,
    stackApi: (a) =>
      (o.unreachable ?? []).includes(a.id)
        ? Promise.reject(new Error(`no credentials for ${a.alias} (${a.id})`))
        : Promise.resolve(fakeOf(a.id)),
    lockApi: () => Promise.resolve(lock),
    stackSetApi: () => Promise.resolve(sets),
  };
  return { sets, members, journal, messages, env };
}

/** The artifacts stack's outputs the StackSet's parameters are wired to. */
function outputsFor(set: StackSetPlan) {
  const out = new Map<string, Record<string, string>>();
  for (const p of set.parameters)
    if (p.fromOutput)
      out.set(p.fromOutput.stack, {
        ...out.get(p.fromOutput.stack),
        [p.fromOutput.output]: `v-${p.name}`,
      });
  return out;
}

async function deploy(w: World, synth: SynthResult, set: StackSetPlan) {
  const leftovers = new LeftoverRun(await leftoverStackSets(synth.plan, w.env), w.env, {});
  const retired: StackResult[] = [];
  const result = await runStackSet(
    synth,
    set,
    outputsFor(set),
    w.env,
    { pollIntervalMs: 1 },
    { leftovers, retired },
  );
  return { result, retired, leftovers: await leftovers.results() };
}

const memberCalls = (w: World) => [...w.members.values()].flatMap((m) => m.calls);

void test('a member’s old target stack is deleted (DELETE_COMPLETE) before CreateStackInstances; a second deploy makes no changing call', async () => {
  const { synth, set } = planned();
  const w = world({ stacks: { [OLD]: [oldTarget(synth, set)] } });
  const { result, retired } = await deploy(w, synth, set);
  assert.equal(result.outcome, 'created', result.reason);
  const deleted = w.journal.indexOf(`${OLD} DeleteStack stack/${OLD}/my-app-target`);
  const instances = w.journal.findIndex((c) => c.startsWith('CreateStackInstances'));
  assert.ok(deleted >= 0, 'DeleteStack in the member');
  assert.ok(deleted < instances, 'deleted before the instances');
  assert.ok(
    w.journal
      .slice(deleted, instances)
      .some((c) => c === `${OLD} DescribeStacks stack/${OLD}/my-app-target`),
    'waited for the delete',
  );
  assert.deepEqual(w.members.get(OLD)!.stacks, [], 'DELETE_COMPLETE: the stack is gone');
  assert.ok(w.sets.instances_.some((i) => i.account === OLD && i.status === 'CURRENT'));
  assert.deepEqual(
    retired.map((r) => [r.id, r.outcome, r.status, r.replacedBy, r.reason]),
    [
      [
        `prod-1/my-app-target`,
        'deleted',
        'DELETE_COMPLETE',
        set.name,
        `retired: replaced by StackSet ${set.name}`,
      ],
    ],
  );
  // Its own step in the progress, named as the brief of §13 says.
  const texts = w.messages.map((m) => m.message);
  assert.ok(texts.includes(`retire my-app-target in prod-1 (replaced by StackSet ${set.name})`));
  assert.ok(
    w.messages.some(
      (m) => m.code === 'deploy.stack' && /prod-1\s+my-app-target\s+RETIRED/.test(m.message),
    ),
  );
  // Every other member was looked at once, and nothing deleted there.
  for (const id of set.accounts.filter((a) => a !== OLD))
    assert.deepEqual(w.members.get(id)!.calls, ['DescribeStacks my-app-target'], id);

  w.sets.calls.length = 0;
  for (const m of w.members.values()) m.calls.length = 0;
  const again = await deploy(w, synth, set);
  assert.equal(again.result.outcome, 'unchanged');
  assert.deepEqual(w.sets.changes(), []);
  assert.deepEqual(memberCalls(w), [], 'every instance CURRENT: no member is looked at');
  assert.deepEqual(again.retired, []);
});

void test('a delete that fails is reported; the account’s instance waits, the others are made; a re-run repairs it', async () => {
  const { synth, set } = planned();
  const w = world({
    stacks: { [OLD]: [oldTarget(synth, set)] },
    failDelete: 'Role my-app-deploy cannot be deleted: policies attached',
  });
  const { result, retired } = await deploy(w, synth, set);
  assert.equal(result.outcome, 'failed');
  assert.match(
    result.reason ?? '',
    /retire my-app-target failed in prod-1 \(500000000001\): DeployRole \(AWS::IAM::Role\): Role my-app-deploy cannot be deleted.*; its instance waits for a re-run/,
  );
  assert.deepEqual(
    retired.map((r) => [r.id, r.outcome, r.status]),
    [['prod-1/my-app-target', 'failed', 'DELETE_FAILED']],
  );
  // The instances of everyone else, the blocked account left out like the excluded one.
  const create = w.sets.calls.find((c) => c.op === 'CreateStackInstances')!;
  assert.deepEqual(create.args[1], {
    OrganizationalUnitIds: [PROD_OU],
    AccountFilterType: 'DIFFERENCE',
    Accounts: ['333333333333', OLD],
  });
  assert.deepEqual(
    w.sets.instances_.map((i) => i.account).sort(),
    set.accounts.filter((a) => a !== OLD),
  );
  assert.equal(w.members.get(OLD)!.stacks[0].status, 'DELETE_FAILED', 'the state it is left in');

  // The cause removed, the same deploy again: the stack goes, then its instance.
  w.sets.calls.length = 0;
  w.journal.length = 0;
  const again = await deploy(w, synth, set);
  assert.equal(again.result.outcome, 'updated', again.result.reason);
  assert.deepEqual(
    again.retired.map((r) => [r.id, r.outcome]),
    [['prod-1/my-app-target', 'deleted']],
  );
  assert.deepEqual(w.sets.changes(), ['CreateStackInstances']);
  assert.deepEqual(w.sets.calls.find((c) => c.op === 'CreateStackInstances')!.args[1], {
    OrganizationalUnitIds: [PROD_OU],
    AccountFilterType: 'INTERSECTION',
    Accounts: [OLD],
  });
  assert.ok(
    w.journal.indexOf(`${OLD} DeleteStack stack/${OLD}/my-app-target`) <
      w.journal.findIndex((c) => c.startsWith('CreateStackInstances')),
  );
  assert.deepEqual(w.sets.instances_.map((i) => i.account).sort(), set.accounts);
  w.sets.calls.length = 0;
  assert.equal((await deploy(w, synth, set)).result.outcome, 'unchanged');
  assert.deepEqual(w.sets.changes(), []);
});

void test('roles kept on delete (DeletionPolicy Retain): not deleted, the account waits, the reason says what to do', async () => {
  const { synth, set } = planned();
  const body = JSON.parse(synth.files.get(set.templateFile)!) as {
    Resources: Record<string, Record<string, unknown>>;
  };
  for (const r of Object.values(body.Resources)) r.DeletionPolicy = 'Retain';
  const w = world({
    stacks: { [OLD]: [{ ...oldTarget(synth, set), templateBody: JSON.stringify(body) }] },
  });
  const { result, retired } = await deploy(w, synth, set);
  assert.equal(result.outcome, 'failed');
  assert.match(retired[0].reason ?? '', /keeps .*DeployRole.* on delete \(DeletionPolicy Retain\)/);
  assert.ok(!w.members.get(OLD)!.calls.some((c) => c.startsWith('DeleteStack')));
  assert.ok(!w.sets.instances_.some((i) => i.account === OLD));
});

void test('a target stack crossline did not make is left, and a member that cannot be read is a warning; the deploy goes on', async () => {
  const { synth, set } = planned();
  const w = world({
    stacks: { [OLD]: [oldTarget(synth, set, { owner: 'someone-else' } as never)] },
    unreachable: ['500000000002'],
  });
  const { result, retired } = await deploy(w, synth, set);
  assert.equal(result.outcome, 'created');
  assert.deepEqual(retired, []);
  assert.ok(!w.members.get(OLD)!.calls.some((c) => c.startsWith('DeleteStack')));
  const warnings = w.messages
    .filter((m) => m.code === 'deploy.retire-warning')
    .map((m) => m.message);
  assert.ok(
    warnings.some((m) =>
      /prod-1 \(500000000001\): a my-app-target stack that crossline did not make/.test(m),
    ),
    warnings.join('\n'),
  );
  assert.ok(
    warnings.some((m) =>
      /could not look for an old my-app-target stack in 1 member account .*prod-2 \(500000000002\): no credentials/.test(
        m,
      ),
    ),
    warnings.join('\n'),
  );
});

/** A StackSet of the pipeline deployed before, on `ou`, with an instance per account there. */
function seedLeftover(w: World, ou: string, tags = { 'crossline:pipeline': 'my-app' }) {
  const name = `my-app-bootstrap-${ou}`;
  w.sets.seed(
    {
      name,
      description: 'roles',
      templateBody:
        '{"Resources":{"DeployRole":{"Type":"AWS::IAM::Role","Properties":{"RoleName":"my-app-deploy"}}}}',
      parameters: {},
      tags,
      autoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
    },
    (UNITS[ou] ?? []).map((account) => ({ account, region: 'us-east-1', ou, status: 'CURRENT' })),
  );
  return name;
}

void test('an OU dropped from the config: deploy keeps its StackSet and says how to remove it; destroy deletes it, instances first', async () => {
  const { synth, set } = planned();
  const w = world();
  const old = seedLeftover(w, SANDBOX_OU);
  seedLeftover(w, 'ou-ab12-99999999', { 'crossline:pipeline': 'other-app' }); // not ours: never listed as ours
  const { result, leftovers } = await deploy(w, synth, set);
  assert.equal(result.outcome, 'created');
  assert.deepEqual(
    leftovers.map((l) => [l.name, l.outcome, l.leftover]),
    [[old, 'kept', true]],
  );
  assert.match(
    leftovers[0].reason ?? '',
    /no longer in the plan \(OU ou-ab12-33333333 is not targeted\): its 2 instances keep the roles; crossline destroy removes it/,
  );
  assert.match(
    leftovers[0].reason ?? '',
    /aws cloudformation delete-stack-instances --stack-set-name my-app-bootstrap-ou-ab12-33333333 --deployment-targets OrganizationalUnitIds=ou-ab12-33333333 --regions us-east-1 --no-retain-stacks/,
  );
  assert.deepEqual(leftovers[0].units, [
    { ou: SANDBOX_OU, instances: 2, current: 2, failed: 0, reasons: [] },
  ]);
  assert.ok(
    w.messages.some(
      (m) =>
        m.code === 'deploy.retire-warning' &&
        m.message.startsWith(`StackSet ${old} is no longer in the plan`),
    ),
  );
  assert.ok(
    !w.sets.calls.some((c) => c.op.startsWith('Delete') && c.args[0] === old),
    'deploy deletes nothing of it',
  );
  assert.ok(w.sets.has(old));

  // destroy lists it before its question, then deletes it with the planned one.
  const scope = destroyScope(synth.plan.stacks, false, { bucket: 'b', keyAlias: 'k' }, [
    set,
    { name: old, leftover: true },
  ]);
  assert.deepEqual(scope.stackSets, [`stackset/${set.name}`, `stackset/${old}`]);
  assert.match(
    scope.text,
    /and 2 StackSets with their instances .*\n {2}stackset\/my-app-bootstrap-ou-ab12-11111111\n {2}stackset\/my-app-bootstrap-ou-ab12-33333333 \(no longer in the config\)/,
  );
  w.sets.calls.length = 0;
  const gone = await destroyPlan(synth, w.env, {
    includingArtifacts: false,
    holder: 't',
    runId: 'r',
    pollIntervalMs: 1,
  });
  assert.ok(gone.ok, JSON.stringify(gone.stackSets));
  assert.deepEqual(
    gone.stackSets!.map((s) => [s.name, s.outcome, s.leftover === true]),
    [
      [set.name, 'deleted', false],
      [old, 'deleted', true],
    ],
  );
  const mine = w.sets.calls
    .filter((c) => c.args[0] === old)
    .map((c) => c.op)
    .filter((op) => op.startsWith('Delete'));
  assert.deepEqual(mine, ['DeleteStackInstances', 'DeleteStackSet']);
  assert.ok(
    !w.sets.has(old) && w.sets.has('my-app-bootstrap-ou-ab12-99999999'),
    'the other pipeline’s stays',
  );
});

void test('a StackSet the plan replaces (the OU moved to its parent) is deleted before the new instances; a failure there blocks only its accounts', async () => {
  // Before: the child OU eu was targeted alone; now its parent prod is.
  const { synth, set } = planned([`{ ou: ${PROD_OU}, stack: app, template: t.yaml }`]);
  const w = world();
  const old = seedLeftover(w, EU_OU);
  const { result, leftovers } = await deploy(w, synth, set);
  assert.equal(result.outcome, 'created', result.reason);
  assert.deepEqual(
    leftovers.map((l) => [l.name, l.outcome, l.replacedBy]),
    [[old, 'deleted', set.name]],
  );
  const order = w.journal.filter((c) => /^(Delete|Create)Stack(Instances|Set)/.test(c));
  assert.deepEqual(order, [
    `DeleteStackInstances ${old}`,
    `DeleteStackSet ${old}`,
    'CreateStackSet',
    `CreateStackInstances ${set.name}`,
  ]);
  assert.ok(
    w.messages.some(
      (m) => m.message === `retire StackSet ${old} from tools (replaced by StackSet ${set.name})`,
    ),
  );

  // Its instances cannot be deleted: the planned StackSet leaves its accounts out, and fails.
  const w2 = world({ failDeleteOf: [`my-app-bootstrap-${EU_OU}`] });
  seedLeftover(w2, EU_OU);
  const r2 = await deploy(w2, synth, set);
  assert.equal(r2.result.outcome, 'failed');
  assert.match(
    r2.result.reason ?? '',
    /retire StackSet my-app-bootstrap-ou-ab12-22222222 failed: DELETE_STACK_INSTANCES FAILED/,
  );
  assert.deepEqual(w2.sets.calls.find((c) => c.op === 'CreateStackInstances')!.args[1], {
    OrganizationalUnitIds: [PROD_OU],
    AccountFilterType: 'DIFFERENCE',
    Accounts: [...UNITS[EU_OU]].sort(),
  });
  assert.deepEqual(
    r2.leftovers.map((l) => [l.name, l.outcome]),
    [[old, 'failed']],
  );
});

void test('diff shows what deploy would retire (the old stack’s resources going) and what it keeps, without a change', async () => {
  const { synth, set } = planned();
  const w = world({ stacks: { [OLD]: [oldTarget(synth, set)] } });
  const old = seedLeftover(w, SANDBOX_OU);
  const diff = await diffPlan(synth, w.env);
  const retire = diff.stacks.filter((s) => s.replacedBy !== undefined);
  assert.deepEqual(
    retire.map((s) => [s.id, s.replacedBy]),
    [['prod-1/my-app-target', set.name]],
  );
  assert.ok(retire[0].resources.length > 0 && retire[0].resources.every((r) => r.sign === '-'));
  assert.ok(retire[0].accessChanges.every((c) => c.sign === '-' && !c.broadens));
  assert.ok(
    (diff.warnings ?? []).some((m) => m.startsWith(`StackSet ${old} is no longer in the plan`)),
  );
  assert.deepEqual(w.sets.changes(), []);
  assert.ok(!memberCalls(w).some((c) => c.startsWith('DeleteStack')));
});

void test('after a deploy that failed on the role names (instance INOPERABLE), the re-run retires the old stack, then updates the StackSet', async () => {
  const { synth, set } = planned();
  const w = world({ stacks: { [OLD]: [oldTarget(synth, set)] } });
  // What the deploy of before this change left: the StackSet, its instances, one failed.
  await w.sets.create({
    name: set.name,
    description: 'roles',
    templateBody: JSON.stringify(JSON.parse(synth.files.get(set.templateFile)!)),
    parameters: Object.fromEntries(set.parameters.map((p) => [p.name, `v-${p.name}`])),
    tags: { 'crossline:pipeline': 'my-app' },
    autoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
  });
  w.sets.instances_ = set.accounts.map((account) => ({
    account,
    region: 'us-east-1',
    ou: PROD_OU,
    status: account === OLD ? 'INOPERABLE' : 'CURRENT',
  }));
  w.sets.calls.length = 0;
  w.journal.length = 0;
  const { result, retired } = await deploy(w, synth, set);
  assert.equal(result.outcome, 'updated', result.reason);
  assert.deepEqual(
    retired.map((r) => [r.id, r.outcome]),
    [['prod-1/my-app-target', 'deleted']],
  );
  const deleted = w.journal.indexOf(`${OLD} DeleteStack stack/${OLD}/my-app-target`);
  assert.ok(deleted >= 0 && deleted < w.journal.indexOf(`UpdateStackSet`));
  assert.deepEqual(w.sets.changes(), ['UpdateStackSet']);
  // Only the member without a CURRENT instance was looked at.
  assert.deepEqual([...w.members.keys()], [OLD]);
});
