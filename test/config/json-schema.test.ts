/** The JSON Schema shipped for editors agrees with the validator (zod is the source of both). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { jsonSchema } from '../../src/config/index.js';
import { REPO } from '../cli/run-cli.js';
import { BASE, withReplaced } from './base-config.js';
import { schemaErrors } from './mini-json-schema.js';

const shipped = JSON.parse(
  readFileSync(join(REPO, 'schema/crossline.schema.json'), 'utf8'),
) as Record<string, unknown>;

void test('schema/crossline.schema.json is the current generated schema', () => {
  assert.deepEqual(shipped, jsonSchema(), 'run `npm run build` to regenerate it');
});

void test('the shipped schema accepts both examples and the starter file', () => {
  for (const name of ['four-accounts.yml', 'fifty-targets.yml', 'github-source.yml']) {
    const config: unknown = parse(readFileSync(join(REPO, 'examples', name), 'utf8'));
    assert.deepEqual(schemaErrors(shipped, config), [], name);
  }
  assert.deepEqual(schemaErrors(shipped, parse(BASE)), []);
});

void test('the shipped schema rejects what editors should flag', () => {
  const cases: [string, string, RegExp][] = [
    ['staging: "333333333333"', 'staging: 333333333333', /accounts\.staging/],
    ['  branch: main', '  brnach: main', /unknown key brnach/],
    ['region: us-east-1', 'region: us-east-7', /region: not in enum/],
    ['stack: my-app-prod', 'stack: my_app.prod', /stack: does not match/],
    ['version: 1', 'version: 2', /version: expected 1/],
  ];
  for (const [from, to, error] of cases) {
    const errors = schemaErrors(shipped, parse(withReplaced(from, to)));
    assert.ok(
      errors.some((e) => error.test(e)),
      `${to}: ${errors.join('\n')}`,
    );
  }
});

void test('every top-level key of the config is in the schema, required ones marked', () => {
  const props = Object.keys(shipped.properties as object);
  for (const key of [
    'version',
    'name',
    'region',
    'accounts',
    'source',
    'build',
    'stages',
    'execution',
  ]) {
    assert.ok(props.includes(key), key);
    assert.ok((shipped.required as string[]).includes(key), `${key} is required`);
  }
  for (const key of ['pipelineAccount', 'credentials']) {
    assert.ok(props.includes(key) && !(shipped.required as string[]).includes(key), key);
  }
  assert.equal(shipped.additionalProperties, false);
});
