/**
 * Rollback on the release example (examples/release-flow.yml, prod `onFailure: rollback`)
 * against the CodePipeline fake: a failed prod stage gets an execution of type ROLLBACK back
 * to the last run that succeeded there, and `status` / `watch` say so in words. Also the two
 * other release situations the fake plays: change sets waiting for the approval, and (in
 * release-status.test.ts) a failed test action.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createPipelineApi, type PipelineApi } from '../../src/aws/pipeline-api.js';
import { loadConfigFile } from '../../src/config/index.js';
import { pipelineStatus, watchExecution, type PipelineRef } from '../../src/ops/index.js';
import { synthesize } from '../../src/synth/index.js';
import { runCli } from '../cli/run-cli.js';
import {
  startCodePipelineFake,
  type CodePipelineFake,
  type FakeRunScript,
} from '../fakes/codepipeline-fake.js';
import { DUMMY_CREDENTIALS, fakeClock, recordingIo } from './helpers.js';

const pipeline = loadConfigFile('examples/release-flow.yml').pipeline;
const declaration = (synthesize(pipeline).pipelineJson as { pipeline: Record<string, unknown> })
  .pipeline;
const REF: PipelineRef = {
  name: 'shop',
  region: 'eu-west-1',
  partition: 'aws',
  account: '111111111111',
  aliases: new Map(pipeline.accounts.map((a) => [a.id, a.alias])),
};
const PROD_FAILS: FakeRunScript = {
  'prod/prod-shop-prod-execute': {
    fail: { code: 'JobFailed', message: 'Stack shop-prod is in UPDATE_ROLLBACK_COMPLETE state' },
  },
};
const STAGING_FAILS: FakeRunScript = {
  'staging/Test': { fail: { code: 'JobFailed', message: 'Build terminated with state: FAILED' } },
};

let fake: CodePipelineFake | undefined;
after(() => fake?.close());

async function withRuns(
  runs: FakeRunScript[],
  decl: Record<string, unknown> = declaration,
): Promise<PipelineApi> {
  await fake?.close();
  fake = await startCodePipelineFake({
    region: 'eu-west-1',
    pipelines: [{ declaration: decl, account: '111111111111', runs }],
  });
  return createPipelineApi({
    region: 'eu-west-1',
    endpoint: fake.endpoint,
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 1,
  });
}

/** Approves the approvals waiting now (of `execution` only, when given); moves nothing on. */
async function approveWaiting(api: PipelineApi, execution?: string): Promise<number> {
  const state = await api.getState('shop');
  const waiting = state.stages
    .filter((s) => execution === undefined || s.executionId === execution)
    .flatMap((s) => s.actions.map((a) => ({ stage: s.stage, ...a })))
    .filter((a) => a.token !== undefined && a.status === 'InProgress');
  for (const a of waiting)
    await api.putApprovalResult({
      pipeline: 'shop',
      stage: a.stage,
      action: a.action,
      token: a.token!,
      status: 'Approved',
      summary: 'ok',
    });
  return waiting.length;
}

/** Approves every approval as it comes and runs on until nothing moves. */
async function approveAll(api: PipelineApi): Promise<void> {
  for (let i = 0; i < 5; i++) {
    fake!.settle();
    if ((await approveWaiting(api)) === 0) return;
  }
}

/** Run 1 succeeds (approved), run 2 fails at prod's second execute: prod rolls back to run 1. */
async function failedRelease(): Promise<{ api: PipelineApi; first: string; second: string }> {
  const api = await withRuns([{}, PROD_FAILS]);
  const first = await api.startExecution('shop');
  await approveAll(api);
  const second = await api.startExecution('shop');
  fake!.settle();
  await approveAll(api);
  return { api, first, second };
}

void test('the fake: change sets are created, then the prod approval waits before executing', async () => {
  const api = await withRuns([{}]);
  await api.startExecution('shop');
  fake!.settle();
  assert.deepEqual(fake!.waitingApprovals(), ['prod/Approve']);
  const report = await pipelineStatus(api, REF, recordingIo());
  const prod = report.stages.find((s) => s.stage === 'prod')!;
  assert.deepEqual(
    prod.actions.map((a) => [a.label ?? a.action, a.status ?? '-', a.awaitingApproval]),
    [
      ['create change set shop-release of shop-data', 'Succeeded', false],
      ['create change set shop-release of shop-prod', 'Succeeded', false],
      ['Approve', 'InProgress', true],
      ['execute change set shop-release of shop-data', '-', false],
      ['execute change set shop-release of shop-prod', '-', false],
    ],
  );
  assert.equal(prod.rollback, undefined, 'nothing rolls back');
});

