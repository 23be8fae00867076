/**
 * explain reads the failing stack's events (DescribeStackEvents in the target account) for a
 * failed CloudFormation action and explains the first failed event's reason. The executions
 * come from the CodePipeline fake; the stacks from moto, through the fault proxy where moto
 * cannot produce a failed stack (it has no rollback; test/deploy/cfn-xml.ts).
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createSessionPool, createStackApi, type StackEvent } from '../../src/aws/index.js';
import { createPipelineApi, type PipelineApi } from '../../src/aws/pipeline-api.js';
import { firstFailure } from '../../src/ops/explain/index.js';
import { runExplain, type StackEventsReader } from '../../src/toolkit/explain.js';
import { REPO } from '../cli/run-cli.js';
import { failedEventsXml } from '../deploy/cfn-xml.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../support/fault-proxy.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';
import { DUMMY_CREDENTIALS, recordingIo } from './helpers.js';
import { readFileSync } from 'node:fs';

const TRUST = join(REPO, 'test/ops/fixtures/snapshot-trust-wrong-account.json');
const STAGING = '333333333333';
/** A reason CloudFormation writes when the execution role lacks an IAM action (Cloud Control handlers). */
const CREATE_ROLE_DENIED =
  'Resource handler returned message: "User: arn:aws:sts::333333333333:assumed-role/app-tr-cfn-exec/AWSCloudFormation is not authorized to perform: iam:CreateRole on resource: arn:aws:iam::333333333333:role/app-web because no identity-based policy allows the iam:CreateRole action (Service: Iam, Status Code: 403)"';
const ACTION_MESSAGE = 'Stack app-tr-staging in account 333333333333 is in ROLLBACK_COMPLETE state';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const ev = (
  id: string,
  logicalId: string,
  status: string,
  reason?: string,
  type = 'AWS::IAM::Role',
): StackEvent => ({
  id,
  timestamp: at(Number(id.slice(1))),
  logicalId,
  resourceType: logicalId === 'app' ? 'AWS::CloudFormation::Stack' : type,
  status,
  ...(reason === undefined ? {} : { reason }),
});

void describe("firstFailure: the cause among a stack operation's events", () => {
  void it('skips cancellations and the stack summary, and ignores earlier operations', () => {
    const newestFirst = [
      ev('e9', 'app', 'UPDATE_ROLLBACK_COMPLETE'),
      ev(
        'e8',
        'app',
        'UPDATE_ROLLBACK_IN_PROGRESS',
        'The following resource(s) failed to update: [Web].',
      ),
      ev('e7', 'Queue', 'UPDATE_FAILED', 'Resource update cancelled'),
      ev('e6', 'Web', 'UPDATE_FAILED', 'the real cause'),
      ev('e5', 'app', 'UPDATE_IN_PROGRESS', 'User Initiated'),
      ev('e4', 'app', 'CREATE_COMPLETE'),
      ev('e3', 'Old', 'CREATE_FAILED', 'an older operation'),
      ev('e2', 'app', 'CREATE_IN_PROGRESS', 'User Initiated'),
    ];
    assert.equal(firstFailure(newestFirst, 'app')?.reason, 'the real cause');
    assert.equal(firstFailure(newestFirst.slice(4), 'app'), undefined);
    // Only a cancellation failed: that is still the first failure.
    assert.equal(
      firstFailure(
        newestFirst.slice(2).filter((e) => e.id !== 'e6'),
        'app',
      )?.id,
      'e7',
    );
  });
});

