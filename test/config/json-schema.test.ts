/** The JSON Schema shipped for editors agrees with the validator (zod is the source of both). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { jsonSchema, parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError } from '../../src/errors/index.js';
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
  for (const name of [
    'four-accounts.yml',
    'fifty-targets.yml',
    'github-source.yml',
    'multi-region.yml',
  ]) {
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

void test("a target's region completes from the known regions; the loader still says 'did you mean'", () => {
  const targetRegion = (
    (
      (shipped.properties as Record<string, { items: Record<string, unknown> }>).stages.items
        .properties as Record<string, { items: Record<string, unknown> }>
    ).targets.items.properties as Record<string, { enum?: string[] }>
  ).region;
  assert.ok(targetRegion.enum?.includes('eu-west-1') && targetRegion.enum.includes('cn-north-1'));
  const PROD = '      - { account: prod, stack: my-app-prod, template: template.yaml }';
  const ok = withReplaced(PROD, PROD.replace(' }', ', region: eu-west-1 }'));
  assert.deepEqual(schemaErrors(shipped, parse(ok)), []);
  const typo = withReplaced(PROD, PROD.replace(' }', ', region: eu-wset-1 }'));
  const errors = schemaErrors(shipped, parse(typo));
  assert.ok(
    errors.some((e) => /stages\[1\]\.targets\[0\]\.region: not in enum/.test(e)),
    errors.join('\n'),
  );
  // The zod schema keeps a string, so the loader's own check locates the typo with a hint.
  assert.throws(
    () => parseConfig(typo, 'c.yml'),
    (e: unknown) =>
      e instanceof ConfigInvalidError &&
      e.problems.some(
        (p) =>
          p.path === 'stages[1].targets[0].region' &&
          p.line === 24 &&
          /did you mean 'eu-west-1'/.test(p.hint ?? ''),
      ),
  );
});
