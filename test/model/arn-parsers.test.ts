import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accountOfArn,
  anyAccountRoleArn,
  keyArn,
  parseArn,
  resourceId,
  roleArn,
  roleName,
  stackArn,
  withPartition,
} from '../../src/model/index.js';

const place = { partition: 'aws-cn', region: 'cn-north-1', account: '222222222222' };

void test('parsers read back what the builders write', () => {
  const role = roleArn('aws-us-gov', '333333333333', 'app-deploy');
  assert.deepEqual(parseArn(role), {
    partition: 'aws-us-gov',
    service: 'iam',
    region: '',
    account: '333333333333',
    resource: 'role/app-deploy',
  });
  assert.equal(accountOfArn(role), '333333333333');
  assert.equal(roleName(role), 'app-deploy');
  assert.equal(resourceId(keyArn(place, 'abc-123')), 'abc-123');
  assert.equal(accountOfArn('not-an-arn'), '');
  assert.equal(resourceId('not-an-arn'), undefined);
});

void test('a stack ARN names the region it is given; the stack id defaults to any', () => {
  assert.equal(
    stackArn(place, 'web'),
    'arn:aws-cn:cloudformation:cn-north-1:222222222222:stack/web/*',
  );
  assert.equal(
    parseArn(stackArn({ ...place, region: 'cn-northwest-1' }, 'web'))?.region,
    'cn-northwest-1',
  );
});

void test('withPartition moves an ARN to another partition and leaves other text alone', () => {
  assert.equal(
    withPartition('arn:aws:iam::aws:policy/PowerUserAccess', 'aws-cn'),
    'arn:aws-cn:iam::aws:policy/PowerUserAccess',
  );
  assert.equal(withPartition('PowerUserAccess', 'aws-cn'), 'PowerUserAccess');
});

void test('a role of one name in any account has a wildcard account', () => {
  assert.equal(anyAccountRoleArn('aws', 'app-deploy'), 'arn:aws:iam::*:role/app-deploy');
});
