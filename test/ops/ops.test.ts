import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createPipelineApi, type PipelineApi } from '../../src/aws/pipeline-api.js';
import { CrosslineError } from '../../src/errors/index.js';
import {
  decideApproval,
  executionConsoleUrl,
  pipelineStatus,
  startPipeline,
  watchExecution,
} from '../../src/ops/index.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
import {
  ACCOUNTS,
  FAILING_AT_PROD_RUN,
  SUCCEEDING_RUN,
  myAppPipeline,
} from '../fakes/pipelines.js';
import { DUMMY_CREDENTIALS, MY_APP_REF, fakeClock, recordingIo } from './helpers.js';

let fake: CodePipelineFake;
let api: PipelineApi;

async function fresh(
  runs = [SUCCEEDING_RUN, FAILING_AT_PROD_RUN],
  autoAdvance = true,
): Promise<void> {
  await fake?.close();
  fake = await startCodePipelineFake({ pipelines: [myAppPipeline(runs)], autoAdvance });
  api = await createPipelineApi({
    region: 'us-east-1',
    endpoint: fake.endpoint,
    credentials: DUMMY_CREDENTIALS,
    maxAttempts: 1,
  });
}

void before(() => fresh());
void after(() => fake.close());

void describe('SDK adapter against the CodePipeline fake', () => {
  void it('reads the declaration with its ARN, and the state after a start', async () => {
    await fresh();
    const doc = await api.getPipeline('my-app');
    assert.equal(
      doc.metadata?.pipelineArn,
      `arn:aws:codepipeline:us-east-1:${ACCOUNTS.tools}:my-app`,
    );
    assert.deepEqual(
      doc.pipeline.stages.map((s) => s.name),
      ['Source', 'Build', 'staging', 'prod'],
    );
    const id = await api.startExecution('my-app');
    const state = await api.getState('my-app');
    assert.equal(state.stages[0].executionId, id);
    assert.equal(state.stages[0].actions[0].status, 'InProgress');
    assert.equal(state.stages[1].status, undefined, 'Build has not started');
  });

  void it('lists executions most recent first, with ISO timestamps', async () => {
    await fresh();
    const first = await api.startExecution('my-app');
    const second = await api.startExecution('my-app');
    const list = await api.listExecutions('my-app', 5);
    assert.deepEqual(
      list.map((e) => e.executionId),
      [second, first],
    );
    assert.match(list[0].startTime!, /^\d{4}-\d\d-\d\dT/);
    assert.equal(list[0].trigger, 'StartPipelineExecution');
    assert.equal((await api.listExecutions('my-app', 1)).length, 1);
  });

  void it('maps an unknown pipeline to PipelineNotFound with a hint', async () => {
    await assert.rejects(api.getState('nope'), (e: unknown) => {
      assert.ok(e instanceof CrosslineError);
      assert.equal(e.code, 'PipelineNotFound');
      assert.match(e.message, /'nope' not found in us-east-1/);
      assert.match(e.hint ?? '', /--pipeline/);
      return true;
    });
  });

  void it('reads every action execution of one run with the role it ran as', async () => {
    await fresh();
    const id = await api.startExecution('my-app');
    fake.settle();
    const actions = await api.listActionExecutions('my-app', id);
    const source = actions.find((a) => a.action === 'Source');
    assert.equal(source?.roleArn, `arn:aws:iam::${ACCOUNTS.source}:role/my-app-source`);
    assert.equal(source?.status, 'Succeeded');
    assert.equal(actions.find((a) => a.action === 'Approve')?.status, 'InProgress');
  });
});

