// Mutation tests of the notification grants on examples/release-flow.yml: removing one (or one
// of its actions) makes verify fail at the step that needs it; widening one or dropping its
// aws:SourceAccount pin is caught by a negative row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { assertMutantsAccountedFor, mutants, runMutant, type Equivalent } from './mutate.js';

const NOTIFICATION_SIDS =
  /^notification-(topic\/CodeStarNotificationsPublish|key\/CodeStarNotificationsEncrypt)$/;

/** Mutants that change no effective access, each with why. */
const EQUIVALENT: readonly Equivalent[] = [
  {
    id: /^widen-resource notification-topic\/CodeStarNotificationsPublish$/,
    why: 'a topic policy governs only the topic it is attached to: Resource "*" there is that topic',
  },
];

void test('every notification grant is needed, at the step that names it', () => {
  const pipeline = loadConfigFile('examples/release-flow.yml').pipeline;
  const synth = synthesize(pipeline);
  const script = buildAccessScript(topologyFromSynth(pipeline, synth));
  const baseline = verifyAccess(script, synth.policies);
  assert.ok(baseline.ok, 'the unmutated output verifies clean');
  const ours = mutants(synth.policies).filter((m) =>
    NOTIFICATION_SIDS.test(`${m.policy}/${m.statement}`),
  );
  assert.equal(
    ours.filter((m) => m.kind === 'remove-statement').length,
    2,
    'both notification grants are mutated',
  );
  const outcomes = ours.map((m) => runMutant(script, baseline, m));
  assertMutantsAccountedFor(outcomes, EQUIVALENT);
});
