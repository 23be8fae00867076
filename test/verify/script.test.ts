// The access script is derived from the pipeline: rows per step of docs/design.md §5, every row
// citing a source, and a new target adds its own rows.
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile, parseConfig } from '../../src/config/index.js';
import { buildAccessScript, OUTSIDER_ACCOUNT, topologyFromModel } from '../../src/verify/index.js';

const four = loadConfigFile('examples/four-accounts.yml').pipeline;

void test('the positive script has a row for every request of docs/design.md §5', () => {
  const script = buildAccessScript(topologyFromModel(four));
  const allow = script.rows.filter((r) => r.expect === 'allow');
  const has = (step: string, action: string, principal?: RegExp, resource?: RegExp): void => {
    const found = allow.find(
      (r) =>
        r.step === step &&
        r.action === action &&
        (!principal || principal.test(r.principal)) &&
        (!resource || resource.test(r.resource)),
    );
    assert.ok(found, `missing ${step} ${action}`);
  };
  has(
    'trigger.forward',
    'events:PutEvents',
    /222222222222:role\/my-app-forward$/,
    /111111111111:event-bus\/default$/,
  );
  has(
    'trigger.start',
    'codepipeline:StartPipelineExecution',
    /111111111111:role\/my-app-trigger$/,
    /codepipeline:us-east-1:111111111111:my-app$/,
  );
  has(
    'service.codepipeline',
    'sts:AssumeRole',
    /^codepipeline\.amazonaws\.com$/,
    /role\/my-app-pipeline$/,
  );
  has('service.codebuild', 'sts:AssumeRole', /^codebuild\.amazonaws\.com$/);
  has(
    'service.events.forward',
    'sts:AssumeRole',
    /^events\.amazonaws\.com$/,
    /222222222222:role\/my-app-forward$/,
  );
  has(
    'source.assume',
    'sts:AssumeRole',
    /111111111111:role\/my-app-pipeline$/,
    /222222222222:role\/my-app-source$/,
  );
  for (const a of ['GetBranch', 'GetCommit', 'UploadArchive', 'GetUploadArchiveStatus'])
    has('source.read', `codecommit:${a}`, undefined, /codecommit:us-east-1:222222222222:my-app$/);
  has(
    'source.write',
    's3:PutObject',
    /role\/my-app-source$/,
    /^arn:aws:s3:::my-app-artifacts-111111111111-us-east-1\//,
  );
  has(
    'source.write',
    'kms:GenerateDataKey',
    /role\/my-app-source$/,
    /:kms:us-east-1:111111111111:key\//,
  );
  has('build.start', 'codebuild:StartBuild', /role\/my-app-pipeline$/, /project\/my-app-build$/);
  has('build.read', 's3:GetObject', /role\/my-app-build$/);
  has('build.write', 's3:PutObject', /role\/my-app-build$/);
  for (const [stage, id] of [
    ['staging', '333333333333'],
    ['prod', '444444444444'],
  ] as const) {
    has(
      `deploy.${stage}.assume`,
      'sts:AssumeRole',
      /role\/my-app-pipeline$/,
      new RegExp(`${id}:role/my-app-deploy$`),
    );
    has(`deploy.${stage}.read`, 's3:GetObject', new RegExp(`${id}:role/my-app-deploy$`));
    has(`deploy.${stage}.read`, 'kms:Decrypt', new RegExp(`${id}:role/my-app-deploy$`));
    has(
      `deploy.${stage}.stack`,
      'cloudformation:CreateStack',
      undefined,
      new RegExp(`${id}:stack/my-app-${stage}/`),
    );
    has(
      `deploy.${stage}.pass-role`,
      'iam:PassRole',
      undefined,
      new RegExp(`${id}:role/my-app-cfn-exec$`),
    );
  }
  const upload = allow.find((r) => r.step === 'source.write' && r.action === 's3:PutObject')!;
  assert.equal(upload.context['aws:SecureTransport'], true);
  assert.equal(upload.context['s3:x-amz-server-side-encryption'], 'aws:kms');
  assert.equal(
    upload.resourceAccount,
    '111111111111',
    'S3 ARNs carry no account: the row names the bucket owner',
  );
  const pass = allow.find((r) => r.action === 'iam:PassRole')!;
  assert.equal(pass.context['iam:PassedToService'], 'cloudformation.amazonaws.com');
});

void test('every row cites the AWS page or tool grant it follows', () => {
  const script = buildAccessScript(topologyFromModel(four));
  for (const row of script.rows)
    assert.match(
      row.source,
      /^https:\/\/(docs\.aws\.amazon\.com|github\.com\/aws\/aws-cdk)\//,
      row.step,
    );
});

