/**
 * start / status / watch / approve / reject through the real CLI (`node bin/crossline.js`)
 * against the CodePipeline fake, from the config and from --pipeline/--region.
 * Needs a build: `npx tsc -p tsconfig.build.json`.
 */
import assert from 'node:assert/strict';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type CliRun, FAKE_AWS_ENV, REPO, runCli, STACK_TRACE, tempDir } from '../cli/run-cli.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
import { ACCOUNTS, myAppPipeline } from '../fakes/pipelines.js';

let fake: CodePipelineFake;
let config: string;
let cleanup: () => void;

const ENV = FAKE_AWS_ENV;

/** The CLI with the config (-c) or any other selection, always at the fake's endpoint. */
function cli(args: readonly string[]): Promise<CliRun> {
  const selection = args.includes('--pipeline') ? [] : ['-c', config];
  return runCli([...args, ...selection, '--endpoint-url', fake.endpoint], { env: ENV });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Waits until the prod approval waits (the spawned `watch` is what moves the run on). */
async function untilApprovalWaits(): Promise<void> {
  for (let i = 0; i < 1000 && !fake.waitingApprovals().includes('prod/Approve'); i++) {
    await new Promise((res) => setTimeout(res, 20));
  }
  assert.deepEqual(
    fake.waitingApprovals(),
    ['prod/Approve'],
    'the prod approval never started waiting',
  );
}

void before(async () => {
  fake = await startCodePipelineFake({ pipelines: [myAppPipeline()] });
  const tmp = tempDir();
  cleanup = tmp.cleanup;
  config = join(tmp.dir, 'crossline.yml');
  copyFileSync(join(REPO, 'examples/four-accounts.yml'), config);
});

void after(async () => {
  await fake.close();
  cleanup();
});

void describe('crossline start / status / watch / approve (CLI against the fake)', () => {
  void it('runs a release: start prints the id, watch follows it, approve releases prod', async () => {
    const started = await cli(['start']);
    assert.equal(started.status, 0, started.stderr);
    const id = started.stdout.trim();
    assert.match(id, UUID);
    assert.match(
      started.stderr,
      /us-east-1\.console\.aws\.amazon\.com\/codesuite\/codepipeline\/pipelines\/my-app\/executions\//,
    );

    const watching = cli(['watch', id, '--interval', '0.02']);
    await untilApprovalWaits();

    const status = await cli(['status']);
    assert.equal(status.status, 0, status.stderr);
    assert.match(status.stdout, /pipeline my-app · us-east-1 · account tools 111111111111/);
    assert.match(status.stdout, /Source\s+Succeeded\s+source 222222222222/);
    assert.match(status.stdout, /my-app-staging\s+Succeeded\s+staging 333333333333/);
    assert.match(
      status.stdout,
      /Approve\s+InProgress[\s\S]*waiting for approval: crossline approve prod/,
    );
    assert.match(status.stdout, /my-app-prod\s+-\s+prod 444444444444/);

    const approved = await cli(['approve', 'prod', '--comment', 'ship it']);
    assert.equal(approved.status, 0, approved.stderr);
    assert.match(approved.stdout, /prod\/Approve approved .*: ship it/);

    const watched = await watching;
    assert.equal(watched.status, 0, watched.stderr);
    assert.match(watched.stdout, new RegExp(`execution ${id} Succeeded`));
    assert.match(
      watched.stderr,
      /prod\/my-app-prod\s+Succeeded\s+\(prod 444444444444, us-east-1\)/,
    );
    assert.deepEqual(
      fake.requests
        .filter((r) => r.operation === 'PutApprovalResult')
        .map((r) => r.body.result as unknown),
      [{ status: 'Approved', summary: 'ship it' }],
    );
    assert.ok(
      fake.requests.some((r) => r.operation === 'sts:GetCallerIdentity'),
      'the tools account was checked',
    );
  });

  void it('fails at the cross-account prod deploy: exit 1, the error and a console link', async () => {
    const byName = ['--pipeline', 'my-app', '--region', 'us-east-1'];
    const started = await cli(['start', ...byName, '--json']);
    assert.equal(started.status, 0, started.stderr);
    const { executionId } = JSON.parse(started.stdout);
    assert.match(executionId, UUID);

    // No execution id: watch follows the most recent run.
    const watching = cli(['watch', ...byName, '--interval', '0.02', '--json']);
    await untilApprovalWaits();
    const approved = await cli(['approve', 'prod', ...byName]);
    assert.equal(approved.status, 0, approved.stderr);

    const watched = await watching;
    assert.equal(watched.status, 1, watched.stderr);
    const result = JSON.parse(watched.stdout);
    assert.equal(result.executionId, executionId);
    assert.equal(result.status, 'Failed');
    assert.equal(result.failures.length, 1);
    assert.equal(result.failures[0].action, 'my-app-prod');
    assert.deepEqual(
      result.failures[0].account,
      { id: ACCOUNTS.prod },
      'no config: the id from the role ARN',
    );
    assert.match(result.failures[0].error.message, /Insufficient permissions.*iam:PassRole/);

    // The ended run again, from the config, for people: aliases, the message, the link.
    const again = await cli(['watch', executionId]);
    assert.equal(again.status, 1);
    assert.match(again.stdout, new RegExp(`execution ${executionId} Failed`));
    assert.match(again.stdout, /failed: prod\/my-app-prod in prod 444444444444 \(us-east-1\)/);
    assert.match(
      again.stdout,
      /Insufficient permissions: .*not authorized to perform: iam:PassRole/,
    );
    assert.match(
      again.stdout,
      new RegExp(
        `console: https://us-east-1\\.console\\.aws\\.amazon\\.com/codesuite/codepipeline/pipelines/my-app/executions/${executionId}/timeline\\?region=us-east-1`,
      ),
    );
  });

  void it('reject fails the run with the comment', async () => {
    const started = await cli(['start']);
    const id = started.stdout.trim();
    fake.settle();
    const rejected = await cli(['reject', 'prod', '-m', 'not on a Friday', '--json']);
    assert.equal(rejected.status, 0, rejected.stderr);
    assert.deepEqual(
      { ...JSON.parse(rejected.stdout), executionId: undefined },
      {
        pipeline: 'my-app',
        stage: 'prod',
        action: 'Approve',
        executionId: undefined,
        decision: 'Rejected',
        comment: 'not on a Friday',
      },
    );
    fake.settle();
    const watched = await cli(['watch', id]);
    assert.equal(watched.status, 1);
    assert.match(watched.stdout, /failed: prod\/Approve[\s\S]*Rejected: not on a Friday/);
  });

  void it('says what is wrong, without a stack trace', async () => {
    const nothing = await cli(['approve', 'staging']);
    assert.equal(nothing.status, 2);
    assert.match(nothing.stderr, /no approval is waiting in stage 'staging'/);

    const missing = await cli(['status', '--pipeline', 'nope', '--region', 'us-east-1']);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /pipeline 'nope' not found in us-east-1/);

    const noRegion = await runCli(['status', '--pipeline', 'my-app'], { env: ENV });
    assert.equal(noRegion.status, 2);
    assert.match(noRegion.stderr, /needs a region/);

    const badInterval = await cli(['watch', '--interval', '0']);
    assert.equal(badInterval.status, 2);
    assert.match(badInterval.stderr, /--interval 0: expected a number of seconds above 0/);

    for (const r of [nothing, missing, noRegion, badInterval])
      assert.doesNotMatch(r.stderr, STACK_TRACE);
  });
});
