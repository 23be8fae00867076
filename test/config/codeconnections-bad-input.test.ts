/**
 * Bad `provider: codeconnections` input through the real CLI (`crossline validate`): exit
 * code 2, nothing on stdout, and `bad.yml:LINE:COL: message` with a hint on stderr.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from './base-config.js';
import { CONNECTION_ARN, GITHUB } from './codeconnections-base.js';
import { validateProblems } from './validate-problems.js';

const problems = validateProblems();

const once = (text: string, from: string, to: string): string => {
  assert.equal(text.split(from).length, 2, `'${from}' must occur once`);
  return text.replace(from, to);
};

void describe('codeconnections: bad input', { concurrency: 2 }, () => {
  void test('a malformed connection ARN, at the value', async () => {
    const found = await problems(once(GITHUB, ':connection/', ':conn/'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:11:15: source\.connection: not a connection ARN/);
    assert.match(found[0], /\n {2}hint: connection: arn:<partition>:codeconnections:/);
  });

  void test('a connection ARN of another service is not a connection', async () => {
    const found = await problems(once(GITHUB, ':codeconnections:', ':codecommit:'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:11:15: source\.connection: not a connection ARN/);
  });

  void test('a repository without owner/', async () => {
    const found = await problems(once(GITHUB, 'acme/storefront', 'storefront'));
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:12:15: source\.repository: .*owner\/name/);
    assert.match(found[0], /hint: owner\/name as the provider shows it/);
  });

  void test("a connection in another partition than the pipeline's region", async () => {
    const found = await problems(
      once(GITHUB, CONNECTION_ARN, CONNECTION_ARN.replace('arn:aws:', 'arn:aws-cn:')),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^bad\.yml:11:15: the connection is in partition 'aws-cn', but us-east-1 is in 'aws'/,
    );
    assert.match(
      found[0],
      /hint: use a connection created in aws, e\.g\. arn:aws:codeconnections:/,
    );
  });

  void test('triggers on a codecommit source, at triggers', async () => {
    const found = await problems(
      once(
        BASE,
        '  branch: main\n',
        '  branch: main\n  triggers:\n    push: { tags: { includes: ["v*"] } }\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^bad\.yml:14:5: source\.triggers: git triggers are for provider: codeconnections only/,
    );
    assert.match(found[0], /pipelines-filter\.html/);
    assert.match(found[0], /hint: remove triggers/);
  });

  void test('an unknown pull-request event, at the event', async () => {
    const found = await problems(
      once(
        GITHUB,
        '  branch: main\n',
        '  branch: main\n  triggers:\n    pullRequest:\n      events: [OPEN, MERGED]\n',
      ),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(
      found[0],
      /^bad\.yml:16:22: source\.triggers\.pullRequest\.events\[1\]: expected "OPEN" or "UPDATED" or "CLOSED"/,
    );
    assert.match(found[0], /hint: one or more of OPEN, UPDATED, CLOSED/);
  });

  void test('every problem at once: ARN, repository and a codecommit key together', async () => {
    const text = once(
      once(once(GITHUB, ':connection/', ':conn/'), 'acme/storefront', 'storefront'),
      '  branch: main\n',
      '  branch: main\n  account: source\n',
    );
    const found = await problems(text);
    assert.deepEqual(
      found.map((f) => f.split(': ')[0]),
      ['bad.yml:11:15', 'bad.yml:12:15', 'bad.yml:14:3'],
      found.join('\n'),
    );
    assert.match(found[2], /unknown key 'account'/);
  });

  void test('a GitHubEnterpriseServer connection to create without its host', async () => {
    const found = await problems(
      once(GITHUB, CONNECTION_ARN, '{ create: true, provider: GitHubEnterpriseServer }'),
    );
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /^bad\.yml:11:15: a GitHubEnterpriseServer connection needs the host/);
  });
});
