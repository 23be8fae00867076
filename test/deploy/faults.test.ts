/**
 * Deploys of the 4-account example through the fault proxy in front of moto: throttling, 500s,
 * dropped connections (before and after the backend acted), a stack that fails mid-run,
 * a stack left in ROLLBACK_COMPLETE, expiring sessions, and two deploys at once. Each ends in
 * the documented state, and a run without faults converges. Retries sleep 0 ms (injected).
 */
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/config/index.js';
import type { CrosslineError } from '../../src/errors/index.js';
import type { IoMessage } from '../../src/io/index.js';
import type { Pipeline } from '../../src/model/index.js';
import {
  runDeploy,
  deployEnvironment,
  type DeployCommandOptions,
} from '../../src/toolkit/deploy.js';
import { lockName } from '../../src/deploy/index.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer, motoReady } from '../support/moto.js';
import {
  startFaultProxy,
  on,
  type FaultProxy,
  type ProxiedRequest,
} from '../support/fault-proxy.js';
import { awsTestEnv } from '../support/aws-env.js';
import { REPO } from '../support/cli.js';
import { toolPath } from '../support/tools.js';
import { createStackXml, describeStacksXml, failedEventsXml } from './cfn-xml.js';

let moto: MotoServer | undefined;
let proxy: FaultProxy;
let env: Record<string, string>;
let pipeline: Pipeline;
const outDir = mkdtempSync(join(tmpdir(), 'crossline-faults-'));
const messages: IoMessage[] = [];

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  proxy = await startFaultProxy({ target: moto.endpoint });
  env = awsTestEnv(proxy.endpoint);
  Object.assign(process.env, env);
  pipeline = loadConfigFile(join(REPO, 'examples/four-accounts.yml')).pipeline;
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});
beforeEach(async () => {
  proxy?.clearRules();
  await moto?.reset();
});

const ready = (t: { skip: (m: string) => void }): boolean => motoReady(moto, t, 'fault tests');

const io = { notify: (m: IoMessage) => void messages.push(m) };
const retries: string[] = [];

function deploy(extra: Partial<DeployCommandOptions> = {}) {
  return runDeploy(pipeline, io, {
    yes: true,
    env,
    outDir,
    holder: 'fault-test',
    pollIntervalMs: 5,
    retry: {
      sleep: () => Promise.resolve(),
      baseDelayMs: 1,
      onRetry: (i) => void retries.push(`${i.operation}:${i.reason}`),
    },
    ...extra,
  });
}

const outcomes = (r: Awaited<ReturnType<typeof deploy>>) =>
  Object.fromEntries(r.result.stacks.map((s) => [s.id, s.outcome]));
const ALL = [
  'tools/my-app-artifacts',
  'source/my-app-source',
  'staging/my-app-target',
  'prod/my-app-target',
  'tools/my-app-pipeline',
];

async function assertConverges(): Promise<void> {
  proxy.clearRules();
  const again = await deploy();
  assert.equal(again.result.ok, true, JSON.stringify(again.result.stacks));
  const second = await deploy();
  assert.deepEqual(
    Object.values(outcomes(second)),
    ALL.map(() => 'unchanged'),
    'a further run has nothing to do',
  );
}

void test('throttling and HTTP 500s are retried with backoff; the deploy succeeds', async (t) => {
  if (!ready(t)) return;
  retries.length = 0;
  const throttle = proxy.addRule({
    match: on('cloudformation', 'DescribeStacks', 'CreateStack'),
    fault: { kind: 'throttle' },
    times: 6,
  });
  const fail500 = proxy.addRule({
    match: on('ssm', 'PutParameter'),
    fault: { kind: 'server-error' },
    times: 2,
  });
  const r = await deploy();
  assert.equal(r.result.ok, true);
  assert.deepEqual(
    Object.values(outcomes(r)),
    ALL.map(() => 'created'),
  );
  assert.equal(throttle.hits, 6);
  assert.equal(fail500.hits, 2);
  assert.ok(retries.filter((x) => x.endsWith(':throttling')).length >= 6);
  assert.ok(retries.includes('ssm:PutParameter:transient'));
  await assertConverges();
});

void test('dropped connections, also after CloudFormation acted, end in the same stacks', async (t) => {
  if (!ready(t)) return;
  proxy.addRule({
    match: on('cloudformation', 'DescribeStackEvents'),
    fault: { kind: 'drop' },
    times: 3,
  });
  // The stack is created but the answer is lost: the retry must accept "already exists".
  const lost = proxy.addRule({
    match: on('cloudformation', 'CreateStack'),
    fault: { kind: 'drop-response' },
    times: 2,
  });
  const r = await deploy();
  assert.equal(r.result.ok, true, JSON.stringify(r.result.stacks));
  assert.equal(lost.hits, 2);
  assert.deepEqual(
    Object.values(outcomes(r)),
    ALL.map(() => 'created'),
  );
  await assertConverges();
});

