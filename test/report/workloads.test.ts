// Issue 11: the report and diagram show the workload edges of a pipeline with `build.package`
// and `images` (examples/sam-app): each target's execution role reading packages, and the
// target pulling images. Each edge stands for its own rows: with the bucket policy's package
// grant removed, "read packages" fails while "read artifacts" (the deploy role) still passes.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import type { IoMessage } from '../../src/io/index.js';
import type { SynthResult } from '../../src/synth/index.js';
import type { PlanStep } from '../../src/toolkit/plan-steps.js';
import { reportPlanStep } from '../../src/toolkit/report.js';
import { runPlan } from '../../src/toolkit/synth.js';
import { verifyPlanStep } from '../../src/toolkit/verify.js';
import { tempDir } from '../cli/run-cli.js';

const SAM = resolve('examples/sam-app/crossline.yml');
const FOUR = resolve('examples/four-accounts.yml');
const ids = { tools: '111111111111', staging: '333333333333', prod: '444444444444' };
const io = { notify: (_m: IoMessage): void => undefined };

interface Edge {
  readonly kind: string;
  readonly from: string;
  readonly to: string;
  readonly status: string;
  readonly passed: number;
  readonly total: number;
}

function edgesOf(html: string): Edge[] {
  return [
    ...html.matchAll(
      /data-edge="([^"]+)" data-from="([^"]*)" data-to="([^"]*)" data-status="(\w+)" data-stage="[^"]*" data-passed="(\d+)" data-total="(\d+)"/g,
    ),
  ].map((m) => ({
    kind: m[1],
    from: m[2],
    to: m[3],
    status: m[4],
    passed: Number(m[5]),
    total: Number(m[6]),
  }));
}

const edge = (edges: readonly Edge[], kind: string, from: string): Edge | undefined =>
  edges.find((e) => e.kind === kind && e.from === from && e.to === ids.tools);

/** plan's verify and report steps, verify seeing `edit` applied to the generated policies. */
function planReport(config: string, dir: string, edit = (s: SynthResult): SynthResult => s) {
  const verify: PlanStep = {
    name: 'verify',
    run: (input) => verifyPlanStep().run({ ...input, synth: edit(input.synth) }),
  };
  const out = join(dir, 'out');
  const run = runPlan(loadConfigFile(config).pipeline, io, {
    outDir: out,
    steps: [verify, reportPlanStep()],
  });
  return {
    run,
    html: readFileSync(join(out, 'report.html'), 'utf8'),
    mermaid: readFileSync(join(out, 'diagram.mmd'), 'utf8'),
  };
}

void test('sam-app: each target has a "read packages" and a "pull images" edge, and they pass', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { run, html, mermaid } = planReport(SAM, dir);
    assert.equal(run.ok, true);
    const edges = edgesOf(html);
    for (const target of [ids.staging, ids.prod]) {
      const packages = edge(edges, 'package-read', target);
      const pull = edge(edges, 'image-pull', target);
      // code + nested, each s3:GetObject and kms:Decrypt by the execution role.
      assert.deepEqual(packages && [packages.status, packages.total], ['pass', 4], target);
      // The execution role and Lambda (aws:SourceAccount = the target) pull, two ECR actions each.
      assert.deepEqual(pull && [pull.status, pull.total], ['pass', 4], target);
      // The deploy role's artifact reads stay on their own edge: s3:GetObject and kms:Decrypt.
      assert.deepEqual(edge(edges, 'artifact-read', target)?.total, 2, target);
    }
    assert.match(html, /<span><svg[^>]*>.*?<\/svg>read packages<\/span>/, 'in the legend');
    assert.match(html, /<span><svg[^>]*>.*?<\/svg>pull images<\/span>/, 'in the legend');
    assert.match(html, /\.kind-package-read line\{/);
    assert.match(html, />✔ packages</, 'the short pill word');
    assert.match(mermaid, /account_333333333333 -\.->\|"✔ read packages"\| col_stage_0/);
    assert.match(mermaid, /account_444444444444 -\.->\|"✔ pull images"\| col_stage_1/);
  } finally {
    cleanup();
  }
});

void test('sam-app without the bucket grant ExecutionRolesReadPackages: read packages fails, read artifacts passes', () => {
  const { dir, cleanup } = tempDir();
  try {
    let removed = 0;
    const withoutGrant = (synth: SynthResult): SynthResult => ({
      ...synth,
      policies: synth.policies.map((p) => {
        const kept = p.document.Statement.filter((s) => s.Sid !== 'ExecutionRolesReadPackages');
        removed += p.document.Statement.length - kept.length;
        return { ...p, document: { ...p.document, Statement: kept } };
      }),
    });
    const { run, html, mermaid } = planReport(SAM, dir, withoutGrant);
    assert.equal(removed, 1, 'the bucket policy had the statement');
    assert.equal(run.ok, false, 'verify fails');
    const edges = edgesOf(html);
    for (const target of [ids.staging, ids.prod]) {
      const packages = edge(edges, 'package-read', target);
      assert.equal(packages?.status, 'fail', target);
      // kms:Decrypt is still granted; both s3:GetObject rows (code, nested) are denied.
      assert.equal(packages.passed, 2, target);
      assert.equal(edge(edges, 'artifact-read', target)?.status, 'pass', target);
      assert.equal(edge(edges, 'image-pull', target)?.status, 'pass', target);
    }
    assert.match(mermaid, /✘ read packages/);
  } finally {
    cleanup();
  }
});

void test('a pipeline without packages or images has no workload edges and no legend entry for them', () => {
  const { dir, cleanup } = tempDir();
  try {
    const { html } = planReport(FOUR, dir);
    const kinds = new Set(edgesOf(html).map((e) => e.kind));
    assert.ok(kinds.has('artifact-read'));
    assert.ok(!kinds.has('package-read') && !kinds.has('image-pull'), [...kinds].join(' '));
    assert.doesNotMatch(html, /read packages|pull images|kind-package-read|kind-image-pull/);
  } finally {
    cleanup();
  }
});
