/**
 * The list above the destroy question: every stack it deletes, the pipeline first, and what it
 * keeps; with --including-artifacts the artifacts stack goes last, with the bucket and key.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { destroyScope } from '../../src/deploy/index.js';
import { synthesize } from '../../src/synth/index.js';
import { BASE } from '../config/base-config.js';

const { plan } = synthesize(parseConfig(BASE, 'c.yml').pipeline);
const store = {
  bucket: 'my-app-artifacts-111111111111-us-east-1',
  keyAlias: 'alias/my-app-artifacts',
};

void test('by default the artifacts stack, bucket and key are kept, and said so', () => {
  const s = destroyScope(plan.stacks, false, store);
  assert.equal(s.deletes[0], 'tools/my-app-pipeline');
  assert.deepEqual([...s.deletes].sort(), [
    'prod/my-app-target',
    'source/my-app-source',
    'staging/my-app-target',
    'tools/my-app-pipeline',
  ]);
  assert.deepEqual(s.keeps, ['tools/my-app-artifacts']);
  assert.match(
    s.text,
    /^keeps tools\/my-app-artifacts: bucket my-app-artifacts-\S+ and key alias\/my-app-artifacts/m,
  );
});

void test('--including-artifacts: the artifacts stack last, then the bucket and the key', () => {
  const s = destroyScope(plan.stacks, true, store);
  assert.equal(s.deletes.at(-1), 'tools/my-app-artifacts');
  assert.deepEqual(s.keeps, []);
  assert.match(
    s.text,
    /empties and deletes bucket my-app-artifacts-\S+ and schedules key alias\/my-app-artifacts for deletion/,
  );
  assert.doesNotMatch(s.text, /^keeps/m);
});
