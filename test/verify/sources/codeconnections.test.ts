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