let moto: MotoServer | undefined;
let proxy: FaultProxy;
let fake: CodePipelineFake;
let api: PipelineApi;
let stacks: StackEventsReader;

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  proxy = await startFaultProxy({ target: moto.endpoint });
  const snapshot = JSON.parse(readFileSync(TRUST, 'utf8')) as {
    pipeline: { pipeline: Record<string, unknown> };
  };
  fake = await startCodePipelineFake({
    pipelines: [
      {
        declaration: snapshot.pipeline.pipeline,
        account: '111111111111',
        runs: [
          { 'staging/app-tr-staging': { fail: { code: 'JobFailed', message: ACTION_MESSAGE } } },
        ],
      },
    ],
  });
  api = await createPipelineApi({
    region: 'us-east-1',
    endpoint: fake.endpoint,
    credentials: DUMMY_CREDENTIALS,
  });
  const pool = createSessionPool({
    region: 'us-east-1',
    assumeRole: 'OrganizationAccountAccessRole',
    endpoint: proxy.endpoint,
    baseCredentials: () => Promise.resolve(TEST_CREDENTIALS),
    retry: { maxAttempts: 1 },
  });
  stacks = async (account) => createStackApi(await pool.get({ alias: account, id: account }));
});
after(async () => {
  await fake?.close();
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

const isEventsOf = (stack: string) => (r: ProxiedRequest) =>
  r.service === 'cloudformation' &&
  r.action === 'DescribeStackEvents' &&
  r.params.get('StackName') === stack;

async function failedRun(): Promise<string> {
  const id = await api.startExecution('app-tr');
  fake.settle();
  return id;
}

void describe('explain EXECUTION_ID with a failed CloudFormation action', () => {
  void it('explains the first failed stack event read in the target account', async (t) => {
    if (!ready(t)) return;
    const stackId = `arn:aws:cloudformation:us-east-1:${STAGING}:stack/app-tr-staging/canned`;
    const rule = proxy.addRule({
      match: isEventsOf('app-tr-staging'),
      fault: {
        kind: 'respond',
        status: 200,
        body: failedEventsXml(
          'app-tr-staging',
          stackId,
          'WebRole',
          'AWS::IAM::Role',
          CREATE_ROLE_DENIED,
        ),
      },
    });
    const executionId = await failedRun();
    const io = recordingIo();
    const run = await runExplain({ pipeline: 'app-tr', region: 'us-east-1', api }, io, {
      snapshot: TRUST,
      executionId,
      stacks,
    });
    rule.remove();
    assert.equal(rule.hits, 1);
    assert.equal(run.exitCode, 1);
    const [e] = run.explanations;
    assert.equal(e.message, CREATE_ROLE_DENIED);
    assert.equal(e.stackEvent?.account, STAGING);
    assert.equal(e.stackEvent?.logicalId, 'WebRole');
    assert.equal(e.stackEvent?.status, 'CREATE_FAILED');
    const [r] = e.requests;
    assert.equal(r.principal, 'arn:aws:iam::333333333333:role/app-tr-cfn-exec');
    assert.equal(r.action, 'iam:CreateRole');
    assert.equal(r.side, 'identity');
    assert.match(r.fix, /add iam:CreateRole to its Action/);
    // The session that read the events was the staging account's (assumed through STS).
    assert.ok(
      proxy.log.some((l) => l.service === 'sts' && l.action === 'AssumeRole'),
      'assumed a role in the target account',
    );
    assert.ok(
      io.messages.some((m) => m.code === 'explain.stack-event' && /WebRole/.test(m.message)),
    );
  });

  void it("falls back to the action's message when the stack has no failed event (moto's own events)", async (t) => {
    if (!ready(t)) return;
    const cfn = await stacks(STAGING, 'us-east-1');
    await (cfn as ReturnType<typeof createStackApi>).create({
      stackName: 'app-tr-staging',
      templateBody: JSON.stringify({
        Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'app-tr-t' } } },
      }),
      parameters: {},
      tags: {},
    });
    const executionId = await failedRun();
    const io = recordingIo();
    const run = await runExplain({ pipeline: 'app-tr', region: 'us-east-1', api }, io, {
      snapshot: TRUST,
      executionId,
      stacks,
    });
    assert.deepEqual(
      run.explanations.map((e) => [e.message, e.stackEvent]),
      [[ACTION_MESSAGE, undefined]],
    );
    assert.equal(run.exitCode, 2, 'the action message alone is not understood');
    assert.ok(
      io.messages.some(
        (m) => m.code === 'explain.stack-event' && /no failed event/.test(m.message),
      ),
    );
    assert.ok(
      proxy.log.some((l) => l.action === 'DescribeStackEvents' && l.outcome === 'forwarded'),
    );
  });
});
