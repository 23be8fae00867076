/**
 * doctor's package-read rule end to end without AWS: the saved snapshot of a moto fixture
 * (fixtures/snapshot-build-role-no-key.json) read again through fake readers whose
 * CloudFormation answers with the stacks' templates (or no stack, or AccessDenied), then
 * analysed, saved and loaded again. The same rule against stacks deployed in moto is in
 * doctor-package-read-moto.test.ts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { PipelineApi, PipelineDocument } from '../../src/aws/pipeline-api.js';
import type { DeployedTemplate } from '../../src/aws/stack-api.js';
import {
  analyzeSnapshot,
  parseSnapshot,
  readLiveSnapshot,
  type LiveReaders,
  type LiveSnapshot,
  type PipelineRef,
} from '../../src/ops/index.js';
import { renderReport } from '../../src/report/index.js';
import { doctorReportInput } from '../../src/toolkit/doctor-report.js';
import { REPO } from '../cli/run-cli.js';
import { recordingIo } from './helpers.js';
import { readerApi, snapshotReaders } from './snapshot-readers.js';

const FILE = join(REPO, 'test/ops/fixtures/snapshot-build-role-no-key.json');
const saved: LiveSnapshot = parseSnapshot(JSON.parse(readFileSync(FILE, 'utf8')) as unknown, FILE);
const BUCKET = saved.bucket!.name;
const KEY_ARN = saved.key!.key!.arn;
const PROD = '444444444444';
const STAGING = '333333333333';
const PROD_EXEC = `arn:aws:iam::${PROD}:role/app-bk-cfn-exec`;

/** A SAM function packaged into the artifact bucket, and a nested stack (path-style URL). */
const PROD_TEMPLATE = `
Transform: AWS::Serverless-2016-10-31
Parameters:
  CodeKey: { Type: String }
Resources:
  Api:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs20.x
      CodeUri: !Sub 's3://${BUCKET}/\${CodeKey}'
  Tables:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.us-east-1.amazonaws.com/${BUCKET}/packages/tables.template
  Elsewhere:
    Type: AWS::Lambda::Function
    Properties:
      Code: { S3Bucket: some-other-bucket, S3Key: x.zip }
`;

type TemplateAnswer = DeployedTemplate | undefined | Error;

interface Calls {
  readonly templates: string[];
}

/** Readers answering from the saved snapshot; CloudFormation answers per `account/region/stack`. */
function readers(answers: Record<string, TemplateAnswer>, calls: Calls): LiveReaders {
  return snapshotReaders(saved, {
    cloudformation: (account, region) =>
      readerApi({
        readTemplate: (stack: string) => {
          const at = `${account}/${region}/${stack}`;
          calls.templates.push(at);
          const answer = answers[at];
          return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
        },
      }),
  });
}

const REF: PipelineRef = {
  name: saved.pipeline.pipeline.name,
  region: saved.region,
  partition: 'aws',
  account: saved.pipelineAccount,
  aliases: new Map<string, string>(),
};

async function read(
  answers: Record<string, TemplateAnswer>,
  edit: (doc: PipelineDocument) => PipelineDocument = (d) => d,
): Promise<{ snapshot: LiveSnapshot; calls: Calls; io: ReturnType<typeof recordingIo> }> {
  const calls: Calls = { templates: [] };
  const doc = edit(structuredClone(saved.pipeline));
  const pipeline = { getPipeline: () => Promise.resolve(doc) } as unknown as PipelineApi;
  const io = recordingIo();
  const snapshot = await readLiveSnapshot(pipeline, REF, readers(answers, calls), io);
  return { snapshot, calls, io };
}

const prodTemplate = (body = PROD_TEMPLATE): DeployedTemplate => ({
  body,
  parameters: { CodeKey: 'packages/0a1b2c.zip' },
});

/** The saved bucket and key policies with the prod execution role admitted. */
function granted(s: LiveSnapshot): LiveSnapshot {
  const raw = structuredClone(s) as unknown as {
    bucket: { policy: { Statement: unknown[] } };
    key: { key: { policy: { Statement: unknown[] } } };
  };
  const pin = {
    Principal: { AWS: `arn:aws:iam::${PROD}:root` },
    Condition: { ArnEquals: { 'aws:PrincipalArn': PROD_EXEC } },
  };
  raw.bucket.policy.Statement.push({
    Sid: 'ExecutionRoleReadsPackages',
    Effect: 'Allow',
    Action: 's3:GetObject',
    Resource: `arn:aws:s3:::${BUCKET}/packages/*`,
    ...pin,
  });
  raw.key.key.policy.Statement.push({
    Sid: 'ExecutionRoleDecryptsPackages',
    Effect: 'Allow',
    Action: 'kms:Decrypt',
    Resource: '*',
    ...pin,
    Condition: {
      ...pin.Condition,
      StringEquals: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
    },
  });
  return parseSnapshot(raw, 'granted');
}

