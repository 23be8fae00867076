/**
 * Where a template goes: inline up to the limit, else the artifact bucket (tools-account stacks
 * after the artifacts stack), else a clear refusal. And the TemplateURL for each partition.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { templateUrl, type ArtifactStoreApi, type TemplateUpload } from '../../src/aws/index.js';
import { isCrosslineError } from '../../src/errors/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { MAX_TEMPLATE_BODY, templateUrlFor } from '../../src/deploy/template-source.js';
import type { StackPlan } from '../../src/synth/types.js';

const tools = { alias: 'tools', id: '111111111111' };
const stack = (kind: StackPlan['kind'], account = tools): StackPlan => ({
  id: `${account.alias}/app-${kind}`,
  name: `app-${kind}`,
  kind,
  account,
  region: 'us-east-1',
  templateFile: `templates/app-${kind}.template.json`,
  dependsOn: [],
  parameters: [],
  outputs: [],
});
const artifacts = stack('artifacts');
const pipeline = stack('pipeline');
const target = stack('target', { alias: 'prod', id: '444444444444' });
const plan = { stacks: [artifacts, target, pipeline] };
const outputs = new Map([
  [
    artifacts.id,
    {
      ArtifactBucketName: 'app-artifacts-bucket',
      ArtifactKeyArn: 'arn:aws:kms:us-east-1:111111111111:key/k',
    },
  ],
]);
const big = JSON.stringify({ Description: 'x'.repeat(MAX_TEMPLATE_BODY) });

function env() {
  const uploads: TemplateUpload[] = [];
  const messages: IoMessage[] = [];
  const store: ArtifactStoreApi = {
    uploadTemplate: (u) => {
      uploads.push(u);
      return Promise.resolve(`https://example/${u.key}`);
    },
    deleteBucket: () => Promise.resolve(true),
    retireKey: () => Promise.resolve(),
  };
  return {
    uploads,
    messages,
    io: { notify: (m: IoMessage) => void messages.push(m) },
    artifactStoreApi: () => Promise.resolve(store),
  };
}

void test('small templates go inline; nothing is uploaded', async () => {
  const e = env();
  assert.equal(await templateUrlFor(pipeline, '{"Resources":{}}', plan, outputs, e), undefined);
  assert.equal(e.uploads.length, 0);
});

void test('a large tools-account template is uploaded under a content-named key with the artifact key', async () => {
  const e = env();
  const url = await templateUrlFor(pipeline, big, plan, outputs, e);
  assert.equal(e.uploads.length, 1);
  const u = e.uploads[0];
  assert.equal(u.bucket, 'app-artifacts-bucket');
  assert.equal(u.kmsKeyId, 'arn:aws:kms:us-east-1:111111111111:key/k');
  assert.match(u.key, /^crossline\/templates\/app-pipeline-[0-9a-f]{64}\.json$/);
  assert.equal(u.body, big);
  assert.equal(url, `https://example/${u.key}`);
  // Same bytes, same key: reruns overwrite one object instead of piling up.
  await templateUrlFor(pipeline, big, plan, outputs, e);
  assert.equal(e.uploads[1].key, u.key);
});

void test('refused clearly: the artifacts stack itself, another account, unknown bucket', async () => {
  const cases: [StackPlan, typeof outputs, RegExp][] = [
    [artifacts, outputs, /made by this stack/],
    [target, outputs, /is in tools, not prod/],
    [pipeline, new Map(), /not known/],
  ];
  for (const [sp, outs, why] of cases) {
    const e = env();
    await assert.rejects(templateUrlFor(sp, big, plan, outs, e), (err: unknown) => {
      assert.ok(isCrosslineError(err));
      assert.match(err.message, /bytes; CloudFormation takes at most 51200 inline/);
      assert.match(err.message, why);
      return true;
    });
    assert.equal(e.uploads.length, 0);
  }
});

void test('TemplateURL: regional virtual-hosted per partition, path style on an endpoint', () => {
  assert.equal(
    templateUrl('b', 'crossline/templates/s-1.json', 'eu-west-1'),
    'https://b.s3.eu-west-1.amazonaws.com/crossline/templates/s-1.json',
  );
  assert.equal(
    templateUrl('b', 'k.json', 'cn-north-1'),
    'https://b.s3.cn-north-1.amazonaws.com.cn/k.json',
  );
  assert.equal(
    templateUrl('b', 'k.json', 'us-gov-west-1'),
    'https://b.s3.us-gov-west-1.amazonaws.com/k.json',
  );
  assert.equal(
    templateUrl('b', 'a/k.json', 'us-east-1', 'http://localhost:4566/'),
    'http://localhost:4566/b/a/k.json',
  );
});
