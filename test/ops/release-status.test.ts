/**
 * `status` and `watch` on the release example (examples/release-flow.yml) against the
 * CodePipeline fake: change-set actions and the stage tests read as what they do, and a failed
 * test action carries the console link to its build's log.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { createPipelineApi } from '../../src/aws/pipeline-api.js';
import { loadConfigFile } from '../../src/config/index.js';
import { pipelineStatus, watchExecution, type PipelineRef } from '../../src/ops/index.js';
import { synthesize } from '../../src/synth/index.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
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
const BUILD_ID = 'shop-staging-test:0b8a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const LOG_URL = `https://eu-west-1.console.aws.amazon.com/codesuite/codebuild/111111111111/projects/shop-staging-test/build/${encodeURIComponent(BUILD_ID)}/log?region=eu-west-1`;

let fake: CodePipelineFake | undefined;
after(() => fake?.close());

async function failingTests() {
  await fake?.close();
  fake = await startCodePipelineFake({
    region: 'eu-west-1',
    pipelines: [
      {
        declaration,
        account: '111111111111',
        runs: [
          {
            'staging/Test': {
              fail: { code: 'JobFailed', message: 'Build terminated with state: FAILED' },
              externalExecutionId: BUILD_ID,
            },
          },
        ],
      },
    ],
  });
  return createPipelineApi({
    region: 'eu-west-1',
    endpoint: fake.endpoint,
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 1,
  });
}

void test('status labels change sets and tests; a failed test action links to its log', async () => {
  const api = await failingTests();
  await api.startExecution('shop');
  fake!.settle();
  const report = await pipelineStatus(api, REF, recordingIo());
  const stage = (name: string) => report.stages.find((s) => s.stage === name)!;
  const test = stage('staging').actions.find((a) => a.action === 'Test')!;
  assert.equal(test.status, 'Failed');
  assert.equal(test.label, 'tests (CodeBuild shop-staging-test)');
  assert.equal(test.logUrl, LOG_URL);
  assert.deepEqual(test.account, { id: '111111111111', alias: 'tools' });
  const deploy = stage('staging').actions.find((a) => a.category === 'Deploy')!;
  assert.equal(deploy.label, undefined, 'a create-update deploy keeps its stack name only');
  assert.equal(deploy.logUrl, undefined);
  const labels = stage('prod').actions.map((a) => a.label ?? a.category);
  assert.deepEqual(labels, [
    'create change set shop-release of shop-data',
    'create change set shop-release of shop-prod',
    'Approval',
    'execute change set shop-release of shop-data',
    'execute change set shop-release of shop-prod',
  ]);
  assert.deepEqual(stage('prod').actions[0].account, { id: '444444444444', alias: 'prod' });
});

void test('watch reports the failed test with its label and log link', async () => {
  const api = await failingTests();
  const io = recordingIo();
  const executionId = await api.startExecution('shop');
  const result = await watchExecution(api, REF, io, {
    executionId,
    intervalMs: 10,
    clock: fakeClock(),
    timeoutMs: 600_000,
  });
  assert.equal(result.succeeded, false);
  assert.equal(result.failures.length, 1);
  const [f] = result.failures;
  assert.equal(`${f.stage}/${f.action}`, 'staging/Test');
  assert.equal(f.label, 'tests (CodeBuild shop-staging-test)');
  assert.equal(f.logUrl, LOG_URL);
  const line = io.messages.find(
    (m) => m.code === 'watch.action' && /staging\/Test +Failed/.test(m.message),
  );
  assert.ok(line, io.messages.map((m) => m.message).join('\n'));
  assert.match(line.message, /tests \(CodeBuild shop-staging-test\)/);
  assert.match(line.message, new RegExp(`log: ${LOG_URL.replace(/[.?]/g, '\\$&')}`));
});
