/**
 * A pipeline too large for CloudFormation's inline TemplateBody (100 targets in one stage):
 * deploy uploads the pipeline template to the artifact bucket (SSE-KMS with the artifact key)
 * and passes TemplateURL; moto's CloudFormation fetches it from its own S3, every stack ends
 * CREATE_COMPLETE, and a second run finds nothing to do.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import { MAX_TEMPLATE_BODY, TEMPLATE_PREFIX } from '../../src/deploy/template-source.js';
import type { IoMessage } from '../../src/io/index.js';
import { synthesize } from '../../src/synth/synthesize.js';
import { runDeploy } from '../../src/toolkit/deploy.js';
import { awsTestEnv } from '../support/aws-env.js';
import { REPO } from '../support/cli.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { startMoto, type MotoServer, motoReady } from '../support/moto.js';
import { toolPath } from '../support/tools.js';

const TOOLS = '111111111111';
const TARGET_ACCOUNTS = ['333333333333', '444444444444', '555555555555'];
const TARGETS = 100;

const yml = [
  'version: 1',
  'name: big-app',
  'region: us-east-1',
  'accounts:',
  `  tools: "${TOOLS}"`,
  '  source: "222222222222"',
  ...TARGET_ACCOUNTS.map((id, i) => `  t${i}: "${id}"`),
  'source: { account: source, repository: big-app, branch: main }',
  'build: { commands: [make], artifacts: [template.yaml] }',
  'stages:',
  '  - name: all',
  '    targets:',
  ...Array.from(
    { length: TARGETS },
    (_, i) =>
      `      - { account: t${i % TARGET_ACCOUNTS.length}, stack: app-${i}, template: template.yaml }`,
  ),
  'execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }',
  'credentials: { assumeRole: OrganizationAccountAccessRole }',
  '',
].join('\n');
const pipeline = parseConfig(yml, 'big-app.yml').pipeline;

let moto: MotoServer | undefined;
let proxy: FaultProxy | undefined;
let endpoint = '';
/** What each CreateStack / CreateChangeSet sent as its template, seen by the proxy. */
const sent: { stack: string; url?: string; bodyBytes?: number }[] = [];

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  proxy = await startFaultProxy({ target: moto.endpoint });
  // A rule that never faults, only records the template parameters.
  proxy.addRule({
    match: (r) => {
      if (r.action === 'CreateStack' || r.action === 'CreateChangeSet') {
        const body = r.params.get('TemplateBody');
        sent.push({
          stack: r.params.get('StackName') ?? '',
          ...(r.params.has('TemplateURL') ? { url: r.params.get('TemplateURL')! } : {}),
          ...(body !== null ? { bodyBytes: Buffer.byteLength(body) } : {}),
        });
      }
      return false;
    },
    fault: { kind: 'server-error' },
  });
  // moto's CloudFormation reads a path-style TemplateURL only when the URL says "localhost"
  // (moto/cloudformation/utils.py); the servers still listen on 127.0.0.1 only.
  endpoint = proxy.endpoint.replace('127.0.0.1', 'localhost');
});
after(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const ready = (t: { skip: (m: string) => void }): boolean =>
  motoReady(moto, t, 'the large-template deploy test');

void test('100 targets make a pipeline template over the inline limit', () => {
  const synth = synthesize(pipeline);
  const id = synth.plan.stacks.find((s) => s.kind === 'pipeline')!.id;
  const bytes = Buffer.byteLength(JSON.stringify(synth.templates[id]));
  assert.ok(bytes > MAX_TEMPLATE_BODY, `pipeline template is ${bytes} bytes`);
  for (const s of synth.plan.stacks.filter((x) => x.kind !== 'pipeline')) {
    assert.ok(Buffer.byteLength(JSON.stringify(synth.templates[s.id])) <= MAX_TEMPLATE_BODY);
  }
});

void test('deploy uploads the large template with SSE-KMS and creates it from TemplateURL', async (t) => {
  if (!ready(t)) return;
  const messages: IoMessage[] = [];
  const io = { notify: (m: IoMessage) => void messages.push(m) };
  const env = awsTestEnv(endpoint);
  // The SDK's default credential chain reads process.env (this file runs in its own process).
  Object.assign(process.env, env);
  const deploy = () =>
    runDeploy(pipeline, io, {
      yes: true,
      env,
      endpoint,
      outDir: mkdtempSync(join(tmpdir(), 'crossline-large-')),
      holder: 'large-template-test',
      pollIntervalMs: 5,
    });

  const first = await deploy();
  assert.equal(first.result.ok, true, JSON.stringify(first.result.stacks.map((s) => s.reason)));
  for (const s of first.result.stacks) {
    assert.equal(s.outcome, 'created', s.id);
    assert.equal(s.status, 'CREATE_COMPLETE', s.id);
  }

  const uploads = messages.filter((m) => m.code === 'deploy.template-upload');
  assert.equal(uploads.length, 1, 'only the pipeline stack is over the limit');
  const { id, bucket, key, url } = uploads[0].data as Record<string, string>;
  assert.equal(id, 'tools/big-app-pipeline');
  assert.match(key, new RegExp(`^${TEMPLATE_PREFIX}big-app-pipeline-[0-9a-f]{64}\\.json$`));
  assert.equal(url, `${endpoint}/${bucket}/${key}`);
  const pipelineSent = sent.filter((x) => x.stack === 'big-app-pipeline');
  assert.deepEqual(pipelineSent, [{ stack: 'big-app-pipeline', url }], 'TemplateURL, no body');
  assert.equal(sent.length, first.result.stacks.length, 'one CreateStack per stack');
  for (const x of sent) assert.ok((x.bodyBytes ?? 0) <= MAX_TEMPLATE_BODY, x.stack);

  const artifacts = first.result.stacks.find((s) => s.kind === 'artifacts')!;
  assert.equal(bucket, artifacts.outputs.ArtifactBucketName);
  const r = spawnSync(
    'python3',
    [
      join(REPO, 'test/deploy/fixtures/template-objects.py'),
      moto!.endpoint,
      'us-east-1',
      TOOLS,
      bucket,
      TEMPLATE_PREFIX,
    ],
    { env: { ...process.env, ...env }, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const objects = JSON.parse(r.stdout) as Record<
    string,
    { size: number; sse: string; kmsKeyId: string }
  >;
  assert.deepEqual(Object.keys(objects), [key]);
  assert.ok(objects[key].size > MAX_TEMPLATE_BODY);
  assert.equal(objects[key].sse, 'aws:kms');
  assert.equal(objects[key].kmsKeyId, artifacts.outputs.ArtifactKeyArn);

  // The deployed template is compared, not the URL: a rerun has nothing to do.
  const second = await deploy();
  assert.deepEqual(
    second.result.stacks.filter((s) => s.outcome !== 'unchanged').map((s) => s.id),
    [],
  );
});
