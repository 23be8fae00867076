/**
 * Targets in several regions (docs/design.md §2, "Regions"): the model keeps the region a
 * target names, and bad regions are located errors (in-process, parseConfig). The CLI's exit
 * code 2 is checked in regions-cli.test.ts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError, type Problem } from '../../src/errors/index.js';
import { withReplaced } from './base-config.js';

const PROD = '      - { account: prod, stack: my-app-prod, template: template.yaml }\n';

/** BASE with the prod target listed once per given region suffix (`''` = no region key). */
function prodIn(...regions: string[]): string {
  const lines = regions.map((r) => (r === '' ? PROD : PROD.replace(' }\n', `, region: ${r} }\n`)));
  return withReplaced(PROD, lines.join(''));
}

function problemsOf(text: string): readonly Problem[] {
  try {
    parseConfig(text, 'c.yml');
  } catch (e) {
    assert.ok(e instanceof ConfigInvalidError, `expected ConfigInvalidError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail('expected the config to be invalid');
}

void test('a target may name its region; the same account and stack once per region', () => {
  const { pipeline } = parseConfig(prodIn('', 'eu-west-1', 'ap-southeast-2'), 'c.yml');
  const prod = pipeline.stages[1].targets;
  assert.deepEqual(
    prod.map((t) => [t.account.alias, t.stack, t.region]),
    [
      ['prod', 'my-app-prod', undefined],
      ['prod', 'my-app-prod', 'eu-west-1'],
      ['prod', 'my-app-prod', 'ap-southeast-2'],
    ],
  );
});

void test("naming the pipeline's own region is the default: the model does not keep it", () => {
  const { pipeline } = parseConfig(prodIn('us-east-1'), 'c.yml');
  assert.equal(pipeline.stages[1].targets[0].region, undefined);
  assert.equal('region' in pipeline.stages[1].targets[0], false);
});

void test('the same account, stack and region twice is located at the second region', () => {
  const problems = problemsOf(prodIn('eu-west-1', 'eu-west-1'));
  assert.equal(problems.length, 1, JSON.stringify(problems));
  const [p] = problems;
  assert.equal(p.line, 25);
  assert.equal(p.path, 'stages[1].targets[1].region');
  assert.match(
    p.message,
    /stack 'my-app-prod' in account 'prod' and region eu-west-1 is deployed twice/,
  );
  assert.match(p.message, /also stages\[1\]\.targets\[0\]/);
});

void test('the pipeline region named explicitly collides with the default', () => {
  const problems = problemsOf(prodIn('', 'us-east-1'));
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(problems[0].path, 'stages[1].targets[1].region');
  assert.match(problems[0].message, /deployed twice/);
});

void test('an unknown region is located at its value, with the closest known region', () => {
  const problems = problemsOf(prodIn('', 'eu-wset-1'));
  assert.equal(problems.length, 1, JSON.stringify(problems));
  const [p] = problems;
  assert.equal(p.path, 'stages[1].targets[1].region');
  assert.equal(p.line, 25);
  assert.equal(p.col, 79);
  assert.match(p.message, /'eu-wset-1' is not an AWS region/);
  assert.match(p.hint ?? '', /did you mean 'eu-west-1'\?/);
});

void test("a region of another partition than the pipeline's is located", () => {
  const problems = problemsOf(prodIn('', 'cn-north-1'));
  assert.equal(problems.length, 1, JSON.stringify(problems));
  const [p] = problems;
  assert.equal(p.path, 'stages[1].targets[1].region');
  assert.match(
    p.message,
    /cn-north-1 is in partition 'aws-cn', but the pipeline region us-east-1 is in 'aws'/,
  );
  assert.match(p.hint ?? '', /a region of aws/);
});

void test('every bad region is reported at once, each at its own target', () => {
  const problems = problemsOf(prodIn('us-gov-west-1', 'mars-1'));
  assert.deepEqual(
    problems.map((p) => p.path),
    ['stages[1].targets[0].region', 'stages[1].targets[1].region'],
  );
});

void test("an extra region's artifact bucket name must fit S3's 63 characters", () => {
  const long = withReplaced(
    'name: my-app\n',
    'name: my-app-with-a-long-name-xyz\n',
    prodIn('', 'ap-southeast-2'),
  );
  // <name>-artifacts-111111111111-<region>: 60 characters in us-east-1, 65 in ap-southeast-2.
  const problems = problemsOf(long);
  assert.equal(problems.length, 1, JSON.stringify(problems));
  assert.equal(problems[0].path, 'stages[1].targets[1].region');
  assert.match(
    problems[0].message,
    /the artifact bucket of ap-southeast-2, '.*', would be 65 characters; S3 allows 63/,
  );
});

void test('a region must be a string', () => {
  const problems = problemsOf(prodIn('', '12'));
  const region = problems.filter((p) => p.path === 'stages[1].targets[1].region');
  assert.equal(region.length, 1, JSON.stringify(problems));
  assert.match(region[0].message, /expected a string, found the number 12/);
});
