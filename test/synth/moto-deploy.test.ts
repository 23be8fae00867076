/**
 * The four kinds of stacks, deployed into moto in plan.json order, each in its own account
 * (boto3 AssumeRole into the account), reach CREATE_COMPLETE, and the roles, key and bucket
 * exist in the accounts they belong to. moto skips BucketPolicy, CodePipeline, CodeBuild,
 * CodeCommit and EventBusPolicy resources (with a warning). One moto server for this file.
 */
import { after, before, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import { startMoto, type MotoServer } from '../support/moto.js';
import { requireTool, toolPath } from '../support/tools.js';
import { example, pipelineFrom } from './helpers.js';
import { writeSynth } from './output.js';

const SCRIPT = join(import.meta.dirname, 'fixtures/deploy-plan.py');

let moto: MotoServer | undefined;
before(async () => {
  if (toolPath('moto_server') !== undefined) moto = await startMoto();
});
after(async () => {
  await moto?.stop();
});

interface Report {
  stacks: {
    id: string;
    account: string;
    status: string;
    reason: string;
    outputs: Record<string, string>;
  }[];
  accounts: Record<
    string,
    {
      roles: string[];
      keys: { arn: string; rotation: boolean }[];
      aliases: string[];
      buckets: string[];
      rules: string[];
    }
  >;
}

function deploy(dir: string, endpoint: string): Promise<Report> {
  return new Promise((resolve, reject) => {
    execFile(
      'python3',
      [SCRIPT, dir, endpoint],
      { encoding: 'utf8', timeout: 240_000, maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`deploy-plan.py failed: ${stderr || error.message}`));
        else resolve(JSON.parse(stdout) as Report);
      },
    );
  });
}

function ready(t: TestContext): boolean {
  if (!requireTool(t, 'moto_server') || !requireTool(t, 'python3')) return false;
  if (spawnSync('python3', ['-c', 'import boto3']).status !== 0) {
    const why = 'python3 has no boto3 (docs/design.md §9)';
    if (process.env.CI === 'true') throw new Error(why);
    console.error(`skipping "${t.name}": ${why}`);
    t.skip(why);
    return false;
  }
  return true;
}

async function deployed(synth: SynthResult): Promise<Report> {
  assert.ok(moto);
  const dir = writeSynth(synth);
  try {
    const report = await deploy(dir, moto.endpoint);
    assert.deepEqual(
      report.stacks.map((s) => s.id),
      synth.plan.stacks.map((s) => s.id),
      'deployed in plan order',
    );
    for (const s of report.stacks)
      assert.equal(s.status, 'CREATE_COMPLETE', `${s.id}: ${s.reason}`);
    return report;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void test('four accounts: every stack reaches CREATE_COMPLETE; roles, key and bucket are where they belong', async (t) => {
  if (!ready(t)) return;
  const { pipeline: p, synth } = example('four');
  const report = await deployed(synth);
  const acct = (alias: string) => report.accounts[p.accounts.find((a) => a.alias === alias)!.id];
  const tools = acct('tools');
  assert.deepEqual(
    tools.roles.filter((r) => r.startsWith('my-app-')),
    ['my-app-build', 'my-app-pipeline', 'my-app-trigger'],
  );
  assert.equal(tools.keys.length, 1);
  assert.equal(tools.keys[0].rotation, true);
  assert.match(tools.keys[0].arn, /^arn:aws:kms:us-east-1:111111111111:key\//);
  assert.equal(
    report.stacks[0].outputs.ArtifactKeyArn,
    tools.keys[0].arn,
    'the output that resolves the placeholder',
  );
  assert.deepEqual(tools.aliases, ['alias/my-app-artifacts']);
  assert.deepEqual(tools.buckets, ['my-app-artifacts-111111111111-us-east-1']);
  assert.deepEqual(tools.rules, ['my-app-start']);
  const source = acct('source');
  assert.deepEqual(
    source.roles.filter((r) => r.startsWith('my-app-')),
    ['my-app-forward', 'my-app-source'],
  );
  assert.deepEqual(source.rules, ['my-app-forward']);
  assert.deepEqual([source.keys, source.buckets], [[], []]);
  for (const alias of ['staging', 'prod']) {
    const a = acct(alias);
    assert.deepEqual(
      a.roles.filter((r) => r.startsWith('my-app-')),
      ['my-app-cfn-exec', 'my-app-deploy'],
      alias,
    );
    assert.deepEqual([a.keys, a.buckets, a.rules], [[], [], []], alias);
  }
});

void test('tools = source (with the repository created): the same-account setup deploys too', async (t) => {
  if (!ready(t)) return;
  const synth = synthesize(
    pipelineFrom(`version: 1
name: solo
region: eu-west-1
accounts: { tools: "555555555555", prod: "666666666666" }
source: { account: tools, repository: solo, branch: main, create: true }
build: { commands: [make] }
stages: [{ name: prod, approval: true, targets: [{ account: prod, stack: solo-prod, template: t.yaml }] }]
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`),
  );
  const report = await deployed(synth);
  const tools = report.accounts['555555555555'];
  assert.deepEqual(
    tools.roles.filter((r) => r.startsWith('solo-')),
    ['solo-build', 'solo-pipeline', 'solo-source', 'solo-trigger'],
  );
  assert.deepEqual(
    tools.rules,
    ['solo-start'],
    'no forwarding rule when the repository is in the tools account',
  );
  assert.deepEqual(
    report.accounts['666666666666'].roles.filter((r) => r.startsWith('solo-')),
    ['solo-cfn-exec', 'solo-deploy'],
  );
});
