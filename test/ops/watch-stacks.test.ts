/**
 * watch streams the stack events of a running CloudFormation action from the target account:
 * only events the action's run produces (not an earlier deploy's), each with its account; on
 * failure the first failing event and the explain command. Executions come from the
 * CodePipeline fake, stacks from moto (a failed stack through the fault proxy: moto has no
 * rollback, test/deploy/cfn-xml.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSessionPool, createStackApi, type StackApi } from '../../src/aws/index.js';
import { createPipelineApi, type PipelineApi } from '../../src/aws/pipeline-api.js';
import type { StackEventsReader } from '../../src/ops/explain/index.js';
import { watchExecution } from '../../src/ops/index.js';
import { failedEventsXml } from '../deploy/cfn-xml.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
import { ACCOUNTS, MY_APP_DECLARATION } from '../fakes/pipelines.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';
import { DUMMY_CREDENTIALS, MY_APP_REF, fakeClock, recordingIo } from './helpers.js';

const STACK = 'my-app-staging';
/** my-app up to its staging deploy (no approval to answer). */
const DECLARATION = { ...MY_APP_DECLARATION, stages: MY_APP_DECLARATION.stages.slice(0, 3) };
const FAILURE = 'Stack my-app-staging is in ROLLBACK_COMPLETE state';
const REASON = 'Resource handler returned message: "Access Denied (Service: S3, Status Code: 403)"';

const template = (topics: string[]): string =>
  JSON.stringify({
    Resources: Object.fromEntries(
      topics.map((t) => [t, { Type: 'AWS::SNS::Topic', Properties: { TopicName: t } }]),
    ),
  });

let moto: MotoServer | undefined;
let proxy: FaultProxy;
let stacks: StackEventsReader;
let staging: StackApi;

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  proxy = await startFaultProxy({ target: moto.endpoint });
  const pool = createSessionPool({
    region: 'us-east-1',
    assumeRole: 'OrganizationAccountAccessRole',
    endpoint: proxy.endpoint,
    baseCredentials: () => Promise.resolve(TEST_CREDENTIALS),
    retry: { maxAttempts: 1 },
  });
  stacks = async (account) => createStackApi(await pool.get({ alias: account, id: account }));
  staging = createStackApi(await pool.get({ alias: 'staging', id: ACCOUNTS.staging }));
  // An earlier deploy: its events are not this run's.
  await staging.create({
    stackName: STACK,
    templateBody: template(['Old']),
    parameters: {},
    tags: {},
  });
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});

function ready(t: { skip: (m: string) => void }): boolean {
  if (moto) return true;
  if (process.env.CI === 'true') throw new Error('moto_server is required when CI=true');
  console.error('skipping: moto_server is not installed');
  t.skip('moto_server missing');
  return false;
}

async function pipeline(
  fail: boolean,
): Promise<{ fake: CodePipelineFake; api: PipelineApi; id: string }> {
  const fake = await startCodePipelineFake({
    pipelines: [
      {
        declaration: DECLARATION,
        account: ACCOUNTS.tools,
        runs: [
          {
            [`staging/${STACK}`]: {
              steps: 4,
              ...(fail ? { fail: { code: 'JobFailed', message: FAILURE } } : {}),
            },
          },
        ],
      },
    ],
  });
  const api = await createPipelineApi({
    region: 'us-east-1',
    endpoint: fake.endpoint,
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 1,
  });
  return { fake, api, id: await api.startExecution('my-app') };
}

const stagingRunning = (io: ReturnType<typeof recordingIo>): boolean =>
  io.messages.some(
    (m) => m.code === 'watch.action' && /staging\/my-app-staging\s+InProgress/.test(m.message),
  );

