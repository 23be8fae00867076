/** parseConfig in-process: the resolved model of valid configs, and the rarer problems. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError, type Problem } from '../../src/errors/index.js';
import { REPO } from '../cli/run-cli.js';
import { BASE, withReplaced } from './base-config.js';

function problemsOf(text: string): readonly Problem[] {
  try {
    parseConfig(text, 'c.yml');
  } catch (e) {
    assert.ok(e instanceof ConfigInvalidError, `expected ConfigInvalidError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail('expected the config to be invalid');
}

const example = (name: string): string => readFileSync(join(REPO, 'examples', name), 'utf8');

void test('the 4-account example resolves to the pipeline of docs/design.md §2', () => {
  const { pipeline: p } = parseConfig(example('four-accounts.yml'), 'four-accounts.yml');
  assert.equal(p.name, 'my-app');
  assert.equal(p.region, 'us-east-1');
  assert.equal(p.partition, 'aws');
  assert.deepEqual(
    p.accounts.map((a) => [a.alias, a.id, a.parts.join('+'), a.profile]),
    [
      ['prod', '444444444444', 'target', undefined],
      ['source', '222222222222', 'source', 'client-admin'],
      ['staging', '333333333333', 'target', undefined],
      ['tools', '111111111111', 'tools', undefined],
    ],
  );
  assert.equal(p.tools.alias, 'tools');
  assert.equal(p.source.account.id, '222222222222');
  assert.equal(p.source.provider, 'codecommit');
  assert.equal(p.source.provider === 'codecommit' ? p.source.create : undefined, false);
  assert.deepEqual(
    p.stages.map((s) => [
      s.name,
      s.approval,
      s.targets.map((t) => `${t.account.alias}/${t.stack}`),
    ]),
    [
      ['staging', false, ['staging/my-app-staging']],
      ['prod', true, ['prod/my-app-prod']],
    ],
  );
  assert.deepEqual(p.stages[0].targets[0].parameters, { Env: 'staging' });
  assert.deepEqual(p.execution.policies, ['arn:aws:iam::aws:policy/PowerUserAccess']);
  assert.equal(p.credentials.assumeRole, 'OrganizationAccountAccessRole');
  assert.equal(p.build.image, 'aws/codebuild/standard:7.0');
});

void test('the 50-target example: three stages, 50 distinct target accounts', () => {
  const { pipeline: p } = parseConfig(example('fifty-targets.yml'), 'fifty-targets.yml');
  assert.equal(p.stages.length, 3);
  const targets = p.stages.flatMap((s) => s.targets);
  assert.equal(targets.length, 50);
  assert.equal(new Set(targets.map((t) => t.account.id)).size, 50);
  assert.equal(p.partition, 'aws');
});

void test('one account can play several parts (tools = source)', () => {
  const text = withReplaced('  account: source', '  account: tools');
  const { pipeline: p } = parseConfig(text, 'c.yml');
  assert.deepEqual(p.tools.parts, ['source', 'tools']);
  assert.deepEqual(p.accounts.find((a) => a.alias === 'source')!.parts, []);
});

void test('pipelineAccount names the tools account when no alias is called tools', () => {
  let text = withReplaced('  tools: "111111111111"', '  ci: "111111111111"');
  text = withReplaced('version: 1', 'version: 1\npipelineAccount: ci', text);
  assert.equal(parseConfig(text, 'c.yml').pipeline.tools.id, '111111111111');
  const without = withReplaced('  tools: "111111111111"', '  ci: "111111111111"');
  const [p] = problemsOf(without);
  assert.match(p.message, /no pipeline account/);
  assert.match(p.hint!, /pipelineAccount/);
});

void test('parameters become strings in a stable order', () => {
  const text = withReplaced(
    'parameters: { Env: staging }',
    'parameters: { Zed: 1, Env: staging, On: true }',
  );
  const { pipeline } = parseConfig(text, 'c.yml');
  const params = pipeline.stages[0].targets[0].parameters;
  assert.deepEqual(Object.entries(params), [
    ['Env', 'staging'],
    ['On', 'true'],
    ['Zed', '1'],
  ]);
});

void test('a GovCloud or China region gives that partition', () => {
  const inRegion = (region: string, partition: string): string =>
    withReplaced(
      'arn:aws:iam',
      `arn:${partition}:iam`,
      withReplaced('region: us-east-1', `region: ${region}`),
    );
  const gov = parseConfig(inRegion('us-gov-west-1', 'aws-us-gov'), 'c.yml');
  assert.equal(gov.pipeline.partition, 'aws-us-gov');
  const cn = parseConfig(inRegion('cn-northwest-1', 'aws-cn'), 'c.yml');
  assert.equal(cn.pipeline.partition, 'aws-cn');
});

void test('every problem has a location, a message and a hint', () => {
  const mutations: [string, string][] = [
    ['version: 1', 'version: 2'],
    ['name: my-app', 'name: My_App'],
    ['  commands: [npm ci, npm test, npm run package]', '  commands: []'],
    ['  artifacts: [template.yaml]', '  artifacts: template.yaml'],
    ['template: template.yaml }', 'template: "" }'],
    ['    approval: true', '    approval: yes please'],
    ['  - name: prod', '  - name: Build'],
    ['  - name: prod', '  - name: "prod stage!"'],
    ['stages:', 'stage:'],
    ['credentials:\n  assumeRole: OrganizationAccountAccessRole\n', 'credentials: 5\n'],
    ['  prod: "444444444444"', '  prod: { profile: x }'],
    ['  prod: "444444444444"', '  prod: [1]'],
    ['  prod: "444444444444"', '  prod: "111111111111"'],
  ];
  for (const [from, to] of mutations) {
    const problems = problemsOf(withReplaced(from, to));
    assert.ok(problems.length > 0, to);
    for (const p of problems) {
      assert.equal(p.file, 'c.yml');
      assert.ok(p.line >= 1 && p.col >= 1, `${to}: located`);
      assert.ok(p.message.length > 0);
      assert.ok(p.hint && p.hint.length > 0, `${to}: '${p.message}' has a hint`);
      assert.doesNotMatch(p.message, /Invalid input|received|_zod/, `${to}: in YAML words`);
    }
  }
});

void test('a missing nested key says where it is missing', () => {
  const [p] = problemsOf(withReplaced('  branch: main\n', ''));
  assert.equal(p.message, "missing required key 'branch' in source");
  assert.equal(p.line, 9);
});

void test('types are named in YAML words', () => {
  const [p] = problemsOf(
    withReplaced('  artifacts: [template.yaml]', '  artifacts: template.yaml'),
  );
  assert.equal(p.message, 'build.artifacts: expected a list, found the string template.yaml');
});

void test('reserved stage names and a stack deployed twice are refused', () => {
  assert.match(
    problemsOf(withReplaced('  - name: prod', '  - name: source'))[0].message,
    /reserved/,
  );
  const twice = withReplaced(
    'account: prod, stack: my-app-prod',
    'account: staging, stack: my-app-staging',
  );
  const [p] = problemsOf(twice);
  assert.match(p.message, /stack 'my-app-staging' in account 'staging' is deployed twice/);
  assert.equal(p.line, 24);
});

void test('two aliases with one account id are refused', () => {
  const [p] = problemsOf(withReplaced('  prod: "444444444444"', '  prod: "333333333333"'));
  assert.match(p.message, /accounts 'staging' and 'prod' have the same id 333333333333/);
});

void test('a file that is not a mapping', () => {
  for (const text of ['', '# only a comment\n', '- a\n- b\n', 'just text\n']) {
    const [p] = problemsOf(text);
    assert.match(p.message, /must be a YAML mapping/, JSON.stringify(text));
    assert.equal(`${p.line}:${p.col}`, '1:1');
  }
});

void test('duplicate keys are reported with the key', () => {
  const [p] = problemsOf(withReplaced('name: my-app', 'name: my-app\nname: other'));
  assert.equal(p.message, "duplicate key 'name'");
  assert.equal(p.line, 3);
});

void test('alias bombs and dangling aliases are problems, not crashes', () => {
  const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
d: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]
`;
  assert.ok(problemsOf(bomb).length > 0);
  assert.ok(problemsOf('a: *nowhere\n').length > 0);
});

void test('inherited object properties are not aliases', () => {
  const [p] = problemsOf(withReplaced('account: prod,', 'account: toString,'));
  assert.match(p.message, /'toString' is not an alias/);
});

void test('the base config is valid', () => {
  assert.equal(parseConfig(BASE, 'c.yml').pipeline.name, 'my-app');
});

void test('the branch must be a git branch name', () => {
  for (const branch of ['"feat: x"', '"a b"', 'a..b', 'a.lock', '/a']) {
    const [p] = problemsOf(withReplaced('branch: main', `branch: ${branch}`));
    assert.match(p.message, /source\.branch: not a valid git branch name/, branch);
    assert.match(p.hint!, /no spaces/);
  }
  for (const branch of ['feature/x-1', 'release/2024.01']) {
    assert.doesNotThrow(() =>
      parseConfig(withReplaced('branch: main', `branch: ${branch}`), 'c.yml'),
    );
  }
});