void test('the fake: a failed prod stage rolls back to the last run that succeeded there', async () => {
  const { api, first, second } = await failedRelease();
  const [rollback, failed, succeeded] = await api.listExecutions('shop', 10);
  assert.deepEqual(
    [succeeded.executionId, succeeded.status, succeeded.type],
    [first, 'Succeeded', 'STANDARD'],
  );
  assert.deepEqual(
    [failed.executionId, failed.status, failed.type],
    [second, 'Failed', 'STANDARD'],
  );
  assert.equal(rollback.type, 'ROLLBACK');
  assert.equal(rollback.trigger, 'AutomatedRollback');
  assert.equal(rollback.rollbackTargetExecutionId, first);
  assert.equal(rollback.status, 'Succeeded', 'its approval was approved, so it ran through');
  const info = await api.getExecution('shop', rollback.executionId);
  assert.deepEqual([info.type, info.rollbackTargetExecutionId], ['ROLLBACK', first]);
  // The rollback runs prod alone: staging's latest is still run 2, prod's the rollback.
  const state = await api.getState('shop');
  const stage = (name: string) => state.stages.find((s) => s.stage === name)!;
  assert.deepEqual([stage('staging').executionId, stage('staging').type], [second, 'STANDARD']);
  assert.deepEqual(
    [stage('prod').executionId, stage('prod').type, stage('prod').status],
    [rollback.executionId, 'ROLLBACK', 'Succeeded'],
  );
  const actions = await api.listActionExecutions('shop', rollback.executionId);
  assert.deepEqual([...new Set(actions.map((a) => a.stage))], ['prod']);
  assert.equal(actions.length, 5, 'every prod action ran again, with run 1 as the target');
});

void test('the fake: no rollback without an earlier success, for RETRY stages or in PARALLEL', async () => {
  let api = await withRuns([PROD_FAILS]);
  await api.startExecution('shop');
  await approveAll(api);
  assert.deepEqual(
    (await api.listExecutions('shop', 10)).map((e) => [e.status, e.type]),
    [['Failed', 'STANDARD']],
    'the first run has nothing to roll back to',
  );
  api = await withRuns([{}, STAGING_FAILS]);
  await api.startExecution('shop');
  await approveAll(api);
  await api.startExecution('shop');
  fake!.settle();
  assert.deepEqual(
    (await api.listExecutions('shop', 10)).map((e) => e.type),
    ['STANDARD', 'STANDARD'],
    'staging retries (onFailure RETRY), it does not roll back',
  );
  api = await withRuns([{}, PROD_FAILS], { ...declaration, executionMode: 'PARALLEL' });
  await api.startExecution('shop');
  await approveAll(api);
  await api.startExecution('shop');
  await approveAll(api);
  assert.deepEqual(
    (await api.listExecutions('shop', 10)).map((e) => e.type),
    ['STANDARD', 'STANDARD'],
    'rollback is not available in PARALLEL mode',
  );
});

void test('status says which stage rolls back to which run, while and after it runs', async () => {
  const api = await withRuns([{}, PROD_FAILS]);
  const first = await api.startExecution('shop');
  await approveAll(api);
  await api.startExecution('shop');
  fake!.settle();
  await approveWaiting(api);
  fake!.settle(); // run 2 fails at prod; the rollback waits at its own approval
  let report = await pipelineStatus(api, REF, recordingIo());
  let prod = report.stages.find((s) => s.stage === 'prod')!;
  const rollbackId = report.executions[0].executionId;
  assert.deepEqual(prod.rollback, {
    stage: 'prod',
    executionId: rollbackId,
    targetExecutionId: first,
    status: 'InProgress',
    text: `prod is rolling back to execution ${first} (rollback run ${rollbackId}, in progress)`,
  });
  assert.equal(prod.actions.find((a) => a.action === 'Approve')!.awaitingApproval, true);
  assert.equal(report.executions[0].rollback, `rollback of prod to execution ${first}`);
  assert.equal(report.executions[1].rollback, undefined, 'the failed run is not a rollback');
  assert.equal(report.stages.find((s) => s.stage === 'staging')!.rollback, undefined);

  await approveAll(api);
  report = await pipelineStatus(api, REF, recordingIo());
  prod = report.stages.find((s) => s.stage === 'prod')!;
  assert.equal(
    prod.rollback?.text,
    `prod rolled back to execution ${first} (rollback run ${rollbackId} succeeded)`,
  );
});

