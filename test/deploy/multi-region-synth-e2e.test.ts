/**
 * The multi-region example's own plan (examples/multi-region.yml, three regions) deployed into
 * moto through the toolkit's environment: each regional artifacts stack lands in its region,
 * every stack in the region plan.json gives it, and the resolved pipeline.json carries each
 * region's real key ARN (no placeholder left). Then destroyed, in reverse order.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/config/index.js';
import { deployPlan, destroyPlan } from '../../src/deploy/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { ARTIFACT_KEY_ID_PLACEHOLDER } from '../../src/model/index.js';
import { synthesize } from '../../src/synth/index.js';
import { deployEnvironment } from '../../src/toolkit/deploy.js';
import { startMoto, type MotoServer, motoReady } from '../support/moto.js';
import { awsTestEnv } from '../support/aws-env.js';
import { REPO } from '../support/cli.js';
import { toolPath } from '../support/tools.js';

const ACCOUNTS = ['111111111111', '222222222222', '333333333333', '444444444444'];
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];

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

function stateIn(
  region: string,
): Record<string, { stacks: Record<string, string>; buckets: string[] }> {
  const r = spawnSync(
    'python3',
    [join(REPO, 'test/deploy/fixtures/account-state.py'), moto!.endpoint, region, ...ACCOUNTS],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<
    string,
    { stacks: Record<string, string>; buckets: string[] }
  >;
}

void test('the multi-region plan deploys each store in its region and resolves every key', async (t) => {
  if (!motoReady(moto, t, 'the multi-region synth end-to-end test')) return;
  const { pipeline } = loadConfigFile(join(REPO, 'examples/multi-region.yml'));
  const synth = synthesize(pipeline);
  const messages: IoMessage[] = [];
  const io = { notify: (m: IoMessage) => void messages.push(m) };
  const deployEnv = deployEnvironment(pipeline, io, { env, pollIntervalMs: 5 });
  await deployEnv.checkAccounts(synth);
  const run = { holder: 'multi-region-test', pollIntervalMs: 5 };
  const deployed = await deployPlan(synth, deployEnv, { ...run, runId: 'mr1' });
  assert.ok(deployed.ok, JSON.stringify(deployed.stacks.map((s) => [s.id, s.outcome, s.reason])));
  for (const region of REGIONS) {
    const state = stateIn(region);
    const want = synth.plan.stacks.filter((s) => s.region === region);
    for (const acct of ACCOUNTS) {
      assert.deepEqual(
        Object.keys(state[acct].stacks).sort(),
        want
          .filter((s) => s.account.id === acct)
          .map((s) => s.name)
          .sort(),
        `stacks of ${acct} in ${region}`,
      );
    }
  }
  const resolved = JSON.stringify(deployed.resolvedPipeline);
  assert.ok(deployed.resolvedPipeline !== undefined);
  assert.doesNotMatch(resolved, new RegExp(ARTIFACT_KEY_ID_PLACEHOLDER));
  const stores = (
    deployed.resolvedPipeline as {
      pipeline: { artifactStores: Record<string, { encryptionKey: { id: string } }> };
    }
  ).pipeline.artifactStores;
  for (const region of REGIONS)
    assert.match(
      stores[region].encryptionKey.id,
      new RegExp(`^arn:aws:kms:${region}:111111111111:key/`),
    );

  const destroyed = await destroyPlan(synth, deployEnv, {
    ...run,
    runId: 'mr2',
    includingArtifacts: true,
  });
  assert.ok(destroyed.ok, JSON.stringify(destroyed));
  for (const region of REGIONS) {
    const state = stateIn(region);
    for (const acct of ACCOUNTS)
      assert.deepEqual(Object.keys(state[acct].stacks), [], `${acct} ${region}`);
  }
});
