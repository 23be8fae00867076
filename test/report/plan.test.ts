// `plan` writes report.html and diagram.mmd into its output folder, in the same atomic replace
// as the templates, and the page shows the result of plan's own verify step.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import type { IoMessage } from '../../src/io/index.js';
import type { AccessData } from '../../src/report/section-access.js';
import type { SynthResult } from '../../src/synth/index.js';
import type { PlanStep } from '../../src/toolkit/plan-steps.js';
import { reportPlanStep } from '../../src/toolkit/report.js';
import { runPlan } from '../../src/toolkit/synth.js';
import { verifyPlanStep } from '../../src/toolkit/verify.js';
import type { VerifyResult } from '../../src/verify/index.js';
import { runCli, tempDir } from '../cli/run-cli.js';

const FOUR = resolve('examples/four-accounts.yml');
const ids = { tools: '111111111111', source: '222222222222', prod: '444444444444' };
const io = { notify: (_m: IoMessage): void => undefined };

function accessDataOf(html: string): AccessData {
  const m = /<script type="application\/json" id="access-data">([^<]*)<\/script>/.exec(html);
  assert.ok(m, 'the page has the access data block');
  return JSON.parse(m[1] ?? '') as AccessData;
}

const edgeStatus = (html: string, kind: string, from: string, to: string): string | undefined =>
  new RegExp(`data-edge="${kind}" data-from="${from}" data-to="${to}" data-status="(\\w+)"`).exec(
    html,
  )?.[1];

void test('crossline plan writes report.html and diagram.mmd beside verify.json and names them', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const out = join(dir, 'out');
    const run = await runCli(['plan', '-c', FOUR, '-o', out]);
    assert.equal(run.status, 0, run.stderr);
    const files = readdirSync(out);
    for (const f of ['report.html', 'diagram.mmd', 'verify.json', 'plan.json'])
      assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
    assert.equal(
      files.filter((f) => f.startsWith('.')).length,
      0,
      'no temporary files left behind',
    );
    const verify = JSON.parse(readFileSync(join(out, 'verify.json'), 'utf8')) as VerifyResult;
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    const data = accessDataOf(html);
    assert.equal(data.rows.length, verify.rows.length, 'every row of verify.json is on the page');
    assert.equal(data.rows.filter((r) => r[0] === 1).length, verify.counts.passed);
    assert.match(html, new RegExp(`${verify.counts.passed} / ${verify.counts.total} pass`));
    assert.equal(edgeStatus(html, 'assume-role', ids.tools, ids.prod), 'pass');
    assert.match(readFileSync(join(out, 'diagram.mmd'), 'utf8'), /^flowchart TB$/m);
    // The summary says where the page is.
    assert.match(run.stdout, /^report: ok$/m);
    assert.ok(run.stdout.includes(join(out, 'report.html')), run.stdout);
    assert.ok(run.stdout.includes(join(out, 'diagram.mmd')), run.stdout);
  } finally {
    cleanup();
  }
});

void test('the report of plan reflects the verify step that ran before it: failing rows and edges', () => {
  const { dir, cleanup } = tempDir();
  try {
    const pipeline = loadConfigFile(FOUR).pipeline;
    // The verify step sees prod's deploy role without its artifact-read statements.
    const breakProdReads = (synth: SynthResult): SynthResult => ({
      ...synth,
      policies: synth.policies.map((p) =>
        p.kind === 'identity' && p.account === ids.prod && /deploy/.test(p.name)
          ? {
              ...p,
              document: {
                ...p.document,
                Statement: p.document.Statement.filter(
                  (s) => !JSON.stringify(s.Action).includes('s3:GetObject'),
                ),
              },
            }
          : p,
      ),
    });
    const brokenVerify: PlanStep = {
      name: 'verify',
      run: (input) => verifyPlanStep().run({ ...input, synth: breakProdReads(input.synth) }),
    };
    const out = join(dir, 'out');
    const run = runPlan(pipeline, io, { outDir: out, steps: [brokenVerify, reportPlanStep()] });
    assert.equal(run.ok, false, 'the verify step failed');
    const verify = run.steps[0]?.verify;
    assert.ok(verify && verify.counts.failed > 0);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(html, new RegExp(`${verify.counts.passed} / ${verify.counts.total} pass`));
    assert.equal(edgeStatus(html, 'artifact-read', ids.prod, ids.tools), 'fail');
    assert.equal(edgeStatus(html, 'assume-role', ids.tools, ids.prod), 'pass');
    const data = accessDataOf(html);
    const failed = data.rows.filter((r) => r[0] === 0).map((r) => data.s[r[1]]);
    assert.deepEqual(
      failed,
      verify.rows.filter((r) => !r.ok).map((r) => r.step),
    );
    assert.ok(failed.every((s) => s?.startsWith('deploy.prod.')));
    assert.match(
      readFileSync(join(out, 'diagram.mmd'), 'utf8'),
      /✘ read artifacts/,
      'the Mermaid edge carries the verdict',
    );

    // Without a verify step the page says so instead of showing a proof.
    const alone = runPlan(pipeline, io, { outDir: out, steps: [reportPlanStep()] });
    assert.equal(alone.ok, true);
    const unverified = readFileSync(join(out, 'report.html'), 'utf8');
    assert.match(unverified, /Verify has not run/);
    assert.ok(alone.steps[0]?.lines?.some((l) => l.includes('verify did not run')));
  } finally {
    cleanup();
  }
});
