// Mutation tests of the workload grants on examples/sam-app: removing any of them (or one of
// its actions) makes verify fail at the step that needs it; widening or unpinning one is
// caught by a negative row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { assertMutantsAccountedFor, mutants, runMutant, type Equivalent } from './mutate.js';

const WORKLOAD_SIDS =
  /\/(ExecutionRolesReadPackages|ExecutionRolesDecryptPackages|ReadPackages|DecryptPackages|PullImages|GetRegistryToken|PushImages|TargetExecutionRolesPull|LambdaPullsForTargetFunctions)$/;

/** Mutants that change no effective access, each with why. */
const EQUIVALENT: readonly Equivalent[] = [
  {
    id: /^widen-principal (artifact-bucket\/ExecutionRolesReadPackages|artifact-key\/ExecutionRolesDecryptPackages|image-repository-1\/TargetExecutionRolesPull)$/,
    why: 'the aws:PrincipalArn pin still admits exactly the execution roles',
  },
  {
    id: /^widen-principal image-repository-1\/LambdaPullsForTargetFunctions$/,
    why: 'its StringLike aws:sourceArn condition holds only in requests a service makes for a function of a target account',
  },
  {
    id: /^widen-action image-repository-1\/(TargetExecutionRolesPull|LambdaPullsForTargetFunctions)$/,
    why: 'the negative rows ask only for pulls and PutImage by principals the pins already refuse',
  },
];

void test('every workload grant is needed, at the step that names it', () => {
  const pipeline = loadConfigFile('examples/sam-app/crossline.yml').pipeline;
  const synth = synthesize(pipeline);
  const script = buildAccessScript(topologyFromSynth(pipeline, synth));
  const baseline = verifyAccess(script, synth.policies);
  assert.ok(baseline.ok, 'the unmutated output verifies clean');
  const ours = mutants(synth.policies).filter((m) =>
    WORKLOAD_SIDS.test(`${m.policy}/${m.statement}`),
  );
  assert.ok(
    ours.filter((m) => m.kind === 'remove-statement').length >= 9,
    'every new grant is mutated',
  );
  const outcomes = ours.map((m) => runMutant(script, baseline, m));
  assertMutantsAccountedFor(outcomes, EQUIVALENT);
});
