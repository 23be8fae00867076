/**
 * `crossline explain` through the real CLI: --message against saved doctor snapshots (exit 1
 * with the denying statement, exit 0 on a setup that allows the request, exit 2 on text it
 * does not understand), and an execution's failed action read from the CodePipeline fake.
 * Needs a build: `npm run build`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createPipelineApi } from '../../src/aws/pipeline-api.js';
import { FAKE_AWS_ENV, REPO, runCli, STACK_TRACE } from '../cli/run-cli.js';
import { startCodePipelineFake, type CodePipelineFake } from '../fakes/codepipeline-fake.js';
import { DUMMY_CREDENTIALS } from './helpers.js';

const FIXTURES = join(REPO, 'test/ops/fixtures');
const BUILD = join(FIXTURES, 'snapshot-build-role-no-key.json');
const TRUST = join(FIXTURES, 'snapshot-trust-wrong-account.json');
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/0de111b7-4e2c-4eee-8bf8-8ddb1562c7f5';
const KMS_MESSAGE = `User: arn:aws:sts::111111111111:assumed-role/app-bk-build/AWSCodeBuild-1 is not authorized to perform: kms:Decrypt on resource: ${KEY} because no identity-based policy allows the kms:Decrypt action`;

const ENV = FAKE_AWS_ENV;

void describe('crossline explain --message --snapshot', () => {
  void it('exits 1 naming the identity side, the statement to change and the fix', async () => {
    const run = await runCli(['explain', '--snapshot', BUILD, '--message', KMS_MESSAGE], {
      env: ENV,
    });
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, /denied by the identity side {2}\[build\.read\]/);
    assert.match(
      run.stdout,
      /arn:aws:iam::111111111111:role\/app-bk-build → kms:Decrypt on arn:aws:kms/,
    );
    assert.match(run.stdout, /kms:ViaService=s3\.us-east-1\.amazonaws\.com/);
    assert.match(
      run.stdout,
      /statement to change: app-bk-build\/app-bk-build-policy\/WriteBuildLogs/,
    );
    assert.match(run.stdout, /fix: .*add kms:Decrypt to its Action/);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
  });

  void it('exits 1 on the trust policy that names the wrong account (resource side)', async () => {
    const run = await runCli(
      [
        'explain',
        '--snapshot',
        TRUST,
        '--message',
        'arn:aws:iam::111111111111:role/app-tr-pipeline is not authorized to perform AssumeRole on role arn:aws:iam::444444444444:role/app-tr-deploy (Service: AWSCodePipeline; Status Code: 400; Error Code: InvalidStructureException)',
        '--json',
      ],
      { env: ENV },
    );
    assert.equal(run.status, 1, run.stderr);
    const out = JSON.parse(run.stdout) as {
      exitCode: number;
      explanations: {
        verdict: string;
        requests: { side: string; statements: string[]; fix: string }[];
      }[];
    };
    assert.equal(out.exitCode, 1);
    const [r] = out.explanations[0].requests;
    assert.equal(r.side, 'resource');
    assert.deepEqual(r.statements, ['prod:app-tr-deploy/trust/AssumedByPipelineRole']);
    assert.match(r.fix, /999988887777/);
  });

  void it('exits 0 ("fixed since") when the snapshot allows the request', async () => {
    const message = KMS_MESSAGE.replaceAll('app-bk', 'app-tr').replace(
      KEY,
      JSON.parse(readFileSync(TRUST, 'utf8')).key.reference,
    );
    const run = await runCli(['explain', '--snapshot', TRUST, '--message', message], { env: ENV });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /allowed now \(fixed since\)/);
  });

  void it('exits 2 on text it does not understand, saying what it recognised', async () => {
    const gibberish = await runCli(
      ['explain', '--snapshot', BUILD, '--message', 'the frobnicator is sad'],
      { env: ENV },
    );
    assert.equal(gibberish.status, 2);
    assert.match(gibberish.stdout, /not understood: no known error form/);
    const partial = await runCli(
      [
        'explain',
        '--snapshot',
        BUILD,
        '--message',
        'Something failed (Service: AWSKMS; Status Code: 400; Error Code: MalformedPolicyDocumentException)',
      ],
      { env: ENV },
    );
    assert.equal(partial.status, 2);
    assert.match(
      partial.stdout,
      /recognised service AWSKMS; error code MalformedPolicyDocumentException/,
    );
  });
});

void describe('crossline explain EXECUTION_ID (ListActionExecutions from the fake)', () => {
  let fake: CodePipelineFake;
  let executionId: string;
  before(async () => {
    const snapshot = JSON.parse(readFileSync(BUILD, 'utf8')) as {
      pipeline: { pipeline: Record<string, unknown> };
    };
    fake = await startCodePipelineFake({
      pipelines: [
        {
          declaration: snapshot.pipeline.pipeline,
          account: '111111111111',
          runs: [{ 'Build/Build': { fail: { code: 'JobFailed', message: KMS_MESSAGE } } }],
        },
      ],
    });
    const api = await createPipelineApi({
      region: 'us-east-1',
      endpoint: fake.endpoint,
      credentials: DUMMY_CREDENTIALS,
    });
    executionId = await api.startExecution('app-bk');
    fake.settle();
  });
  after(async () => fake.close());

  const cli = (args: readonly string[]) =>
    runCli(
      [
        'explain',
        ...args,
        '--pipeline',
        'app-bk',
        '--region',
        'us-east-1',
        '--snapshot',
        BUILD,
        '--endpoint-url',
        fake.endpoint,
      ],
      { env: ENV },
    );

  void it('explains the failed Build action of the named execution', async () => {
    const run = await cli([executionId]);
    assert.equal(run.status, 1, run.stderr);
    assert.match(run.stdout, new RegExp(`execution ${executionId}`));
    assert.match(
      run.stdout,
      /Build\/Build: User: arn:aws:sts::111111111111:assumed-role\/app-bk-build/,
    );
    assert.match(
      run.stdout,
      /statement to change: app-bk-build\/app-bk-build-policy\/WriteBuildLogs/,
    );
    assert.ok(fake.requests.some((r) => r.operation === 'ListActionExecutions'));
  });

  void it('without an id, takes the most recent failed execution', async () => {
    const run = await cli(['--json']);
    assert.equal(run.status, 1, run.stderr);
    const out = JSON.parse(run.stdout) as {
      executionId: string;
      explanations: { action: { stage: string; provider: string } }[];
    };
    assert.equal(out.executionId, executionId);
    assert.deepEqual(
      { stage: out.explanations[0].action.stage, provider: out.explanations[0].action.provider },
      { stage: 'Build', provider: 'CodeBuild' },
    );
  });
});
