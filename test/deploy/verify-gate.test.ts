import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../../src/config/index.js';
import { CrosslineError } from '../../src/errors/index.js';
import { synthesize } from '../../src/synth/index.js';
import { runDeploy } from '../../src/toolkit/deploy.js';
import { verifySynthesized } from '../../src/toolkit/verify.js';
import { REPO } from '../support/cli.js';

const pipeline = () => loadConfigFile(join(REPO, 'examples/four-accounts.yml')).pipeline;

void test('deploy runs the access script first and refuses when it fails, before touching AWS', async () => {
  const outDir = join(mkdtempSync(join(tmpdir(), 'crossline-gate-')), 'out');
  const failing = { ok: false, rows: [], counts: { total: 128, passed: 127, failed: 1 } };
  await assert.rejects(
    // No endpoint and no credentials: reaching AWS would fail differently.
    runDeploy(
      pipeline(),
      { notify: () => {} },
      { outDir, yes: true, env: {}, verify: () => failing },
    ),
    (e: unknown) => {
      assert.ok(e instanceof CrosslineError);
      assert.equal(e.code, 'VerifyFailed');
      assert.equal(e.exitCode, 1);
      assert.match(e.message, /1 of 128 access checks do not hold; nothing was deployed/);
      assert.match(e.hint ?? '', /crossline verify/);
      return true;
    },
  );
  assert.equal(existsSync(outDir), false, 'nothing written either');
});

void test('the generated pipeline passes the gate', () => {
  const p = pipeline();
  const result = verifySynthesized(p, synthesize(p));
  assert.equal(result.ok, true, JSON.stringify(result.rows.filter((r) => !r.ok).slice(0, 3)));
});
