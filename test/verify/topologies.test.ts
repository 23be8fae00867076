// Topologies other than the examples: the repository and a target in the tools account, two
// stacks of one stage in one account. The script adapts (no forwarding when there is nothing
// to forward; one step per stack) and our own output verifies clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';

void test('same-account source and target, two stacks in one account: verifies clean', () => {
  const pipeline = loadConfigFile('test/verify/fixtures/same-account.yml').pipeline;
  const synth = synthesize(pipeline);
  const topology = topologyFromSynth(pipeline, synth);
  assert.equal(
    topology.forwardRole,
    undefined,
    'nothing to forward from the tools account to itself',
  );
  const result = verifyAccess(buildAccessScript(topology), synth.policies);
  const failing = result.rows
    .filter((r) => !r.ok)
    .map((r) => `${r.step} ${r.principal} ${r.action} ${r.resource}: ${r.reason}`);
  assert.deepEqual(failing, []);
  const steps = new Set(result.rows.map((r) => r.step));
  for (const step of [
    'deploy.self.tools.stack',
    'deploy.prod/solo-prod.stack',
    'deploy.prod/solo-prod-b.stack',
  ]) {
    assert.ok(steps.has(step), step);
  }
  assert.ok(!result.rows.some((r) => r.step.startsWith('trigger.forward')));
  // Resource-side-only checks apply across accounts: none for the tools-account actors.
  assert.ok(
    !result.rows.some(
      (r) =>
        r.layer === 'resource' &&
        r.principal.includes(':111111111111:') &&
        r.step.startsWith('negative.scope'),
    ),
  );
  assert.ok(
    result.rows.some(
      (r) => r.layer === 'resource' && r.principal === 'arn:aws:iam::444444444444:role/solo-deploy',
    ),
  );
});