void test('a stack failing mid-run: nothing new starts, in-flight stacks finish, each state reported', async (t) => {
  if (!ready(t)) return;
  const id = 'arn:aws:cloudformation:us-east-1:222222222222:stack/my-app-source/canned-1';
  const isSource = (r: ProxiedRequest) =>
    (r.params.get('StackName') ?? '').includes('my-app-source');
  proxy.addRule({
    match: (r) => on('cloudformation', 'CreateStack')(r) && isSource(r),
    fault: { kind: 'respond', status: 200, body: createStackXml(id) },
  });
  proxy.addRule({
    match: (r) => on('cloudformation', 'DescribeStacks')(r) && r.params.get('StackName') === id,
    fault: {
      kind: 'respond',
      status: 200,
      body: describeStacksXml(
        'my-app-source',
        id,
        'ROLLBACK_COMPLETE',
        'The following resource(s) failed to create: [SourceRole].',
      ),
    },
  });
  proxy.addRule({
    match: (r) =>
      on('cloudformation', 'DescribeStackEvents')(r) && r.params.get('StackName') === id,
    fault: {
      kind: 'respond',
      status: 200,
      body: failedEventsXml(
        'my-app-source',
        id,
        'SourceRole',
        'AWS::IAM::Role',
        'Role my-app-source already exists',
      ),
    },
  });
  // The targets are still being created when the source fails.
  proxy.addRule({
    match: (r) =>
      on('cloudformation', 'CreateStack')(r) &&
      !isSource(r) &&
      (r.params.get('StackName') ?? '').includes('target'),
    fault: { kind: 'latency', ms: 400 },
  });
  const r = await deploy();
  assert.equal(r.result.ok, false);
  assert.deepEqual(outcomes(r), {
    'tools/my-app-artifacts': 'created',
    'source/my-app-source': 'failed',
    'staging/my-app-target': 'created',
    'prod/my-app-target': 'created',
    'tools/my-app-pipeline': 'not-started',
  });
  const source = r.result.stacks.find((s) => s.id === 'source/my-app-source')!;
  assert.equal(source.status, 'ROLLBACK_COMPLETE');
  assert.match(
    source.reason ?? '',
    /SourceRole \(AWS::IAM::Role\): Role my-app-source already exists/,
  );
  assert.equal(r.resolvedFile, undefined, 'no resolved pipeline.json from a failed deploy');
  await assertConverges();
});

void test('a stack in ROLLBACK_COMPLETE is deleted and created again', async (t) => {
  if (!ready(t)) return;
  await deploy();
  const deletes = () => proxy.log.filter((l) => l.action === 'DeleteStack').length;
  const before = deletes();
  proxy.addRule({
    match: (r) =>
      on('cloudformation', 'DescribeStacks')(r) && r.params.get('StackName') === 'my-app-source',
    fault: {
      kind: 'respond',
      status: 200,
      body: describeStacksXml('my-app-source', 'my-app-source', 'ROLLBACK_COMPLETE'),
    },
    times: 1,
  });
  const r = await deploy();
  assert.equal(r.result.ok, true, JSON.stringify(r.result.stacks));
  assert.equal(outcomes(r)['source/my-app-source'], 'recreated');
  assert.equal(deletes() - before, 1);
  await assertConverges();
});

void test('an expired session is re-assumed and the request retried', async (t) => {
  if (!ready(t)) return;
  // Sessions live 250 ms: a request signed with an older session is told its token expired.
  const born = new Map<string, number>();
  const expire = proxy.addRule({
    match: (r) => {
      if (
        r.service === 'sts' ||
        r.accessKeyId === undefined ||
        r.accessKeyId === TEST_CREDENTIALS.accessKeyId
      )
        return false;
      const first = born.get(r.accessKeyId) ?? Date.now();
      born.set(r.accessKeyId, first);
      return Date.now() - first > 250;
    },
    fault: { kind: 'expired-token' },
  });
  // Slow stack creation, so that every deploy outlives its first sessions.
  proxy.addRule({
    match: on('cloudformation', 'CreateStack'),
    fault: { kind: 'latency', ms: 300 },
  });
  const assumesBefore = proxy.log.filter((l) => l.action === 'AssumeRole').length;
  const r = await deploy();
  assert.equal(r.result.ok, true, JSON.stringify(r.result.stacks));
  assert.ok(expire.hits >= 4, 'each account saw an expired session');
  const assumes = proxy.log.filter((l) => l.action === 'AssumeRole').length - assumesBefore;
  assert.ok(
    assumes >= 8,
    `sessions were assumed again (${assumes} AssumeRole calls for 4 accounts)`,
  );
  await assertConverges();
});