void test('watch of the failed run reports the rollback CodePipeline started', async () => {
  const api = await withRuns([{}, PROD_FAILS]);
  const first = await api.startExecution('shop');
  await approveAll(api);
  const second = await api.startExecution('shop');
  const io = recordingIo();
  const result = await watchExecution(api, REF, io, {
    executionId: second,
    intervalMs: 10,
    timeoutMs: 600_000,
    // Approve run 2's prod approval as soon as it waits (watch itself moves the run on).
    clock: fakeClock(async () => void (await approveWaiting(api, second))),
  });
  assert.equal(result.status, 'Failed');
  assert.deepEqual(
    result.failures.map((f) => `${f.stage}/${f.action}`),
    ['prod/prod-shop-prod-execute'],
  );
  const rollbackId = (await api.listExecutions('shop', 1))[0].executionId;
  assert.equal(result.rollback?.stage, 'prod');
  assert.equal(result.rollback?.targetExecutionId, first);
  assert.equal(result.rollback?.executionId, rollbackId);
  assert.match(
    result.rollback?.text ?? '',
    new RegExp(`^prod is rolling back to execution ${first} \\(rollback run ${rollbackId}`),
  );
  const said = io.messages.filter((m) => m.code === 'watch.rollback').map((m) => m.message);
  assert.deepEqual(said, [`  ${result.rollback.text}`]);
});

void test('watch of a rollback run says what it rolls back to; watch warns when none can start', async () => {
  const { api, first } = await failedRelease();
  const [rollback] = await api.listExecutions('shop', 1);
  const io = recordingIo();
  const result = await watchExecution(api, REF, io, {
    executionId: rollback.executionId,
    intervalMs: 10,
    clock: fakeClock(),
  });
  assert.equal(result.succeeded, true);
  assert.equal(
    result.rollback?.text,
    `prod rolled back to execution ${first} (rollback run ${rollback.executionId} succeeded)`,
  );
  assert.deepEqual(
    io.messages.filter((m) => m.code === 'watch.rollback').map((m) => m.message),
    [
      `  execution ${rollback.executionId} is a rollback to execution ${first}`,
      `  ${result.rollback.text}`,
    ],
  );

  // The first run fails at prod: there is no earlier success to roll back to.
  const lone = await withRuns([PROD_FAILS]);
  const id = await lone.startExecution('shop');
  const io2 = recordingIo();
  const failed = await watchExecution(lone, REF, io2, {
    executionId: id,
    intervalMs: 10,
    timeoutMs: 600_000,
    clock: fakeClock(async () => void (await approveWaiting(lone, id))),
  });
  assert.equal(failed.status, 'Failed');
  assert.equal(failed.rollback, undefined);
  const warning = io2.messages.find((m) => m.code === 'watch.rollback');
  assert.equal(warning?.level, 'warn');
  assert.match(
    warning?.message ?? '',
    /prod rolls back on failure, but no rollback run has started/,
  );
});

void test('crossline status prints the rollback under its stage and in the run list', async () => {
  const { first } = await failedRelease();
  const cli = (args: string[]) =>
    runCli(
      [...args, '--pipeline', 'shop', '--region', 'eu-west-1', '--endpoint-url', fake!.endpoint],
      {
        env: {
          AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
          AWS_SECRET_ACCESS_KEY: 'not-a-secret',
          AWS_EC2_METADATA_DISABLED: 'true',
          AWS_CONFIG_FILE: '/nonexistent/crossline-test/config',
          AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/crossline-test/credentials',
        },
      },
    );
  const run = await cli(['status']);
  assert.equal(run.status, 0, run.stderr);
  const id = '[0-9a-f-]{36}';
  assert.match(run.stdout, new RegExp(`AutomatedRollback  rollback of prod to execution ${first}`));
  assert.match(
    run.stdout,
    new RegExp(
      `\\n  prod +Succeeded  \\(run ${id}\\)\\n    prod rolled back to execution ${first} \\(rollback run ${id} succeeded\\)\\n`,
    ),
  );
  // watch with no id follows the most recent run: the rollback, and says so.
  const watched = await cli(['watch', '--interval', '0.02']);
  assert.equal(watched.status, 0, watched.stderr);
  assert.match(watched.stderr, new RegExp(`is a rollback to execution ${first}`));
  assert.match(watched.stderr, new RegExp(`prod rolled back to execution ${first}`));
});
