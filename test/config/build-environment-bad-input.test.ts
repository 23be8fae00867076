/**
 * Bad build.environment / privileged / vpc input through the real CLI (`crossline validate`):
 * exit code 2, nothing on stdout, `bad.yml:LINE:COL: message` with a hint on stderr.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { withReplaced } from './base-config.js';
import { validateProblems } from './validate-problems.js';

const problems = validateProblems();

/** BASE with lines after `artifacts:` (line 15), so the new keys start on line 16. */
const withBuild = (lines: string): string =>
  withReplaced('  artifacts: [template.yaml]\n', `  artifacts: [template.yaml]\n${lines}`);

void describe('build environment: bad input', { concurrency: 2 }, () => {
  void test('a subnet, security group and VPC id of the wrong shape, each located', async () => {
    const found = await problems(
      withBuild(
        '  vpc:\n    vpcId: vpc-12\n    subnets: [subnet-0123456789abcdef0, subnet-xyz]\n    securityGroups: [sg-0123456789abcdef0, sg-xyz]\n',
      ),
    );
    assert.equal(found.length, 3, found.join('\n'));
    assert.match(found[0], /^bad\.yml:17:12: .*not a VPC id/);
    assert.match(found[1], /^bad\.yml:18:41: .*not a subnet id/);
    assert.match(found[2], /^bad\.yml:19:44: .*not a security group id/);
    for (const f of found) assert.match(f, /\n {2}hint: .*(vpc-|subnet-|sg-)/);
  });

  void test('a reserved variable name and a bad parameter name', async () => {
    const found = await problems(
      withBuild(
        '  environment:\n    CODEBUILD_X: one\n    API: { parameter-store: "bad name" }\n    KEY: { secrets-manager: "shop/db:password" }\n',
      ),
    );
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found[0], /^bad\.yml:17:\d+: .*CODEBUILD_ is reserved/);
    assert.match(found[1], /^bad\.yml:18:29: .*not a Parameter Store parameter name/);
    for (const f of found) assert.match(f, /\n {2}hint: e\.g\. environment:/);
  });

  void test('a VPC without subnets, and privileged that is not a boolean', async () => {
    const found = await problems(
      withBuild(
        '  privileged: yes\n  vpc: { vpcId: vpc-0123456789abcdef0, subnets: [], securityGroups: [sg-01234567] }\n',
      ),
    );
    assert.equal(found.length, 2, found.join('\n'));
    assert.match(found[0], /^bad\.yml:16:15: /);
    assert.match(found[0], /hint: use true or false/);
    assert.match(found[1], /^bad\.yml:17:.*at least one subnet/);
  });
});
