// Mutation tests of the build-environment grants (build.environment, build.vpc; docs/design.md
// §12) on test/verify/fixtures/build-environment.yml: removing a grant (or one of its actions)
// makes verify fail at the step that needs it; widening one or dropping its pins is caught by a
// negative row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { assertMutantsAccountedFor, mutants, runMutant, type Equivalent } from './mutate.js';

const FIXTURE = new URL('./fixtures/build-environment.yml', import.meta.url).pathname;
const SIDS =
  /^build-role-permissions\/(ReadBuildParameters|ReadBuildSecrets|BuildInVpc|AuthorizeBuildInterfaces)$/;

/** Mutants that change no effective access, each with why. */
const EQUIVALENT: readonly Equivalent[] = [
  {
    id: /^widen-resource build-role-permissions\/AuthorizeBuildInterfaces$/,
    why: 'CreateNetworkInterfacePermission acts on network interfaces only, and ec2:Subnet pins them to the configured subnets, so to the tools account and region: "*" reaches no other interface',
  },
];

const pipeline = loadConfigFile(FIXTURE).pipeline;
const synth = synthesize(pipeline);
const script = buildAccessScript(topologyFromSynth(pipeline, synth));
const baseline = verifyAccess(script, synth.policies);

void test('every build-environment grant is needed, at the step that names it', () => {
  assert.ok(baseline.ok, 'the unmutated output verifies clean');
  const ours = mutants(synth.policies).filter((m) => SIDS.test(`${m.policy}/${m.statement}`));
  assert.equal(
    ours.filter((m) => m.kind === 'remove-statement').length,
    4,
    'the four build-environment grants are mutated',
  );
  const outcomes = ours.map((m) => runMutant(script, baseline, m));
  // BuildInVpc has seven actions: each removal is its own mutant.
  assert.equal(outcomes.filter((o) => o.mutant.kind === 'remove-action').length, 7);
  assertMutantsAccountedFor(outcomes, EQUIVALENT);
});

void test('each widening is caught by the negative row that names it', () => {
  const killedAt = (id: string): string[] => {
    const m = mutants(synth.policies).find((x) => x.id === id);
    assert.ok(m, id);
    return [...new Set(runMutant(script, baseline, m).failing.map((r) => r.step))].sort();
  };
  assert.deepEqual(killedAt('widen-resource build-role-permissions/ReadBuildParameters'), [
    'negative.scope.build-env',
  ]);
  assert.deepEqual(killedAt('widen-resource build-role-permissions/ReadBuildSecrets'), [
    'negative.scope.build-env',
  ]);
  assert.deepEqual(killedAt('widen-action build-role-permissions/ReadBuildSecrets'), [
    'negative.scope.build-env',
  ]);
  assert.deepEqual(killedAt('drop-condition build-role-permissions/AuthorizeBuildInterfaces'), [
    'negative.scope.build-vpc',
  ]);
  assert.deepEqual(killedAt('widen-action build-role-permissions/AuthorizeBuildInterfaces'), [
    'negative.scope.build-vpc',
  ]);
});