void describe('status', () => {
  void it('shows each stage and action with its state and the account it runs in', async () => {
    await fresh();
    await api.startExecution('my-app');
    fake.settle();
    const report = await pipelineStatus(api, MY_APP_REF, recordingIo());
    assert.deepEqual(report.account, { id: ACCOUNTS.tools, alias: 'tools' });
    const action = (stage: string, name: string) =>
      report.stages.find((s) => s.stage === stage)!.actions.find((a) => a.action === name)!;
    assert.deepEqual(action('Source', 'Source').account, { id: ACCOUNTS.source, alias: 'source' });
    assert.equal(action('Source', 'Source').status, 'Succeeded');
    assert.deepEqual(
      action('Build', 'Build').account,
      { id: ACCOUNTS.tools, alias: 'tools' },
      'no roleArn: the pipeline account',
    );
    assert.deepEqual(action('staging', 'my-app-staging').account, {
      id: ACCOUNTS.staging,
      alias: 'staging',
    });
    assert.equal(action('prod', 'Approve').awaitingApproval, true);
    assert.equal(action('prod', 'my-app-prod').status, undefined, 'not run yet');
    assert.deepEqual(action('prod', 'my-app-prod').account, { id: ACCOUNTS.prod, alias: 'prod' });
    assert.equal(report.executions.length, 1);
    assert.match(report.executions[0].consoleUrl!, /us-east-1\.console\.aws\.amazon\.com/);
  });

  void it('derives the pipeline account from its ARN when no config says so', async () => {
    const report = await pipelineStatus(
      api,
      { ...MY_APP_REF, account: undefined, aliases: new Map() },
      recordingIo(),
    );
    assert.deepEqual(report.account, { id: ACCOUNTS.tools });
    assert.deepEqual(report.stages[0].actions[0].account, { id: ACCOUNTS.source });
  });
});

