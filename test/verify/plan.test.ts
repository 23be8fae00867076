// `plan` runs verify: verify.json joins the output folder, the table joins the summary, and a
// failing check fails the step (plan then exits 1 after writing).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import { verifyPlanStep } from '../../src/toolkit/verify.js';
import type { VerifyResult } from '../../src/verify/index.js';
import { runCli, tempDir } from '../cli/run-cli.js';

const FOUR = resolve('examples/four-accounts.yml');
const io = {
  messages: [] as IoMessage[],
  notify(m: IoMessage) {
    this.messages.push(m);
  },
};

void test('crossline plan writes verify.json next to the policies and prints the verify table', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'out');
    const run = await runCli(['plan', '-c', FOUR, '-o', out, '--all']);
    assert.equal(run.status, 0, run.stderr);
    const result = JSON.parse(readFileSync(join(out, 'verify.json'), 'utf8')) as VerifyResult;
    assert.equal(result.ok, true);
    assert.ok(
      result.rows.some(
        (r) => r.step === 'source.write' && r.action === 'kms:GenerateDataKey' && r.ok,
      ),
    );
    assert.match(run.stdout, /verify: ok/);
    assert.match(run.stdout, /✔ all \d+ checks passed/);
    assert.match(
      run.stdout,
      /deploy\.prod\.stack\s+prod:role\/my-app-deploy\s+cloudformation:CreateStack/,
    );
  } finally {
    cleanup();
  }
});

void test('the plan step fails, with the table and verify.json, when a generated policy misses a grant', () => {
  const pipeline = loadConfigFile(FOUR).pipeline;
  const synth = synthesize(pipeline);
  const broken: SynthResult = {
    ...synth,
    policies: synth.policies.map((p) =>
      p.name === 'source-role-permissions'
        ? {
            ...p,
            document: {
              ...p.document,
              Statement: p.document.Statement.filter((s) => s.Sid !== 'ReadRepositoryBranch'),
            },
          }
        : p,
    ),
  };
  const step = verifyPlanStep().run({ pipeline, synth: broken, io, outDir: 'out' });
  assert.equal(step.ok, false);
  const json = JSON.parse(step.files?.get('verify.json') ?? '{}') as VerifyResult;
  assert.deepEqual(
    [...new Set(json.rows.filter((r) => !r.ok).map((r) => r.step))],
    ['source.read'],
  );
  assert.ok(step.lines?.some((l) => /✘ 5 of \d+ checks failed/.test(l)));
  assert.ok(
    step.lines?.some((l) =>
      l.includes(
        'the identity policy of arn:aws:iam::222222222222:role/my-app-source (source-role-permissions) does not allow codecommit:GetBranch',
      ),
    ),
  );
  const clean = verifyPlanStep().run({ pipeline, synth, io, outDir: 'out' });
  assert.equal(clean.ok, true);
});
