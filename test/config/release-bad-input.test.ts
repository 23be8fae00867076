/**
 * Bad release-flow input through the real CLI (`crossline validate`): exit code 2, nothing on
 * stdout, and `bad.yml:LINE:COL: message` with a hint on stderr.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withReplaced } from './base-config.js';
import { runCli } from '../cli/run-cli.js';
import { validateProblems } from './validate-problems.js';

const problems = validateProblems();

void describe('release flow: bad input', { concurrency: 2 }, () => {
  void test('an unknown mode is located at the value, with the allowed modes', async () => {
    const found = await problems(withReplaced('    approval: true\n', '    mode: changeset\n'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:22:11: /);
    assert.match(found[0], /create-update/);
    assert.match(found[0], /change-set/);
    assert.match(found[0], /\n {2}hint: /);
  });

  void test('a change-set stage with more targets than one CodePipeline stage holds', async () => {
    const accounts = Array.from({ length: 25 }, (_, i) => `  p${i}: "${500000000000 + i}"`);
    const targets = accounts.map(
      (_, i) => `      - { account: p${i}, stack: s${i}, template: template.yaml }`,
    );
    const text = withReplaced(
      '  prod: "444444444444"\n',
      `  prod: "444444444444"\n${accounts.join('\n')}\n`,
      withReplaced(
        '    approval: true\n    targets:\n      - { account: prod, stack: my-app-prod, template: template.yaml }\n',
        `    mode: change-set\n    targets:\n${targets.join('\n')}\n`,
      ),
    );
    const found = await problems(text);
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^bad\.yml:47:11: a change-set stage deploys at most 24 targets; this one has 25/,
    );
    assert.match(found[0], /limits\.html/);
    assert.match(found[0], /hint: split the targets/);
  });
});

const ORDERED = (after: string): string =>
  withReplaced(
    '      - { account: prod, stack: my-app-prod, template: template.yaml }\n',
    `      - { account: prod, stack: my-app-prod, template: template.yaml, after: [${after}] }\n      - { account: prod, stack: my-app-db, template: template.yaml, after: [my-app-prod] }\n`,
  );

void describe('targets[].after: bad input', { concurrency: 2 }, () => {
  void test('an unknown stack is located at the entry, with a suggestion', async () => {
    const found = await problems(
      withReplaced(
        '      - { account: prod, stack: my-app-prod, template: template.yaml }\n',
        '      - { account: prod, stack: my-app-prod, template: template.yaml, after: [my-app-stagin] }\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:24:\d+: 'my-app-stagin' is not a stack of stage prod/);
    assert.match(found[0], /hint: after names stacks of the same stage/);
  });

  void test('a cycle is located at the entry that closes it, with the cycle', async () => {
    const found = await problems(ORDERED('my-app-db'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^bad\.yml:2[45]:\d+: stage prod: the stacks wait for each other \(my-app-\w+ → my-app-\w+ → my-app-\w+\)/,
    );
    assert.match(found[0], /hint: remove one of these after entries/);
  });

  void test('a stack after itself', async () => {
    const found = await problems(
      withReplaced(
        '      - { account: prod, stack: my-app-prod, template: template.yaml }\n',
        '      - { account: prod, stack: my-app-prod, template: template.yaml, after: [my-app-prod] }\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:24:\d+: stack 'my-app-prod' cannot be deployed after itself/);
  });
});

void test('the release example is valid', async () => {
  const run = await runCli(['validate', '-c', 'examples/release-flow.yml']);
  assert.equal(run.status, 0, run.stderr);
});

void describe('stages[] / targets[].execution: bad input', { concurrency: 2 }, () => {
  void test('an override policy of another partition is located at the entry', async () => {
    const found = await problems(
      withReplaced(
        '    approval: true\n',
        '    approval: true\n    execution: { policies: [arn:aws-cn:iam::aws:policy/ReadOnlyAccess] }\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^bad\.yml:23:\d+: the policy ARN is in partition 'aws-cn', but us-east-1 is in 'aws'/,
    );
    assert.match(found[0], /hint: use arn:aws:iam::aws:policy\/ReadOnlyAccess/);
  });

  void test('an empty override is located, not silently the default', async () => {
    const found = await problems(
      withReplaced(
        '      - { account: prod, stack: my-app-prod, template: template.yaml }\n',
        '      - { account: prod, stack: my-app-prod, template: template.yaml, execution: { policies: [] } }\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:24:\d+: .*at least one managed policy/);
  });
});

void describe('stages[].onFailure: bad input', () => {
  void test('an unknown value is located, with the allowed ones', async () => {
    const found = await problems(
      withReplaced('    approval: true\n', '    approval: true\n    onFailure: roll-back\n'),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:23:16: /);
    assert.match(found[0], /rollback/);
    assert.match(found[0], /retry/);
  });
});

void describe('stages[].tests: bad input', { concurrency: 2 }, () => {
  void test('tests without policies are located at tests: crossline does not guess', async () => {
    const found = await problems(
      withReplaced(
        '    approval: true\n',
        '    approval: true\n    tests: { commands: [npm run smoke] }\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:23:12: tests need policies/);
    assert.match(found[0], /does not guess/);
    assert.match(found[0], /hint: .*ReadOnlyAccess/);
  });

  void test('a test policy of another partition is located at the entry', async () => {
    const found = await problems(
      withReplaced(
        '    approval: true\n',
        '    approval: true\n    tests: { commands: [x], policies: [arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess] }\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:23:\d+: the policy ARN is in partition 'aws-us-gov'/);
  });
});

/** BASE with a notifications block (from line 30 of the result) after credentials. */
const NOTIFY = (block: string): string =>
  withReplaced(
    '  assumeRole: OrganizationAccountAccessRole\n',
    `  assumeRole: OrganizationAccountAccessRole\nnotifications:\n${block}`,
  );

void describe('notifications: bad input', { concurrency: 2 }, () => {
  void test('an email that is not an address is located at the entry', async () => {
    const found = await problems(
      NOTIFY('  events: [failed]\n  email: [oncall@example.com, oncall.example.com]\n'),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:31:31: notifications\.email\[1\]: not an email address/);
  });

  void test('a topic ARN in another partition is located, with the right one as hint', async () => {
    const found = await problems(
      NOTIFY('  events: [failed]\n  topic: arn:aws-cn:sns:cn-north-1:111111111111:alerts\n'),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^bad\.yml:31:10: the topic ARN is in partition 'aws-cn', but us-east-1/,
    );
    assert.match(found[0], /hint: .*arn:aws:sns:cn-north-1/);
  });

  void test('a topic that is not an SNS ARN is located', async () => {
    const found = await problems(
      NOTIFY('  events: [failed]\n  topic: arn:aws:sqs:us-east-1:111111111111:alerts\n'),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:31:10: '.*' is not an SNS topic ARN/);
  });

  void test('an unknown event is located at the entry, with the known events', async () => {
    const found = await problems(NOTIFY('  events: [failed, approval]\n'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:30:20: notifications\.events\[1\]: /);
    assert.match(found[0], /approval-needed/);
  });

  void test('no events is located at the list', async () => {
    const found = await problems(NOTIFY('  events: []\n  email: [oncall@example.com]\n'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:30:11: notifications\.events: name at least one event/);
  });
});
