// The step text rows carry is written and read by one formatter and one parser: every step the
// script produces reads back as itself, and the parts name what the row is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import {
  buildAccessScript,
  formatStep,
  parseStep,
  phaseOf,
  scriptSteps,
  step,
  topologyFromModel,
} from '../../src/verify/index.js';

const configs = [
  'examples/four-accounts.yml',
  'examples/fifty-targets.yml',
  'test/verify/fixtures/same-account.yml',
];

void test('every step of the script parses back to the same text', () => {
  for (const file of configs) {
    const topology = topologyFromModel(loadConfigFile(file).pipeline);
    const texts = new Set(buildAccessScript(topology).rows.map((r) => r.step));
    const steps = scriptSteps(topology);
    assert.deepEqual(steps.map(formatStep), [...texts], file);
    for (const s of steps) assert.deepEqual(parseStep(formatStep(s)), s, formatStep(s));
  }
});

void test('the parts of a step are the parts of its text', () => {
  const target = { stage: 'prod', alias: 'prod', stack: 'solo-prod-b' };
  assert.equal(
    formatStep(step('deploy', { target, verb: 'assume' })),
    'deploy.prod.prod.solo-prod-b.assume',
  );
  assert.deepEqual(parseStep('negative.scope.staging.staging.resource-only'), {
    phase: 'negative',
    check: 'scope',
    target: { stage: 'staging', alias: 'staging' },
    layer: 'resource',
  });
  assert.deepEqual(parseStep('negative.scope.build.identity-only'), {
    phase: 'negative',
    check: 'scope',
    verb: 'build',
    layer: 'identity',
  });
  assert.deepEqual(parseStep('negative.other.staging.data'), {
    phase: 'negative',
    check: 'other',
    account: 'staging',
    verb: 'data',
  });
  assert.deepEqual(parseStep('negative.prod.prod.hop'), {
    phase: 'negative',
    target: { stage: 'prod', alias: 'prod' },
    verb: 'hop',
  });
  assert.equal(parseStep('service.events.forward')?.verb, 'events.forward');
  assert.equal(parseStep('trigger.polling')?.phase, 'trigger');
  assert.equal(parseStep('read'), undefined, 'not a phase');
  assert.equal(phaseOf('deploy.prod.prod.read'), 'deploy');
  assert.equal(phaseOf('negative'), 'negative');
  assert.equal(phaseOf('deployment.x'), undefined);
});
