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
  'examples/release-flow.yml',
  'examples/multi-region.yml',
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
    'deploy.prod/solo-prod-b.assume',
  );
  assert.deepEqual(parseStep('negative.scope.staging.deploy.resource-only'), {
    phase: 'negative',
    check: 'scope',
    target: { stage: 'staging', alias: 'staging' },
    verb: 'deploy',
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
  assert.deepEqual(parseStep('negative.prod.hop'), {
    phase: 'negative',
    target: { stage: 'prod', alias: 'prod' },
    verb: 'hop',
  });
  assert.equal(parseStep('service.events.forward')?.verb, 'events.forward');
  assert.equal(parseStep('trigger.polling')?.phase, 'trigger');
  assert.equal(parseStep('read'), undefined, 'not a phase');
  assert.equal(phaseOf('deploy.prod.read'), 'deploy');
  assert.equal(phaseOf('negative'), 'negative');
  assert.equal(phaseOf('deployment.x'), undefined);
});

void test('a target named after its stage is written once, and every target stays distinct', () => {
  const targets = [
    { stage: 'prod', alias: 'prod' },
    { stage: 'prod', alias: 'app' },
    { stage: 'prod', alias: 'prod', stack: 'app' },
    { stage: 'prod', alias: 'app', stack: 'app' },
    { stage: 'prod', alias: 'prod', stack: 'app', region: 'eu-west-1' },
    { stage: 'prod', alias: 'app', stack: 'prod', region: 'eu-west-1' },
    { stage: 'app', alias: 'prod' },
  ];
  const texts = targets.map((target) => formatStep(step('deploy', { target, verb: 'read' })));
  assert.deepEqual(texts, [
    'deploy.prod.read',
    'deploy.prod.app.read',
    'deploy.prod/app.read',
    'deploy.prod.app/app.read',
    'deploy.prod/app@eu-west-1.read',
    'deploy.prod.app/prod@eu-west-1.read',
    'deploy.app.prod.read',
  ]);
  for (const [i, target] of targets.entries()) {
    for (const phase of ['deploy', 'negative'] as const) {
      const s = step(phase, { target, verb: 'read', layer: 'identity' });
      assert.deepEqual(parseStep(formatStep(s)), s, formatStep(s));
    }
    const scope = step('negative', { check: 'scope', target, verb: 'deploy' });
    assert.deepEqual(parseStep(formatStep(scope)), scope, texts[i]);
  }
  // No step text repeats a segment for a target whose account is named after its stage.
  for (const file of configs) {
    const topology = topologyFromModel(loadConfigFile(file).pipeline);
    for (const text of new Set(buildAccessScript(topology).rows.map((r) => r.step))) {
      const names = text.split(/[./@]/);
      const repeated = names.find((n, i) => i > 0 && n === names[i - 1]);
      assert.equal(repeated, undefined, `${file}: ${text}`);
    }
  }
});
