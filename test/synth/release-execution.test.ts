// stages[].execution / targets[].execution (docs/design.md §2, release flow): overrides of the
// default execution.policies; each account's execution role gets the union of its targets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { pipelineFrom, policy } from './helpers.js';
import { BASE, withReplaced } from '../config/base-config.js';

const RELEASE = loadConfigFile('examples/release-flow.yml').pipeline;
const synth = synthesize(RELEASE);
const POWER = 'arn:aws:iam::aws:policy/PowerUserAccess';
const IAM = 'arn:aws:iam::aws:policy/IAMFullAccess';
const DYNAMO = 'arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess';

/** Managed policies of the execution role in the target stack of `account`. */
function execManaged(s: typeof synth, account: string): string[] {
  const id = Object.keys(s.templates).find(
    (k) => k.startsWith(`${account}/`) && k.endsWith('-target'),
  );
  assert.ok(id, `target stack of ${account}: ${Object.keys(s.templates).join(', ')}`);
  const resources = s.templates[id].Resources as Record<
    string,
    { Properties: { ManagedPolicyArns?: string[] } }
  >;
  return resources.ExecutionRole.Properties.ManagedPolicyArns ?? [];
}

void test('a stage override replaces the default for its targets', () => {
  assert.deepEqual(execManaged(synth, 'staging'), [IAM, POWER]);
});

void test('an account gets the union of what its targets need', () => {
  // shop-data: its own DynamoDB policy; shop-prod: the default.
  assert.deepEqual(execManaged(synth, 'prod'), [DYNAMO, POWER]);
  // The policy document verify and explain read says the same.
  const entry = policy(synth, 'target-prod-exec-role-permissions');
  assert.deepEqual([...(entry.managedPolicies ?? [])].sort(), [DYNAMO, POWER]);
});

void test('plan.json says which target needs what', () => {
  const notes = synth.plan.notes.filter((n) =>
    n.startsWith('execution role shop-cfn-exec in prod'),
  );
  assert.equal(notes.length, 1, synth.plan.notes.join('\n'));
  assert.match(
    notes[0],
    /shop-data \(stage prod, targets\[\]\.execution\) needs AmazonDynamoDBFullAccess/,
  );
  assert.match(notes[0], /shop-prod \(stage prod, execution\.policies\) needs PowerUserAccess/);
  const staging = synth.plan.notes.find((n) => n.includes('in staging has the union'));
  assert.match(
    staging ?? '',
    /shop-staging \(stage staging, stages\[\]\.execution\) needs PowerUserAccess, IAMFullAccess/,
  );
});

void test('without overrides: the default, and no note', () => {
  const s = synthesize(pipelineFrom(BASE));
  assert.deepEqual(execManaged(s, 'prod'), [POWER]);
  assert.equal(s.plan.notes.filter((n) => n.includes('has the union')).length, 0);
});

void test('a target override wins over its stage override', () => {
  const p = pipelineFrom(
    withReplaced(
      '    approval: true\n    targets:\n      - { account: prod, stack: my-app-prod, template: template.yaml }\n',
      `    approval: true\n    execution: { policies: [${IAM}] }\n    targets:\n      - { account: prod, stack: my-app-prod, template: template.yaml, execution: { policies: [${DYNAMO}] } }\n`,
    ),
  );
  const prod = p.stages[1].targets[0];
  assert.deepEqual(prod.execution, { policies: [DYNAMO], from: 'target' });
  assert.deepEqual(execManaged(synthesize(p), 'prod'), [DYNAMO]);
});

void test('more than the IAM quota of managed policies in one account is noted', () => {
  const many = Array.from({ length: 11 }, (_, i) => `arn:aws:iam::444444444444:policy/p${i}`);
  const p = pipelineFrom(
    withReplaced(
      '    approval: true\n',
      `    approval: true\n    execution: { policies: [${many.join(', ')}] }\n`,
    ),
  );
  const notes = synthesize(p).plan.notes;
  assert.ok(
    notes.some((n) => /gets 11 managed policies; IAM attaches 10 per role/.test(n)),
    notes.join('\n'),
  );
});