void describe('doctor: execution roles reading code and nested templates from the artifact bucket', () => {
  void it('reads each deployed stack in its action’s account and region; no stack yet is a note', async () => {
    const { snapshot, calls, io } = await read({
      [`${PROD}/us-east-1/app-bk-prod`]: prodTemplate(),
    });
    assert.deepEqual(calls.templates, [
      `${STAGING}/us-east-1/app-bk-staging`,
      `${PROD}/us-east-1/app-bk-prod`,
    ]);
    assert.deepEqual(
      snapshot.templates?.map((t) => [t.account, t.stack, t.template === null]),
      [
        [STAGING, 'app-bk-staging', true],
        [PROD, 'app-bk-prod', false],
      ],
    );
    assert.deepEqual(snapshot.unread, []);
    const note = io.messages.find((m) => m.code === 'doctor.no-stack');
    assert.match(
      note?.message ?? '',
      /stack app-bk-staging does not exist in account 333333333333/,
    );
    // A stack with no template is nothing to check: no finding about staging.
    assert.ok(!analyzeSnapshot(snapshot).findings.some((f) => f.step.startsWith('deploy.staging')));
  });

  void it('an action in another region is read there', async () => {
    const { calls } = await read({}, (doc) => {
      const prod = doc.pipeline.stages.find((s) => s.name === 'prod')!;
      const action = prod.actions.find((a) => a.actionTypeId.provider === 'CloudFormation')!;
      (action as { region?: string }).region = 'eu-west-1';
      return doc;
    });
    assert.ok(calls.templates.includes(`${PROD}/eu-west-1/app-bk-prod`), calls.templates.join());
  });

  void it('an execution role the bucket and key policies do not admit: an error at each read step', async () => {
    const { snapshot } = await read({ [`${PROD}/us-east-1/app-bk-prod`]: prodTemplate() });
    const r = analyzeSnapshot(snapshot);
    const errors = r.findings.filter((f) => f.step.startsWith('deploy.prod.'));
    assert.deepEqual(
      errors.map((f) => `${f.severity} ${f.step}`),
      ['error deploy.prod.code', 'error deploy.prod.nested'],
    );
    const [code, nested] = errors;
    assert.match(
      code.message,
      new RegExp(
        `^${PROD_EXEC} cannot read s3://${BUCKET}/packages/0a1b2c.zip, which Api \\(AWS::Serverless::Function CodeUri\\) in stack app-bk-prod \\(account ${PROD}, us-east-1\\) references: the bucket policy does not admit it; the key policy does not let it decrypt through S3`,
      ),
    );
    assert.match(code.message, /aws-cdk #3765/);
    assert.match(
      nested.message,
      /packages\/tables\.template, which Tables \(AWS::CloudFormation::Stack TemplateURL\)/,
    );
    // The fix names the statement to add to each policy, scoped to the prefix.
    assert.match(
      code.fix,
      new RegExp(
        `add to the bucket policy of ${BUCKET} a statement allowing s3:GetObject on arn:aws:s3:::${BUCKET}/packages/\\* to Principal arn:aws:iam::${PROD}:root with Condition ArnEquals aws:PrincipalArn ${PROD_EXEC}`,
      ),
    );
    assert.match(
      code.fix,
      new RegExp(
        `add to the key policy of ${KEY_ARN} a statement allowing kms:Decrypt to .*and StringEquals kms:ViaService s3\\.us-east-1\\.amazonaws\\.com`,
      ),
    );
    assert.doesNotMatch(code.fix, /policy of role/, 'PowerUserAccess grants the identity side');
    assert.deepEqual(code.statements?.map((x) => x.policy).sort(), [
      `bucket ${BUCKET}`,
      'key policy',
    ]);
    // The other bucket's function is no matter of the pipeline's; no generic row finding repeats it.
    assert.ok(!r.findings.some((f) => /some-other-bucket/.test(f.message)));
    assert.equal(
      r.findings.filter((f) => f.step === 'deploy.prod.code').length,
      1,
      'one finding per object',
    );
    // The rows the rule explains are in the verify result (failed), at the script's steps.
    const rows = r.verify.rows.filter((x) => x.step === 'deploy.prod.code');
    assert.deepEqual(
      rows.map((x) => `${x.action} ${x.ok}`),
      ['s3:GetObject false', 'kms:Decrypt false'],
    );
    assert.deepEqual(rows[1].context, {
      'aws:SecureTransport': true,
      'kms:CallerAccount': PROD,
      'kms:ViaService': 's3.us-east-1.amazonaws.com',
    });
    // The report draws the execution role's package reads, failing.
    const html = renderReport(doctorReportInput(snapshot, r));
    assert.match(html, /<g class="edge kind-package-read status-fail"/);
  });

  void it('with the grants in the bucket and key policies: no error', async () => {
    const { snapshot } = await read({ [`${PROD}/us-east-1/app-bk-prod`]: prodTemplate() });
    const r = analyzeSnapshot(granted(snapshot));
    assert.deepEqual(
      r.findings.filter((f) => f.step.startsWith('deploy.prod.')),
      [],
    );
    const reads = r.verify.rows.filter((x) => /^deploy\.prod\.(code|nested)$/.test(x.step));
    assert.equal(reads.length, 4);
    assert.ok(reads.every((x) => x.ok));
  });

  void it('the identity side: a role whose own policy lacks the object is told to add it there', async () => {
    const { snapshot } = await read({ [`${PROD}/us-east-1/app-bk-prod`]: prodTemplate() });
    const raw = structuredClone(granted(snapshot)) as unknown as {
      roles: Record<string, { attached: unknown[]; inline: unknown[] }>;
    };
    raw.roles[PROD_EXEC].attached = [];
    raw.roles[PROD_EXEC].inline = [
      {
        name: 'deploy',
        document: {
          Statement: [
            { Sid: 'Stacks', Effect: 'Allow', Action: 'cloudformation:*', Resource: '*' },
          ],
        },
      },
    ];
    const r = analyzeSnapshot(parseSnapshot(raw, 'identity'));
    const code = r.findings.find((f) => f.step === 'deploy.prod.code');
    assert.match(
      code?.message ?? '',
      /references: its own policies do not allow s3:GetObject on the object; its own policies do not allow kms:Decrypt/,
    );
    assert.match(
      code!.fix,
      new RegExp(
        `add to a policy of role app-bk-cfn-exec a statement allowing s3:GetObject on arn:aws:s3:::${BUCKET}/packages/\\*`,
      ),
    );
    assert.match(
      code!.fix,
      /allowing kms:Decrypt on arn:aws:kms:.* with Condition StringEquals kms:ViaService/,
    );
    assert.equal(code!.account, PROD, 'the change is in the target account');
  });

  void it('a template it cannot read: the checks are not verified, not failed', async () => {
    const denied = new Error('AccessDenied: not authorized to perform cloudformation:GetTemplate');
    const { snapshot } = await read({ [`${PROD}/us-east-1/app-bk-prod`]: denied });
    assert.deepEqual(
      snapshot.unread.map((u) => [u.what, u.account, u.arn]),
      [
        [
          'template of stack app-bk-prod (us-east-1)',
          PROD,
          `arn:aws:cloudformation:us-east-1:${PROD}:stack/app-bk-prod/*`,
        ],
      ],
    );
    const r = analyzeSnapshot(snapshot);
    assert.ok(!r.findings.some((f) => f.step.startsWith('deploy.prod.') && f.severity === 'error'));
    const unverified = r.unverified.filter((u) => u.row.step === 'deploy.prod.code');
    assert.deepEqual(
      unverified.map((u) => `${u.row.action} ${u.row.resource}`),
      [`s3:GetObject arn:aws:s3:::${BUCKET}/*`, `kms:Decrypt ${KEY_ARN}`],
    );
    for (const u of unverified)
      assert.match(u.because, /^could not read template of stack app-bk-prod/);
    const why = r.findings.find((f) => f.step === 'read' && f.account === PROD);
    assert.match(why?.fix ?? '', /cloudformation:DescribeStacks and cloudformation:GetTemplate/);
    const html = renderReport(doctorReportInput(snapshot, r));
    assert.match(html, /<g class="edge kind-package-read status-unverified"/);
  });

  void it('a change set pair: the reads belong to the action that creates the change set', async () => {
    const { snapshot } = await read(
      { [`${PROD}/us-east-1/app-bk-prod`]: prodTemplate() },
      (doc) => {
        const prod = doc.pipeline.stages.find((s) => s.name === 'prod')!;
        const i = prod.actions.findIndex((a) => a.actionTypeId.provider === 'CloudFormation');
        const deploy = prod.actions[i];
        const replace = {
          ...deploy,
          name: 'CreateChangeSet',
          configuration: {
            ...deploy.configuration,
            ActionMode: 'CHANGE_SET_REPLACE',
            ChangeSetName: 'next',
          },
        };
        // The execute action runs with the role the change set was created with.
        const rest = { ...deploy.configuration };
        delete rest.RoleArn;
        const execute = {
          ...deploy,
          name: 'ExecuteChangeSet',
          runOrder: (deploy.runOrder ?? 1) + 1,
          configuration: { ...rest, ActionMode: 'CHANGE_SET_EXECUTE', ChangeSetName: 'next' },
        };
        const actions = [...prod.actions];
        actions.splice(i, 1, replace, execute);
        return {
          ...doc,
          pipeline: {
            ...doc.pipeline,
            stages: doc.pipeline.stages.map((s) => (s === prod ? { ...s, actions } : s)),
          },
        };
      },
    );
    const steps = analyzeSnapshot(snapshot)
      .findings.filter((f) => f.severity === 'error' && /\.(code|nested)$/.test(f.step))
      .map((f) => f.step);
    assert.equal(steps.length, 2, steps.join());
    assert.ok(
      steps.every((x) => x.startsWith('deploy.prod/app-bk-prod@')),
      steps.join(),
    );
    assert.equal(new Set(steps.map((x) => x.split('.').slice(0, -1).join('.'))).size, 1);
  });

  void it('--save / --snapshot: the templates round-trip, and older snapshots still load', async () => {
    const { snapshot } = await read({ [`${PROD}/us-east-1/app-bk-prod`]: prodTemplate() });
    const text = JSON.stringify(snapshot, null, 2);
    const again = parseSnapshot(JSON.parse(text) as unknown, 'saved.json', text);
    assert.deepEqual(again.templates, snapshot.templates);
    assert.deepEqual(analyzeSnapshot(again).findings, analyzeSnapshot(snapshot).findings);
    const old = JSON.parse(text) as Record<string, unknown>;
    delete old.templates;
    const loaded = parseSnapshot(old, 'old.json');
    assert.equal(loaded.templates, undefined);
    assert.ok(!analyzeSnapshot(loaded).findings.some((f) => /\.(code|nested)$/.test(f.step)));
    // A malformed part is refused with its path, like any other.
    const bad = JSON.parse(text) as { templates: { template: unknown }[] };
    bad.templates[1].template = { body: 42, parameters: {} };
    assert.throws(() => parseSnapshot(bad, 'bad.json'), /templates\[1\]\.template\.body/);
  });

  void it('an object in another region’s store is checked against that store, through S3 of that region', () => {
    const file = join(REPO, 'test/ops/fixtures/snapshot-multi-region.json');
    const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown> & {
      regionalStores?: unknown;
    };
    const eu = 'mr-ok-artifacts-111111111111-eu-west-1';
    raw.templates = [
      {
        account: PROD,
        region: 'eu-west-1',
        stack: 'mr-ok-prod',
        template: {
          body: `Resources:\n  Fn:\n    Type: AWS::Lambda::Function\n    Properties:\n      Code: { S3Bucket: ${eu}, S3Key: packages/fn.zip }\n`,
          parameters: {},
        },
      },
    ];
    const r = analyzeSnapshot(parseSnapshot(raw, file));
    const [code] = r.findings.filter((f) => f.severity === 'error' && f.step.endsWith('.code'));
    assert.equal(code?.step, 'deploy.prod/mr-ok-prod@eu-west-1.code');
    assert.match(code.fix, new RegExp(`add to the bucket policy of ${eu} `));
    assert.match(
      code.fix,
      /key policy of arn:aws:kms:eu-west-1:.*kms:ViaService s3\.eu-west-1\.amazonaws\.com/,
    );
    const rows = r.verify.rows.filter((x) => x.step === code.step);
    assert.deepEqual(
      rows.map((x) => [x.action, x.resourcePolicy?.arn.split(':')[3] || x.resourcePolicy?.arn]),
      [
        ['s3:GetObject', `arn:aws:s3:::${eu}`],
        ['kms:Decrypt', 'eu-west-1'],
      ],
    );
    // A snapshot that holds no store of that region: a note, not a check against the wrong store.
    delete raw.regionalStores;
    const old = analyzeSnapshot(parseSnapshot(raw, file));
    assert.ok(!old.findings.some((f) => f.step.endsWith('.code')));
    assert.match(
      old.findings.find((f) => f.severity === 'info' && f.step === 'read')?.message ?? '',
      new RegExp(`reads s3://${eu}/packages/fn\.zip from another region's artifact store`),
    );
  });
});
