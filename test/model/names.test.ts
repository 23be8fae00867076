import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseConfig } from '../../src/config/index.js';
import { ConfigInvalidError } from '../../src/errors/index.js';
import { NAME_LIMITS, physicalNames, type Account } from '../../src/model/index.js';
import { BASE, withReplaced } from '../config/base-config.js';

const tools: Account = { alias: 'tools', id: '111111111111', parts: ['tools'] };

void test('physical names are deterministic and all start from the name', () => {
  const a = physicalNames({ name: 'my-app', region: 'us-east-1', tools });
  const b = physicalNames({ name: 'my-app', region: 'us-east-1', tools });
  assert.deepEqual(a, b);
  for (const [k, v] of Object.entries(a)) {
    assert.ok(v.replace(/^alias\//, '').startsWith('my-app'), `${k}: ${v}`);
  }
  assert.equal(a.bucket, 'my-app-artifacts-111111111111-us-east-1');
  assert.equal(a.keyAlias, 'alias/my-app-artifacts');
  assert.equal(a.deployRole, 'my-app-deploy');
  assert.equal(a.execRole, 'my-app-cfn-exec');
});

void test('the longest allowed name keeps roles <= 64 and stacks <= 128', () => {
  const n = physicalNames({ name: 'a'.repeat(32), region: 'ap-southeast-1', tools });
  const roles = [n.sourceRole, n.deployRole, n.execRole, n.pipelineRole, n.buildRole];
  for (const r of [...roles, n.triggerRole, n.forwardRole])
    assert.ok(r.length <= NAME_LIMITS.role, r);
  for (const s of [n.artifactsStack, n.pipelineStack, n.sourceStack, n.targetStack]) {
    assert.ok(s.length <= NAME_LIMITS.stack, s);
  }
  assert.ok(n.startRule.length <= NAME_LIMITS.rule && n.forwardRule.length <= NAME_LIMITS.rule);
});

function bucketProblem(name: string, region = 'us-east-1'): string | undefined {
  let text = withReplaced('name: my-app', `name: ${name}`, BASE);
  text = withReplaced('region: us-east-1', `region: ${region}`, text);
  try {
    parseConfig(text, 'c.yml');
    return undefined;
  } catch (e) {
    assert.ok(e instanceof ConfigInvalidError);
    const p = e.problems.find((x) => /bucket/.test(x.message));
    assert.ok(p, e.message);
    assert.equal(p.path, 'name', 'the problem is on the field to shorten');
    assert.match(p.hint ?? '', /shorten 'name'/);
    return p.message;
  }
}

void test('bucket <= 63: the boundary depends on the region, and names the field', () => {
  // <name>-artifacts-<12 digits>-us-east-1 is the name + 33 characters.
  assert.equal(bucketProblem('a'.repeat(30)), undefined);
  assert.match(bucketProblem('a'.repeat(31))!, /would be 64 characters; S3 allows 63/);
  // ap-southeast-1 is 5 characters longer.
  assert.equal(bucketProblem('a'.repeat(25), 'ap-southeast-1'), undefined);
  assert.match(bucketProblem('a'.repeat(26), 'ap-southeast-1')!, /would be 64 characters/);
});

void test('stack names: 128 is fine, 129 is not', () => {
  const ok = withReplaced('stack: my-app-prod', `stack: s${'x'.repeat(127)}`);
  assert.doesNotThrow(() => parseConfig(ok, 'c.yml'));
  const long = withReplaced('stack: my-app-prod', `stack: s${'x'.repeat(128)}`);
  assert.throws(
    () => parseConfig(long, 'c.yml'),
    (e: unknown) => {
      assert.ok(e instanceof ConfigInvalidError);
      assert.match(e.problems[0].message, /stack.*at most 128/);
      return true;
    },
  );
});

void test('execution policies must be in the partition of the region', () => {
  const text = withReplaced('region: us-east-1', 'region: cn-north-1');
  assert.throws(
    () => parseConfig(text, 'c.yml'),
    (e: unknown) => {
      assert.ok(e instanceof ConfigInvalidError);
      const [p] = e.problems;
      assert.match(p.message, /partition 'aws', but cn-north-1 is in 'aws-cn'/);
      assert.equal(p.hint, 'use arn:aws-cn:iam::aws:policy/PowerUserAccess');
      assert.equal(`${p.line}:${p.col}`, '26:14');
      return true;
    },
  );
});
