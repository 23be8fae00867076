// notifications (docs/design.md §12, release flow): a CodeStar Notifications rule on the
// pipeline, an encrypted topic whose policy lets only the notifications service publish for
// the pipeline account, and the email subscriptions; or the rule on an existing topic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { BASE, withReplaced } from '../config/base-config.js';
import { list, pipelineFrom } from './helpers.js';

type Resource = { Type: string; DependsOn?: string[]; Properties: Record<string, unknown> };
type Statement = {
  Effect: string;
  Principal?: { Service?: unknown; AWS?: unknown };
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

function pipelineResources(s: SynthResult): Record<string, Resource> {
  const id = Object.keys(s.templates).find((k) => k.endsWith('-pipeline'))!;
  return s.templates[id].Resources as Record<string, Resource>;
}
const ofType = (r: Record<string, Resource>, type: string): [string, Resource][] =>
  Object.entries(r).filter(([, v]) => v.Type === type);

const RELEASE = loadConfigFile('examples/release-flow.yml').pipeline;
const synth = synthesize(RELEASE);
const resources = pipelineResources(synth);
const SERVICE = 'codestar-notifications.amazonaws.com';

void test('the rule watches the pipeline for the listed events, in full, on the topic', () => {
  const rules = ofType(resources, 'AWS::CodeStarNotifications::NotificationRule');
  assert.equal(rules.length, 1);
  const [, rule] = rules[0];
  const pipelineName = resources.Pipeline.Properties.Name as string;
  assert.match(
    String(rule.Properties.Resource),
    new RegExp(`^arn:aws:codepipeline:eu-west-1:111111111111:${pipelineName}$`),
  );
  assert.ok(rule.DependsOn?.includes('Pipeline'), 'created after the pipeline it watches');
  assert.deepEqual(rule.Properties.EventTypeIds, [
    'codepipeline-pipeline-pipeline-execution-failed',
    'codepipeline-pipeline-manual-approval-needed',
    'codepipeline-pipeline-pipeline-execution-succeeded',
  ]);
  assert.equal(rule.Properties.DetailType, 'FULL');
  const [topicId] = ofType(resources, 'AWS::SNS::Topic')[0];
  assert.deepEqual(rule.Properties.Targets, [
    { TargetType: 'SNS', TargetAddress: { Ref: topicId } },
  ]);
});

void test('the topic is encrypted with a key of the stack that admits the service', () => {
  const [, topic] = ofType(resources, 'AWS::SNS::Topic')[0];
  const keyRef = topic.Properties.KmsMasterKeyId as { Ref: string };
  const key = resources[keyRef.Ref];
  assert.equal(key.Type, 'AWS::KMS::Key');
  const statements = (key.Properties.KeyPolicy as { Statement: Statement[] }).Statement;
  const forService = statements.filter((s) => list(s.Principal?.Service).includes(SERVICE));
  assert.equal(forService.length, 1);
  assert.deepEqual(list(forService[0].Action).sort(), ['kms:Decrypt', 'kms:GenerateDataKey*']);
  // The key is the topic's alone: no other service, and no other account.
  const others = statements.filter((s) => s !== forService[0]);
  assert.deepEqual(
    others.map((s) => list(s.Principal?.AWS)),
    [['arn:aws:iam::111111111111:root']],
  );
});

void test('the topic policy lets only the service publish, for the pipeline account', () => {
  const [, policy] = ofType(resources, 'AWS::SNS::TopicPolicy')[0];
  const [topicId] = ofType(resources, 'AWS::SNS::Topic')[0];
  assert.deepEqual(policy.Properties.Topics, [{ Ref: topicId }]);
  const statements = (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement;
  assert.equal(statements.length, 1);
  const [s] = statements;
  assert.equal(s.Effect, 'Allow');
  assert.deepEqual(list(s.Principal?.Service), [SERVICE]);
  assert.deepEqual(list(s.Action), ['sns:Publish']);
  assert.deepEqual(s.Condition, { StringEquals: { 'aws:SourceAccount': '111111111111' } });
});

void test('one email subscription per address; the plan says to confirm them', () => {
  const subs = ofType(resources, 'AWS::SNS::Subscription').map(([, r]) => r.Properties);
  const [topicId] = ofType(resources, 'AWS::SNS::Topic')[0];
  assert.deepEqual(subs, [
    { TopicArn: { Ref: topicId }, Protocol: 'email', Endpoint: 'oncall@example.com' },
  ]);
  assert.ok(synth.plan.notes.some((n) => /oncall@example\.com.*confirm/.test(n)));
});

void test('every notification grant names the request and an AWS page', () => {
  const entries = synth.policies.filter((p) => p.name.startsWith('notification-'));
  assert.deepEqual(entries.map((p) => p.kind).sort(), ['key', 'topic']);
  for (const p of entries) {
    for (const s of p.document.Statement) {
      assert.match(
        p.reasons[s.Sid!] ?? '',
        /— .*https:\/\/docs\.aws\.amazon\.com\//,
        `${p.name}/${s.Sid}`,
      );
    }
  }
});

const EXISTING = 'arn:aws:sns:us-east-1:111111111111:release-alerts';
const withTopic = pipelineFrom(
  withReplaced(
    '  assumeRole: OrganizationAccountAccessRole\n',
    `  assumeRole: OrganizationAccountAccessRole\nnotifications:\n  events: [failed]\n  topic: ${EXISTING}\n  email: [a@example.com, b@example.com]\n`,
  ),
);

void test('an existing topic: the rule targets it, crossline creates no topic, key or policy', () => {
  const s = synthesize(withTopic);
  const r = pipelineResources(s);
  for (const type of ['AWS::SNS::Topic', 'AWS::SNS::TopicPolicy', 'AWS::KMS::Key'])
    assert.deepEqual(ofType(r, type), [], type);
  const [, rule] = ofType(r, 'AWS::CodeStarNotifications::NotificationRule')[0];
  assert.deepEqual(rule.Properties.Targets, [{ TargetType: 'SNS', TargetAddress: EXISTING }]);
  assert.deepEqual(rule.Properties.EventTypeIds, [
    'codepipeline-pipeline-pipeline-execution-failed',
  ]);
  assert.deepEqual(
    ofType(r, 'AWS::SNS::Subscription').map(([, x]) => [
      x.Properties.TopicArn,
      x.Properties.Endpoint,
    ]),
    [
      [EXISTING, 'a@example.com'],
      [EXISTING, 'b@example.com'],
    ],
  );
  const note = s.plan.notes.find((n) => n.includes(EXISTING));
  assert.match(note ?? '', /does not own.*codestar-notifications\.amazonaws\.com sns:Publish/);
  assert.equal(s.policies.filter((p) => p.name.startsWith('notification-')).length, 0);
  // Not ours, so no rows claim anything of its policy; the rest still verifies.
  const script = buildAccessScript(topologyFromSynth(withTopic, s));
  assert.equal(script.rows.filter((row) => row.step.includes('notifications')).length, 0);
  assert.ok(verifyAccess(script, s.policies).ok);
});

void test('without notifications: no rule, no topic, no rows', () => {
  const p = pipelineFrom(BASE);
  const s = synthesize(p);
  const r = pipelineResources(s);
  assert.deepEqual(
    Object.keys(r).filter((k) => k.startsWith('Notification')),
    [],
  );
  const script = buildAccessScript(topologyFromSynth(p, s));
  assert.equal(script.rows.filter((row) => row.step.includes('notifications')).length, 0);
});

void test('the release example verifies with the notification rows in it', () => {
  const script = buildAccessScript(topologyFromSynth(RELEASE, synth));
  const rows = script.rows.filter((row) => row.step.includes('notifications'));
  assert.deepEqual(
    rows.map((row) => `${row.expect} ${row.principal} ${row.action}`),
    [
      `allow ${SERVICE} sns:Publish`,
      `allow ${SERVICE} kms:GenerateDataKey`,
      `allow ${SERVICE} kms:Decrypt`,
      `deny ${SERVICE} sns:Publish`,
      'deny events.amazonaws.com sns:Publish',
      `deny ${SERVICE} sns:Subscribe`,
      `deny ${SERVICE} kms:CreateGrant`,
      'deny arn:aws:iam::999999999999:root sns:Publish',
      'deny arn:aws:iam::999999999999:root kms:Decrypt',
    ],
  );
  assert.ok(verifyAccess(script, synth.policies).ok);
});