void describe('watch: stack events of a running CloudFormation action', () => {
  void it("streams the events of the run's own stack update, with the account, and not older ones", async (t) => {
    if (!ready(t)) return;
    const { fake, api, id } = await pipeline(false);
    const io = recordingIo();
    let updated = false;
    const clock = fakeClock(async () => {
      if (updated || !stagingRunning(io)) return;
      updated = true;
      // CloudFormation acting for the action: an update of the stack (a change set, as deploy does).
      await staging.createChangeSet({
        stackName: STACK,
        changeSetName: 'run',
        templateBody: template(['Old', 'New']),
        parameters: {},
        tags: {},
      });
      await staging.executeChangeSet(STACK, 'run');
    });
    const result = await watchExecution(api, MY_APP_REF, io, {
      executionId: id,
      intervalMs: 1000,
      clock,
      stacks,
    });
    await fake.close();
    assert.equal(result.succeeded, true);
    assert.ok(updated, 'the stack was updated while the action ran');
    const events = io.messages.filter((m) => m.code === 'watch.stack-event');
    assert.ok(events.length > 0, 'some events were streamed');
    for (const e of events) {
      assert.match(e.message, /my-app-staging \(staging 333333333333\): /);
      const data = e.data as { account: string; status: string; logicalId: string };
      assert.equal(data.account, ACCOUNTS.staging);
      assert.doesNotMatch(data.status, /^CREATE_/, `an event of the earlier deploy: ${e.message}`);
    }
    assert.ok(
      events.some((e) => /UPDATE_COMPLETE/.test(e.message)),
      events.map((e) => e.message).join('\n'),
    );
    assert.equal(
      new Set(events.map((e) => (e.data as { eventId: string }).eventId)).size,
      events.length,
      'each event once',
    );
  });

  void it('on failure prints the first failing event and the explain command', async (t) => {
    if (!ready(t)) return;
    const { fake, api, id } = await pipeline(true);
    const io = recordingIo();
    const stackId = `arn:aws:cloudformation:us-east-1:${ACCOUNTS.staging}:stack/${STACK}/canned`;
    let failing = false;
    const clock = fakeClock(() => {
      if (failing || !stagingRunning(io)) return;
      failing = true;
      proxy.addRule({
        match: (r) => r.service === 'cloudformation' && r.action === 'DescribeStackEvents',
        fault: {
          kind: 'respond',
          status: 200,
          body: failedEventsXml(STACK, stackId, 'Site', 'AWS::S3::Bucket', REASON),
        },
      });
    });
    const result = await watchExecution(api, MY_APP_REF, io, {
      executionId: id,
      intervalMs: 1000,
      clock,
      stacks,
    });
    await fake.close();
    proxy.clearRules();
    assert.equal(result.succeeded, false);
    const [f] = result.failures;
    assert.equal(f.stackFailure?.logicalId, 'Site');
    assert.equal(f.stackFailure?.reason, REASON);
    assert.equal(f.stackFailure?.account, ACCOUNTS.staging);
    const streamed = io.messages
      .filter((m) => m.code === 'watch.stack-event')
      .map((m) => m.message);
    assert.ok(
      streamed.some((m) => m.includes(`Site AWS::S3::Bucket CREATE_FAILED  ${REASON}`)),
      streamed.join('\n'),
    );
    const failure = io.messages.find((m) => m.code === 'watch.stack-failure');
    assert.match(
      failure?.message ?? '',
      /first failing event of my-app-staging \(staging 333333333333\): Site/,
    );
    assert.ok(failure?.message.includes(`crossline explain ${id}`));
  });

  void it('without a reader, follows actions only', async (t) => {
    if (!ready(t)) return;
    const { fake, api, id } = await pipeline(false);
    const io = recordingIo();
    const result = await watchExecution(api, MY_APP_REF, io, {
      executionId: id,
      intervalMs: 1000,
      clock: fakeClock(),
    });
    await fake.close();
    assert.equal(result.succeeded, true);
    assert.equal(io.messages.filter((m) => m.code.startsWith('watch.stack')).length, 0);
  });
});
