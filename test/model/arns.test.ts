import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { arn, parseArn, type ArnScope, type Partition } from '../../src/model/index.js';
import { REPO } from '../cli/run-cli.js';

/** Every builder, called for one partition. Adding a builder without a row here fails below. */
function allBuilders(partition: Partition): Record<keyof typeof arn, string> {
  const s: ArnScope = { partition, region: 'r-1', account: '111111111111' };
  return {
    accountRoot: arn.accountRoot(partition, '111111111111'),
    role: arn.role(partition, '111111111111', 'my-app-deploy'),
    managedPolicy: arn.managedPolicy(partition, 'PowerUserAccess'),
    bucket: arn.bucket(partition, 'b'),
    bucketObjects: arn.bucketObjects(partition, 'b'),
    repository: arn.repository(s, 'repo'),
    pipeline: arn.pipeline(s, 'p'),
    buildProject: arn.buildProject(s, 'p'),
    logGroup: arn.logGroup(s, '/aws/codebuild/p'),
    eventBus: arn.eventBus(s),
    eventRule: arn.eventRule(s, 'rule'),
    stack: arn.stack(s, 'stack'),
    key: arn.key(s, 'k'),
    keyAlias: arn.keyAlias(s, 'alias/a'),
  };
}

void test('every ARN builder uses the partition it is given', () => {
  for (const partition of ['aws', 'aws-cn', 'aws-us-gov'] as const) {
    const built = allBuilders(partition);
    assert.deepEqual(Object.keys(built).sort(), Object.keys(arn).sort(), 'a row per builder');
    for (const [name, value] of Object.entries(built)) {
      assert.equal(parseArn(value)?.partition, partition, `${name}: ${value}`);
    }
  }
});

void test('ARN shapes', () => {
  const s: ArnScope = { partition: 'aws-cn', region: 'cn-north-1', account: '222222222222' };
  assert.equal(arn.accountRoot('aws-cn', '222222222222'), 'arn:aws-cn:iam::222222222222:root');
  assert.equal(arn.bucketObjects('aws-us-gov', 'b'), 'arn:aws-us-gov:s3:::b/*');
  assert.equal(arn.repository(s, 'r'), 'arn:aws-cn:codecommit:cn-north-1:222222222222:r');
  assert.equal(arn.stack(s, 'st'), 'arn:aws-cn:cloudformation:cn-north-1:222222222222:stack/st/*');
  assert.equal(arn.eventBus(s), 'arn:aws-cn:events:cn-north-1:222222222222:event-bus/default');
  assert.equal(arn.managedPolicy('aws-us-gov', 'X'), 'arn:aws-us-gov:iam::aws:policy/X');
});

void test('parseArn splits ARNs (resources may contain colons) and rejects non-ARNs', () => {
  assert.deepEqual(parseArn('arn:aws:logs:us-east-1:111111111111:log-group:/a/b:*'), {
    partition: 'aws',
    service: 'logs',
    region: 'us-east-1',
    account: '111111111111',
    resource: 'log-group:/a/b:*',
  });
  assert.equal(parseArn('not:an:arn'), undefined);
  assert.equal(parseArn('arn:aws:s3'), undefined);
});

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? tsFiles(p) : n.endsWith('.ts') ? [p] : [];
  });
}

/** Code (not comments) that writes `arn:aws:` itself would be wrong in China and GovCloud. */

void test('no code under src/ hard-codes the arn:aws: partition', () => {
  const offenders = tsFiles(join(REPO, 'src'))
    .filter((f) => {
      const code = readFileSync(f, 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
      return code.includes('arn:aws:');
    })
    .map((f) => relative(REPO, f));
  assert.deepEqual(offenders, [], 'build ARNs with src/model arn.* and the pipeline partition');
});
