/**
 * `approve` on a `mode: change-set` stage (examples/release-flow.yml's prod): the change sets
 * are real ones in moto, in the prod account, read through a session for that account; the
 * pipeline side is a small in-memory PipelineApi with the example's declaration and an approval
 * waiting in prod (the CodePipeline fake's own approval flow is tested in ops.test.ts).
 *
 * moto gap: moto's GetTemplate ignores ChangeSetName and returns the stack's deployed template
 * (moto/cloudformation/responses.py get_template reads StackName only), while CloudFormation
 * returns the change set's template (API_GetTemplate, ChangeSetName). That one call with a
 * change set name is answered here with the template the change set was created from; the
 * stacks, the change sets, their status and the deployed templates come from moto.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSessionPool, createStackApi, type StackApi } from '../../src/aws/index.js';
import type {
  ApprovalInput,
  PipelineApi,
  PipelineDeclaration,
} from '../../src/aws/pipeline-api.js';
import { loadConfigFile } from '../../src/config/index.js';
import { changeSetRefs } from '../../src/deploy/index.js';
import { CrosslineError } from '../../src/errors/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { synthesize } from '../../src/synth/index.js';
import { approve } from '../../src/toolkit/ops.js';
import { motoReady, startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';

const CONFIG = 'examples/release-flow.yml';
const pipeline = loadConfigFile(CONFIG).pipeline;
const declaration = (synthesize(pipeline).pipelineJson as { pipeline: PipelineDeclaration })
  .pipeline;
const prod = pipeline.accounts.find((a) => a.alias === 'prod')!;

const template = (stack: string, extra: Record<string, unknown> = {}, memory = 128) =>
  JSON.stringify({
    Resources: {
      AppRole: {
        Type: 'AWS::IAM::Role',
        Properties: {
          RoleName: `${stack}-app`,
          AssumeRolePolicyDocument: {
            Statement: [
              {
                Effect: 'Allow',
                Principal: { Service: 'lambda.amazonaws.com' },
                Action: 'sts:AssumeRole',
              },
            ],
          },
          ...extra,
        },
      },
      Queue: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: memory === 128 ? 0 : 5 } },
    },
  });

let moto: MotoServer | undefined;
let stacks: StackApi | undefined;
/** Change set templates by stack, as created (what GetTemplate with ChangeSetName returns). */
const proposed = new Map<string, string>();

/** moto's StackApi, with GetTemplate by change set answered as CloudFormation does. */
function changeSetAware(api: StackApi): StackApi {
  return {
    ...api,
    template: (stack: string, changeSet?: string) =>
      changeSet === undefined ? api.template(stack) : Promise.resolve(proposed.get(stack)),
  };
}
before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  const pool = createSessionPool({
    region: pipeline.region,
    assumeRole: 'OrganizationAccountAccessRole',
    endpoint: moto.endpoint,
    baseCredentials: () => Promise.resolve({ ...TEST_CREDENTIALS }),
  });
  stacks = createStackApi(await pool.get(prod, pipeline.region));
  // Both prod stacks exist; the pipeline's CHANGE_SET_REPLACE actions have made a change set
  // for each: shop-data's changes a queue, shop-prod's attaches AdministratorAccess.
  for (const ref of changeSetRefs(declaration, 'prod', pipeline.region)) {
    const base = { stackName: ref.stack, parameters: {}, tags: {} };
    await stacks.create({ ...base, templateBody: template(ref.stack) });
    const next =
      ref.stack === 'shop-prod'
        ? template(ref.stack, {
            ManagedPolicyArns: ['arn:aws:iam::aws:policy/AdministratorAccess'],
          })
        : template(ref.stack, {}, 256);
    await stacks.createChangeSet({ ...base, templateBody: next, changeSetName: ref.changeSet });
    proposed.set(ref.stack, next);
  }
});
after(async () => {
  await moto?.stop();
});

/** The pipeline side: prod's approval waits; what was put is recorded. */
function pipelineApi(): PipelineApi & { put: ApprovalInput[] } {
  const put: ApprovalInput[] = [];
  const unused = () => Promise.reject(new Error('not used by approve'));
  return {
    put,
    getPipeline: () => Promise.resolve({ pipeline: declaration }),
    getState: () =>
      Promise.resolve({
        pipeline: declaration.name,
        stages: [
          {
            stage: 'prod',
            executionId: 'run-1',
            actions: [{ action: 'Approve', status: 'InProgress', token: 'token-1' }],
          },
        ],
      }),
    putApprovalResult: (input: ApprovalInput) => {
      put.push(input);
      return Promise.resolve();
    },
    startExecution: unused,
    listExecutions: unused,
    getExecution: unused,
    listActionExecutions: unused,
  };
}

function run(confirm: boolean | undefined, yes = false) {
  const api = pipelineApi();
  const messages: IoMessage[] = [];
  const io = {
    notify: (m: IoMessage) => void messages.push(m),
    ...(confirm === undefined ? {} : { confirm: () => Promise.resolve(confirm) }),
  };
  const sel = {
    config: CONFIG,
    api,
    stackApi: () => Promise.resolve(changeSetAware(stacks!)),
  };
  const outcome = approve(sel, io, { stage: 'prod', decision: 'Approved' }, { yes });
  return { api, messages, outcome };
}

const review = (messages: readonly IoMessage[]) =>
  messages.find((m) => m.code === 'ops.change-sets')?.message ?? '';

void test('approve shows each change set, flags the broadening one, and asks', async (t) => {
  if (!motoReady(moto, t, 'approve with change sets')) return;
  const { api, messages, outcome } = run(true);
  const done = await outcome;
  assert.equal(done.decision, 'Approved');
  assert.equal(api.put.length, 1);
  const text = review(messages);
  assert.match(
    text,
    /change set \S+ of shop-data in prod \(444444444444\) eu-west-1 \[CREATE_COMPLETE\]\n/,
  );
  assert.match(text, /~ AWS::SQS::Queue Queue/);
  assert.match(
    text,
    /shop-prod in prod \(444444444444\) eu-west-1 \[CREATE_COMPLETE\] — broadens access/,
  );
  assert.match(text, /⚠ prod\/shop-prod-app: \+ arn:aws:iam::aws:policy\/AdministratorAccess/);
});

void test('without a terminal, approving a change-set stage needs --yes; nothing is approved', async (t) => {
  if (!motoReady(moto, t, 'approve with change sets')) return;
  const { api, outcome } = run(undefined);
  await assert.rejects(outcome, (e: unknown) => {
    assert.ok(e instanceof CrosslineError);
    assert.equal(e.kind, 'usage');
    assert.match(e.message, /needs confirmation, and there is no terminal/);
    assert.match(e.hint ?? '', /--yes/);
    return true;
  });
  assert.equal(api.put.length, 0);
});

void test('a no at the question leaves the change sets waiting; --yes approves without asking', async (t) => {
  if (!motoReady(moto, t, 'approve with change sets')) return;
  const no = run(false);
  await assert.rejects(no.outcome, /not approved; the change sets wait/);
  assert.equal(no.api.put.length, 0);
  const yes = run(undefined, true);
  await yes.outcome;
  assert.equal(yes.api.put.length, 1);
  assert.match(review(yes.messages), /broadens access/, 'the changes are shown even with --yes');
});