void describe('start, watch and approve', () => {
  void it('watches a run to success, releasing the manual approval on the way', async () => {
    await fresh();
    const io = recordingIo();
    const started = await startPipeline(api, MY_APP_REF, io);
    let approved = 0;
    const clock = fakeClock(async () => {
      const state = await api.getState('my-app');
      if (state.stages.find((s) => s.stage === 'prod')?.actions.some((a) => a.token)) {
        await decideApproval(
          api,
          MY_APP_REF,
          { stage: 'prod', decision: 'Approved', comment: 'ship it' },
          io,
        );
        approved += 1;
      }
    });
    const result = await watchExecution(api, MY_APP_REF, io, {
      executionId: started.executionId,
      intervalMs: 1000,
      clock,
    });
    assert.equal(result.succeeded, true);
    assert.equal(result.status, 'Succeeded');
    assert.equal(approved, 1);
    assert.deepEqual(result.failures, []);
    assert.deepEqual(
      result.actions.map((a) => `${a.stage}/${a.action}:${a.status}`),
      [
        'Source/Source:Succeeded',
        'Build/Build:Succeeded',
        'staging/my-app-staging:Succeeded',
        'prod/Approve:Succeeded',
        'prod/my-app-prod:Succeeded',
      ],
    );
    const progress = io.messages.filter((m) => m.code === 'watch.action').map((m) => m.message);
    assert.ok(
      progress.some((m) => /prod\/Approve\s+InProgress[\s\S]*crossline approve prod/.test(m)),
      progress.join('\n'),
    );
    assert.ok(
      progress.some((m) =>
        /staging\/my-app-staging\s+InProgress\s+\(staging 333333333333, us-east-1\)/.test(m),
      ),
    );
    const put = fake.requests.find((r) => r.operation === 'PutApprovalResult');
    assert.deepEqual(put?.body.result, { status: 'Approved', summary: 'ship it' });
  });

  void it('reports the failing cross-account action with its error and a console link', async () => {
    await fresh([FAILING_AT_PROD_RUN]);
    const io = recordingIo();
    const { executionId } = await startPipeline(api, MY_APP_REF, io);
    const clock = fakeClock(async () => {
      const prod = (await api.getState('my-app')).stages.find((s) => s.stage === 'prod');
      if (prod?.actions.some((a) => a.token))
        await decideApproval(api, MY_APP_REF, { stage: 'prod', decision: 'Approved' }, io);
    });
    // No execution id: watch follows the most recent run.
    const result = await watchExecution(api, MY_APP_REF, io, { intervalMs: 10, clock });
    assert.equal(result.executionId, executionId);
    assert.equal(result.succeeded, false);
    assert.equal(result.status, 'Failed');
    assert.equal(result.failures.length, 1);
    const [failure] = result.failures;
    assert.equal(failure.stage, 'prod');
    assert.equal(failure.action, 'my-app-prod');
    assert.deepEqual(failure.account, { id: ACCOUNTS.prod, alias: 'prod' });
    assert.match(failure.error!.message!, /Insufficient permissions.*iam:PassRole/);
    assert.equal(
      result.consoleUrl,
      `https://us-east-1.console.aws.amazon.com/codesuite/codepipeline/pipelines/my-app/executions/${executionId}/timeline?region=us-east-1`,
    );
  });

  void it('stops at the timeout while the run waits, and says so', async () => {
    await fresh();
    const { executionId } = await startPipeline(api, MY_APP_REF, recordingIo());
    const clock = fakeClock();
    const result = await watchExecution(api, MY_APP_REF, recordingIo(), {
      executionId,
      intervalMs: 1000,
      timeoutMs: 20_000,
      clock,
    });
    assert.equal(result.timedOut, true);
    assert.equal(result.status, 'InProgress');
    assert.equal(clock.sleeps, 20);
  });

  void it('an interval longer than the timeout does not sleep past it', async () => {
    await fresh();
    const { executionId } = await startPipeline(api, MY_APP_REF, recordingIo());
    const clock = fakeClock();
    const result = await watchExecution(api, MY_APP_REF, recordingIo(), {
      executionId,
      intervalMs: 30_000,
      timeoutMs: 5_000,
      clock,
    });
    assert.equal(result.timedOut, true);
    assert.equal(clock.now(), 5_000, 'gave up at --timeout, not at the next poll');
  });

  void it('a deadline that fires during a poll ends the watch with what it saw', async () => {
    await fresh();
    const { executionId } = await startPipeline(api, MY_APP_REF, recordingIo());
    let polls = 0;
    const hanging: PipelineApi = {
      ...api,
      // The second poll never answers (an endpoint gone silent).
      listActionExecutions: (p, id) =>
        ++polls === 1 ? api.listActionExecutions(p, id) : new Promise(() => undefined),
      getState: () => Promise.reject(new Error('no request starts after the deadline')),
    };
    const deadline = new AbortController();
    setTimeout(() => deadline.abort(new Error('deadline')), 50);
    const result = await watchExecution(hanging, MY_APP_REF, recordingIo(), {
      executionId,
      intervalMs: 1000,
      clock: fakeClock(),
      deadline: deadline.signal,
    });
    assert.equal(polls, 2);
    assert.equal(result.timedOut, true);
    assert.equal(result.status, 'InProgress');
    assert.ok(result.actions.length > 0, 'the first poll is the answer');
  });

  void it('a rejection fails the run with the comment as the reason', async () => {
    await fresh();
    const { executionId } = await api.startExecution('my-app').then((id) => ({ executionId: id }));
    fake.settle();
    const outcome = await decideApproval(
      api,
      MY_APP_REF,
      { stage: 'PROD', decision: 'Rejected', comment: 'not on a Friday' },
      recordingIo(),
    );
    assert.equal(outcome.stage, 'prod', 'stage names match case-insensitively');
    assert.equal(outcome.action, 'Approve');
    assert.equal(outcome.executionId, executionId);
    fake.settle();
    const result = await watchExecution(api, MY_APP_REF, recordingIo(), {
      executionId,
      clock: fakeClock(),
    });
    assert.equal(result.status, 'Failed');
    assert.match(result.failures[0].error!.message!, /not on a Friday/);
  });

  void it('refuses to approve where nothing waits, pointing at where something does', async () => {
    await fresh();
    await api.startExecution('my-app');
    fake.settle();
    await assert.rejects(
      decideApproval(api, MY_APP_REF, { stage: 'staging', decision: 'Approved' }, recordingIo()),
      (e: unknown) => {
        assert.ok(e instanceof CrosslineError);
        assert.match(e.message, /no approval is waiting in stage 'staging'/);
        assert.match(e.hint ?? '', /waiting in: prod/);
        return true;
      },
    );
    await assert.rejects(
      decideApproval(api, MY_APP_REF, { stage: 'qa', decision: 'Approved' }, recordingIo()),
      /has no stage 'qa'/,
    );
    assert.equal(fake.requests.filter((r) => r.operation === 'PutApprovalResult').length, 0);
  });
});

void describe('console links', () => {
  void it('use the console domain of the partition', () => {
    assert.match(
      executionConsoleUrl('aws-cn', 'cn-north-1', 'p', 'e')!,
      /^https:\/\/console\.amazonaws\.cn\/.*region=cn-north-1$/,
    );
    assert.match(
      executionConsoleUrl('aws-us-gov', 'us-gov-west-1', 'p', 'e')!,
      /^https:\/\/console\.amazonaws-us-gov\.com\//,
    );
    assert.equal(executionConsoleUrl('aws-iso', 'us-iso-east-1', 'p', 'e'), undefined);
  });
});
