// build.package with a target in the tools account: the bucket and key delegate to IAM in
// that account (the key's admin statement names the tools root), so the execution role's
// least-privilege rows check its own policy only, as resourceScope does for the other roles
// (src/verify/least-privilege.ts); a cross-account target keeps both layers.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { verifySynthesized } from '../../src/toolkit/verify.js';
import { orgConfig, orgConfigDir } from '../config/org-fixture.js';

void test('a packaged template deployed into the tools account verifies clean', () => {
  const text = orgConfig(
    [
      '{ account: tools, stack: tools-app, template: t.yaml }',
      '{ account: staging, stack: app, template: t.yaml }',
    ],
    '',
  )
    .replace('build: { commands: [make] }', 'build: { commands: [make], package: [t.yaml] }')
    .replace('  source: "222222222222"\n', '  source: "222222222222"\n  staging: "333333333333"\n');
  const pipeline = loadConfigFile(join(orgConfigDir(text), 'crossline.yml')).pipeline;
  const result = verifySynthesized(pipeline, synthesize(pipeline));
  assert.deepEqual(
    result.rows.filter((r) => !r.ok).map((r) => `${r.step} ${r.principal} ${r.action}`),
    [],
  );
  const scope = (alias: string, layer: string) =>
    result.rows.filter(
      (r) =>
        r.step === `negative.scope.${alias}.deploy.${layer}-only` &&
        r.principal.endsWith('cfn-exec'),
    );
  assert.ok(scope('s0.tools', 'identity').length > 0);
  assert.equal(scope('s0.tools', 'resource').length, 0);
  assert.ok(scope('s1.staging', 'resource').length > 0, 'the other account keeps both layers');
});
