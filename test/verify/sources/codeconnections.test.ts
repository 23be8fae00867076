/**
 * The CodeConnections source in the access script: UseConnection on the exact connection by
 * the pipeline role, the artifact write, the denies (another connection, changing this one),
 * and none of the CodeCommit source role, forwarding or start-rule rows. Mutations of the new
 * grants make verify fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesize } from '../../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../../src/verify/index.js';
import { pipelineFrom } from '../../synth/helpers.js';
import {
  CONNECTION,
  CREATED,
  EXISTING,
  FULL_CLONE,
  OLD_PREFIX,
  SHARED,
} from '../../synth/sources/codeconnections-config.js';
import { mutants, runMutant } from '../mutate.js';

const PIPELINE_ROLE = 'arn:aws:iam::111111111111:role/shop-pipeline';

function setup(yaml: string) {
  const pipeline = pipelineFrom(yaml);
  const synth = synthesize(pipeline);
  const script = buildAccessScript(topologyFromSynth(pipeline, synth));
  return { pipeline, synth, script, result: verifyAccess(script, synth.policies) };
}

void test('allow rows: the pipeline role uses exactly the connection and writes the source artifact', () => {
  const { script, result } = setup(EXISTING);
  assert.ok(
    result.ok,
    result.rows
      .filter((r) => !r.ok)
      .map((r) => r.step)
      .join(', '),
  );
  const use = script.rows.filter((r) => r.action === 'codeconnections:UseConnection');
  const allowed = use.filter((r) => r.expect === 'allow');
  assert.deepEqual(
    allowed.map((r) => [r.step, r.principal, r.resource]),
    [['source.read', PIPELINE_ROLE, CONNECTION]],
  );
  const writes = script.rows.filter((r) => r.step === 'source.write' && r.expect === 'allow');
  assert.deepEqual(
    [...new Set(writes.map((r) => r.principal))],
    [PIPELINE_ROLE],
    'the pipeline role writes the source artifact',
  );
  assert.ok(writes.some((r) => r.action === 's3:PutObject'));
  assert.ok(writes.some((r) => r.action === 's3:PutObjectAcl'));
});

void test('negative rows: another connection, deleting or passing this one, are denied', () => {
  const { script, result } = setup(EXISTING);
  const denied = script.rows.filter(
    (r) => r.expect === 'deny' && r.step === 'negative.source-role',
  );
  assert.deepEqual(
    denied.map((r) => [r.action, r.resource === CONNECTION ? 'this' : r.resource]),
    [
      ['codeconnections:UseConnection', `${CONNECTION}-other`],
      [
        's3:PutObjectAcl',
        'arn:aws:s3:::shop-artifacts-111111111111-us-east-1-other/shop/SourceArti/x',
      ],
      ['codeconnections:DeleteConnection', 'this'],
      ['codeconnections:PassConnection', 'this'],
    ],
  );
  const failing = result.rows.filter((r) => !r.ok).map((r) => `${r.step} ${r.action}`);
  assert.deepEqual(failing, []);
});

void test('the CodeCommit source role, forwarding, bus and start-rule rows do not appear', () => {
  const { script } = setup(EXISTING);
  const steps = new Set(script.rows.map((r) => r.step));
  for (const gone of ['source.assume', 'trigger.forward', 'trigger.start'])
    assert.ok(!steps.has(gone), `${gone} is not a step of a connection source`);
  assert.ok(!script.rows.some((r) => r.action.startsWith('codecommit:') && r.expect === 'allow'));
  assert.ok(!script.rows.some((r) => /role\/shop-(source|forward|trigger)$/.test(r.principal)));
  assert.ok(!script.rows.some((r) => r.action === 'events:PutEvents'));
});

void test('an older ARN: both UseConnection prefixes are requested; a shared or created connection verifies too', () => {
  const old = setup(OLD_PREFIX);
  assert.ok(old.result.ok);
  assert.deepEqual(
    old.script.rows
      .filter((r) => r.step === 'source.read' && r.expect === 'allow')
      .map((r) => r.action),
    ['codeconnections:UseConnection', 'codestar-connections:UseConnection'],
  );
  for (const yaml of [SHARED, CREATED]) assert.ok(setup(yaml).result.ok);
});

void test('mutations: removing or broadening the connection grants makes verify fail', () => {
  for (const yaml of [EXISTING, OLD_PREFIX]) {
    const { synth, script, result } = setup(yaml);
    const ours = mutants(synth.policies).filter(
      (m) =>
        /^pipeline-role-permissions$/.test(m.policy) &&
        ['UseSourceConnection', 'WriteSourceArtifactAcl'].includes(m.statement),
    );
    assert.deepEqual(
      ours.map((m) => m.kind).sort(),
      yaml === EXISTING
        ? [
            'remove-statement',
            'remove-statement',
            'widen-action',
            'widen-action',
            'widen-resource',
            'widen-resource',
          ]
        : [
            'remove-action',
            'remove-action',
            'remove-statement',
            'remove-statement',
            'widen-action',
            'widen-action',
            'widen-resource',
            'widen-resource',
          ],
    );
    for (const m of ours) {
      const outcome = runMutant(script, result, m);
      assert.ok(outcome.killed, `${m.id} survives`);
      assert.ok(
        outcome.rightStep,
        `${m.id} fails at ${outcome.failing.map((f) => f.step).join(', ')}`,
      );
    }
  }
});

const BUILD_ROLE = 'arn:aws:iam::111111111111:role/shop-build';

void test('fullClone: CODEBUILD_CLONE_REF, and the build role uses exactly the connection (not GetConnection)', () => {
  const { synth, script, result } = setup(FULL_CLONE);
  const action = (
    JSON.parse(synth.files.get('pipeline.json')!) as {
      pipeline: { stages: { actions: { configuration: Record<string, string> }[] }[] };
    }
  ).pipeline.stages[0].actions[0];
  assert.equal(action.configuration.OutputArtifactFormat, 'CODEBUILD_CLONE_REF');
  assert.ok(
    result.ok,
    result.rows
      .filter((r) => !r.ok)
      .map((r) => r.step)
      .join(', '),
  );
  const build = script.rows.filter(
    (r) => r.principal === BUILD_ROLE && r.resource.includes(':connection/'),
  );
  assert.deepEqual(
    build.map((r) => [r.expect, r.step, r.action, r.resource === CONNECTION ? 'this' : r.resource]),
    [
      ['allow', 'build.clone', 'codeconnections:UseConnection', 'this'],
      ['deny', 'negative.source-role.build', 'codeconnections:GetConnection', 'this'],
      [
        'deny',
        'negative.source-role.build-other',
        'codeconnections:UseConnection',
        `${CONNECTION}-other`,
      ],
    ],
  );
  const statement = synth.policies
    .find((p) => p.name === 'build-role-permissions')!
    .document.Statement.find((x: { Sid?: string }) => x.Sid === 'CloneThroughConnection');
  assert.deepEqual(statement?.Resource, CONNECTION, 'exactly the connection');
});

void test('without fullClone: CODE_ZIP, and the build role is denied the connection', () => {
  const { synth, script, result } = setup(EXISTING);
  assert.match(synth.files.get('pipeline.json')!, /"OutputArtifactFormat": "CODE_ZIP"/);
  assert.ok(!synth.files.get('pipeline.json')!.includes('CODEBUILD_CLONE_REF'));
  const rows = script.rows.filter((r) => r.principal === BUILD_ROLE && r.resource === CONNECTION);
  assert.deepEqual(
    rows.map((r) => [r.expect, r.action]),
    [['deny', 'codeconnections:UseConnection']],
  );
  assert.ok(result.ok);
});

void test('fullClone mutations: removing or broadening CloneThroughConnection makes verify fail', () => {
  const { synth, script, result } = setup(FULL_CLONE);
  const ours = mutants(synth.policies).filter(
    (m) => m.policy === 'build-role-permissions' && m.statement === 'CloneThroughConnection',
  );
  assert.ok(ours.length >= 2, ours.map((m) => m.kind).join(', '));
  assert.ok(ours.some((m) => m.kind === 'remove-statement'));
  for (const m of ours) {
    const outcome = runMutant(script, result, m);
    assert.ok(outcome.killed, `${m.id} survives`);
  }
});
