/**
 * End to end against moto, across three regions: the plan of the 4-account example with the
 * staging target moved to eu-west-1 and the prod target to ap-southeast-2 (plan.json carries a
 * region per stack), deployed through the toolkit's environment, each stack checked to exist in
 * its region and in no other, then destroyed in reverse order and checked gone everywhere.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { StackApi } from '../../src/aws/index.js';
import { loadConfigFile } from '../../src/config/index.js';
import { deployPlan, destroyPlan } from '../../src/deploy/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import { deployEnvironment } from '../../src/toolkit/deploy.js';
import { startMoto, type MotoServer, motoReady } from '../support/moto.js';
import { awsTestEnv } from '../support/aws-env.js';
import { REPO } from '../support/cli.js';
import { toolPath } from '../support/tools.js';

const ACCOUNTS = {
  tools: '111111111111',
  source: '222222222222',
  staging: '333333333333',
  prod: '444444444444',
};
const HOME = 'us-east-1';
const MOVED: Record<string, string> = {
  'staging/my-app-target': 'eu-west-1',
  'prod/my-app-target': 'ap-southeast-2',
};
const REGIONS = [HOME, ...Object.values(MOVED)];

let moto: MotoServer | undefined;
let env: Record<string, string> = {};

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  env = awsTestEnv(moto.endpoint);
  Object.assign(process.env, env);
});
after(async () => {
  await moto?.stop();
});

const ready = (t: { skip: (m: string) => void }): boolean =>
  motoReady(moto, t, 'the multi-region end-to-end test');

/** The stack names per account in one region, read through boto3 (not crossline's clients). */
function stacksIn(region: string): Record<string, string[]> {
  const r = spawnSync(
    'python3',
    [
      join(REPO, 'test/deploy/fixtures/account-state.py'),
      moto!.endpoint,
      region,
      ...Object.values(ACCOUNTS),
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const state = JSON.parse(r.stdout) as Record<string, { stacks: Record<string, string> }>;
  return Object.fromEntries(
    Object.entries(state).map(([acct, s]) => [acct, Object.keys(s.stacks).sort()]),
  );
}

/** Which region each stack of the plan should be in, as `account id → region → names`. */
function expected(synth: SynthResult): Record<string, Record<string, string[]>> {
  const out: Record<string, Record<string, string[]>> = {};
  for (const region of REGIONS) {
    out[region] = Object.fromEntries(Object.values(ACCOUNTS).map((a) => [a, [] as string[]]));
  }
  for (const s of synth.plan.stacks) out[s.region][s.account.id].push(s.name);
  for (const byAccount of Object.values(out))
    for (const names of Object.values(byAccount)) names.sort();
  return out;
}

/** The example's plan, with two target stacks moved to other regions (template unchanged). */
function threeRegionPlan(): {
  synth: SynthResult;
  pipeline: ReturnType<typeof loadConfigFile>['pipeline'];
} {
  const { pipeline } = loadConfigFile(join(REPO, 'examples/four-accounts.yml'));
  const synth = synthesize(pipeline);
  const plan = JSON.parse(synth.files.get('plan.json') ?? 'null') as SynthResult['plan'];
  assert.deepEqual(plan, JSON.parse(JSON.stringify(synth.plan)), 'plan.json is the plan');
  const stacks = plan.stacks.map((s) => (MOVED[s.id] ? { ...s, region: MOVED[s.id] } : s));
  assert.deepEqual(
    stacks
      .filter((s) => s.region !== HOME)
      .map((s) => s.id)
      .sort(),
    Object.keys(MOVED).sort(),
    'both targets are in the example',
  );
  return { pipeline, synth: { ...synth, plan: { ...plan, stacks } } };
}

void test('deploy puts each stack in its region, destroy removes them in reverse order', async (t) => {
  if (!ready(t)) return;
  const { pipeline, synth } = threeRegionPlan();
  const messages: IoMessage[] = [];
  const io = { notify: (m: IoMessage) => void messages.push(m) };
  const base = deployEnvironment(pipeline, io, { env, pollIntervalMs: 5 });
  // Every stack call, with the region of the client that made it.
  const calls: string[] = [];
  const env3 = {
    ...base,
    async stackApi(account: { alias: string; id: string }, region: string): Promise<StackApi> {
      const api = await base.stackApi(account, region);
      return {
        ...api,
        delete: async (name) => {
          calls.push(`delete ${account.alias} ${region}`);
          await api.delete(name);
        },
        create: async (input) => {
          calls.push(`create ${account.alias} ${region}`);
          return api.create(input);
        },
      };
    },
  };
  await base.checkAccounts(synth);

  const run = { holder: 'regions-test', pollIntervalMs: 5 };
  const deployed = await deployPlan(synth, env3, { ...run, runId: 'regions1' });
  assert.ok(deployed.ok, JSON.stringify(deployed.stacks.map((s) => [s.id, s.outcome, s.reason])));
  assert.deepEqual(
    deployed.stacks.map((s) => s.outcome),
    synth.plan.stacks.map(() => 'created'),
  );
  assert.deepEqual(
    calls.filter((c) => c.startsWith('create')).sort(),
    [
      'create prod ap-southeast-2',
      'create source us-east-1',
      'create staging eu-west-1',
      'create tools us-east-1',
      'create tools us-east-1',
    ],
    'each stack is created through the client of its region',
  );
  const want = expected(synth);
  for (const region of REGIONS) {
    assert.deepEqual(stacksIn(region), want[region], `the stacks in ${region}`);
  }
  assert.deepEqual(stacksIn(HOME)[ACCOUNTS.staging], [], 'the staging target is not in us-east-1');
  assert.deepEqual(stacksIn('eu-west-1')[ACCOUNTS.prod], [], 'nor the prod target in eu-west-1');

  calls.length = 0;
  const destroyed = await destroyPlan(synth, env3, {
    ...run,
    runId: 'regions2',
    includingArtifacts: true,
  });
  assert.ok(destroyed.ok, JSON.stringify(destroyed.stacks.map((s) => [s.id, s.outcome, s.reason])));
  assert.ok(destroyed.stacks.every((s) => s.outcome === 'deleted'));
  assert.equal(calls[0], 'delete tools us-east-1', 'the pipeline goes first');
  assert.equal(calls.at(-1), 'delete tools us-east-1', 'the artifacts last');
  assert.deepEqual(
    calls.slice(1, -1).sort(),
    ['delete prod ap-southeast-2', 'delete source us-east-1', 'delete staging eu-west-1'],
    'source and targets in between, each in its region',
  );
  for (const region of REGIONS) {
    const left = stacksIn(region);
    for (const acct of Object.values(ACCOUNTS)) {
      assert.deepEqual(left[acct], [], `nothing left in ${acct} ${region}`);
    }
  }
});