void test('the negative script covers the outsider, other admins, transport, encryption and each role', () => {
  const script = buildAccessScript(topologyFromModel(four));
  const deny = script.rows.filter((r) => r.expect === 'deny');
  const any = (pred: (r: (typeof deny)[number]) => boolean, what: string): void =>
    assert.ok(deny.some(pred), what);
  any(
    (r) => r.principal === `arn:aws:iam::${OUTSIDER_ACCOUNT}:root` && r.action === 's3:GetObject',
    'outsider root reads objects',
  );
  any(
    (r) =>
      r.principal.startsWith(`arn:aws:iam::${OUTSIDER_ACCOUNT}:role/`) &&
      r.action === 'kms:Decrypt',
    'outsider role uses the key',
  );
  any(
    (r) => r.principal.includes(OUTSIDER_ACCOUNT) && r.action === 'events:PutEvents',
    'outsider puts events',
  );
  for (const role of ['my-app-source', 'my-app-deploy', 'my-app-pipeline', 'my-app-cfn-exec']) {
    any(
      (r) =>
        r.principal.includes(OUTSIDER_ACCOUNT) &&
        r.action === 'sts:AssumeRole' &&
        r.resource.endsWith(`role/${role}`),
      `outsider assumes ${role}`,
    );
  }
  for (const id of ['222222222222', '333333333333', '444444444444']) {
    any(
      (r) => r.principal === `arn:aws:iam::${id}:role/other-admin` && r.action === 's3:GetObject',
      `admin of ${id} reads objects`,
    );
    any(
      (r) => r.principal === `arn:aws:iam::${id}:role/other-admin` && r.action === 'kms:Decrypt',
      `admin of ${id} decrypts`,
    );
  }
  any(
    (r) =>
      r.context['aws:SecureTransport'] === false &&
      r.resource === 'arn:aws:s3:::my-app-artifacts-111111111111-us-east-1',
    'no TLS on the bucket',
  );
  any(
    (r) => r.context['aws:SecureTransport'] === false && r.resource.includes('-us-east-1/'),
    'no TLS on objects',
  );
  any(
    (r) =>
      r.action === 's3:PutObject' && r.context['s3:x-amz-server-side-encryption'] === undefined,
    'upload without SSE',
  );
  for (const a of ['codecommit:GitPush', 'codecommit:DeleteRepository'])
    any((r) => r.action === a && r.principal.endsWith('role/my-app-source'), a);
  any(
    (r) => r.action === 'codecommit:GetBranch' && !r.resource.endsWith(':my-app'),
    'another repository',
  );
  any(
    (r) => r.action === 'iam:PassRole' && !r.resource.endsWith('my-app-cfn-exec'),
    'PassRole of another role',
  );
  any(
    (r) =>
      r.action === 'iam:PassRole' &&
      r.context['iam:PassedToService'] !== 'cloudformation.amazonaws.com',
    'PassRole to another service',
  );
  any((r) => r.action === 'kms:ScheduleKeyDeletion', 'deploy role schedules key deletion');
  any(
    (r) =>
      r.principal === 'arn:aws:iam::333333333333:role/my-app-deploy' &&
      r.resource.includes(':444444444444:stack/'),
    "staging role on prod's stack",
  );
  any(
    (r) =>
      r.principal === 'arn:aws:iam::333333333333:role/my-app-deploy' &&
      r.resource === 'arn:aws:iam::444444444444:role/my-app-deploy',
    "staging role assumes prod's deploy role",
  );
  any(
    (r) =>
      r.principal.endsWith('role/my-app-pipeline') &&
      r.resource === 'arn:aws:iam::222222222222:role/any-role',
    'pipeline role assumes any role in source',
  );
  // The worst-case principals come with their policies: admins in their own accounts.
  const admin = script.assumed.find(
    (p) => p.attachedTo === 'arn:aws:iam::333333333333:role/other-admin',
  );
  assert.deepEqual((admin?.document as { Statement: unknown[] }).Statement, [
    { Sid: 'AdministratorAccess', Effect: 'Allow', Action: '*', Resource: '*' },
  ]);
});

void test('a new target adds its rows, and nothing else changes', () => {
  const text = readFileSync('examples/four-accounts.yml', 'utf8')
    .replace('  prod: "444444444444"', '  prod: "444444444444"\n  eu: "555555555555"')
    .replace(
      '      - { account: prod, stack: my-app-prod, template: template.yaml }',
      '      - { account: prod, stack: my-app-prod, template: template.yaml }\n      - { account: eu, stack: my-app-eu, template: template.yaml }',
    );
  const five = parseConfig(text, 'five.yml').pipeline;
  const before = buildAccessScript(topologyFromModel(four)).rows;
  const after = buildAccessScript(topologyFromModel(five)).rows;
  const key = (r: { step: string; principal: string; action: string; resource: string }): string =>
    `${r.step} ${r.principal} ${r.action} ${r.resource}`;
  const added = after.filter((r) => !before.some((b) => key(b) === key(r)));
  assert.ok(after.length > before.length);
  for (const step of ['assume', 'read', 'stack', 'pass-role', 'exec']) {
    assert.ok(
      added.some((r) => r.step === `deploy.prod.eu.${step}` && r.expect === 'allow'),
      `deploy.prod.eu.${step}`,
    );
  }
  assert.ok(
    added.some(
      (r) => r.expect === 'deny' && r.principal === 'arn:aws:iam::555555555555:role/other-admin',
    ),
    'the new account has its admin negatives',
  );
  assert.ok(
    added.some(
      (r) =>
        r.expect === 'deny' &&
        r.resource === 'arn:aws:iam::555555555555:role/my-app-deploy' &&
        r.principal.includes(OUTSIDER_ACCOUNT),
    ),
  );
  // Every positive row of the four-account pipeline is still there.
  for (const r of before.filter((x) => x.expect === 'allow'))
    assert.ok(
      after.some((a) => key(a) === key(r)),
      key(r),
    );
});

void test('the fifty-target example gets rows for every target, grouped under its stage', () => {
  const fleet = loadConfigFile('examples/fifty-targets.yml').pipeline;
  const rows = buildAccessScript(topologyFromModel(fleet)).rows;
  const assumes = rows.filter(
    (r) => r.expect === 'allow' && /^deploy\.[a-z]+\.[a-z0-9]+\.assume$/.test(r.step),
  );
  assert.equal(assumes.length, 50);
  assert.equal(
    new Set(
      rows.map(
        (r) =>
          `${r.step}|${r.principal}|${r.action}|${r.resource}|${JSON.stringify(r.context)}|${r.layer ?? ''}`,
      ),
    ).size,
    rows.length,
    'no duplicate rows',
  );
});