void test('two deploys at once: one fails clearly naming the holder; they never interleave', async (t) => {
  if (!ready(t)) return;
  proxy.addRule({
    match: on('cloudformation', 'CreateStack'),
    fault: { kind: 'latency', ms: 150 },
  });
  const creates = () => proxy.log.filter((l) => l.action === 'CreateStack').length;
  const createsBefore = creates();
  const settled = await Promise.allSettled([
    deploy({ holder: 'first' }),
    deploy({ holder: 'second' }),
  ]);
  const won = settled.filter((s) => s.status === 'fulfilled');
  const lost = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
  assert.equal(won.length, 1);
  assert.equal(lost.length, 1);
  const e = lost[0].reason as CrosslineError;
  assert.equal(e.code, 'LockHeld');
  assert.match(
    e.message,
    /pipeline my-app is locked by another deploy: (first|second), since \d{4}-\d\d-\d\dT/,
  );
  assert.match(e.hint ?? '', /--force-unlock [0-9a-f]{12}/);
  assert.equal(creates() - createsBefore, 5, 'only the winner created stacks');
  // The lock is gone after the run.
  const lockApi = await deployEnvironment(pipeline, io, { env }).lockApi();
  assert.equal(await lockApi.read(lockName('my-app')), undefined);
});

void test('a stale lock: refused, --force-unlock needs its exact id, then the deploy runs', async (t) => {
  if (!ready(t)) return;
  const lockApi = await deployEnvironment(pipeline, io, { env }).lockApi();
  const stale = {
    id: 'abcdef123456',
    holder: 'ci@runner-7 pid 99',
    since: '2026-01-01T00:00:00.000Z',
    operation: 'deploy',
  };
  assert.equal(await lockApi.tryCreate(lockName('my-app'), JSON.stringify(stale), 'test'), true);
  await assert.rejects(
    deploy(),
    (e: CrosslineError) =>
      e.code === 'LockHeld' && e.message.includes('ci@runner-7 pid 99, since 2026-01-01'),
  );
  await assert.rejects(
    deploy({ forceUnlock: 'wrong' }),
    (e: CrosslineError) => e.code === 'UsageError' && /has id abcdef123456/.test(e.message),
  );
  const r = await deploy({ forceUnlock: 'abcdef123456' });
  assert.equal(r.result.ok, true);
  assert.equal(await lockApi.read(lockName('my-app')), undefined);
});

void test('broadening changes need a yes: "no" deploys nothing, "yes" deploys', async (t) => {
  if (!ready(t)) return;
  const asked: string[] = [];
  const host = (answer: boolean) => ({
    notify: io.notify,
    confirm: (q: string) => {
      asked.push(q);
      return Promise.resolve(answer);
    },
  });
  const opts = { env, outDir, holder: 'confirm-test', pollIntervalMs: 5 };
  const creates = () => proxy.log.filter((l) => l.action === 'CreateStack').length;
  const before = creates();
  await assert.rejects(
    runDeploy(pipeline, host(false), opts),
    (e: CrosslineError) => e.code === 'ConfirmationRequired' && /not confirmed/.test(e.message),
  );
  assert.equal(creates(), before, 'nothing created after a no');
  const r = await runDeploy(pipeline, host(true), opts);
  assert.equal(r.result.ok, true);
  assert.equal(asked.length, 2);
  assert.match(asked[0], /broaden access/);
  // Nothing broadens any more: no question asked.
  const again = await runDeploy(pipeline, host(false), opts);
  assert.equal(again.result.ok, true);
  assert.equal(asked.length, 2);
});

void test('no message of any scenario carries a credential', (t) => {
  if (!ready(t)) return;
  assert.ok(messages.length > 50);
  const text = JSON.stringify(messages.map((m) => [m.message, m.data]));
  const keys = new Set(
    proxy.log.map((l) => l.accessKeyId).filter((k): k is string => k !== undefined),
  );
  assert.ok(keys.size > 4, 'session keys were observed');
  for (const k of [...keys, TEST_CREDENTIALS.secretAccessKey])
    assert.ok(!text.includes(k), `${k.slice(0, 4)}… appears in a message`);
});
