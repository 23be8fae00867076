/** cfn-lint (docs/design.md §9) reports no error on any generated template. One run: it is slow to start. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { synthesize } from '../../src/synth/index.js';
import { requireTool } from '../support/tools.js';
import { example, pipelineFrom } from './helpers.js';
import { writeSynth } from './output.js';

const ONE_ACCOUNT = `version: 1
name: solo
region: eu-west-1
accounts: { tools: "111111111111" }
source: { account: tools, repository: solo, branch: main, create: true }
build: { commands: [make], image: "aws/codebuild/amazonlinux-aarch64-standard:3.0", computeType: BUILD_GENERAL1_SMALL }
stages:
  - { name: prod, approval: true, targets: [{ account: tools, stack: solo-prod, template: t.yaml }] }
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;

void test('cfn-lint: no errors in any template of the examples, a one-account setup and a waved stage', (t) => {
  if (!requireTool(t, 'cfn-lint')) return;
  const fifty = example('fifty').pipeline;
  const waved = {
    ...fifty,
    stages: [{ name: 'fleet', approval: true, targets: fifty.stages.flatMap((s) => s.targets) }],
  };
  const synths = [
    example('four').synth,
    example('fifty').synth,
    example('sam').synth,
    synthesize(pipelineFrom(ONE_ACCOUNT)),
    synthesize(waved),
  ];
  const dirs = synths.map((s) => writeSynth(s));
  try {
    const files = synths.flatMap((s, i) =>
      s.plan.stacks.map((stack) => join(dirs[i], stack.templateFile)),
    );
    assert.ok(files.length >= 4 + 53 + 4 + 4 + 4);
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    assert.ok(run.status !== null, `cfn-lint ran (${run.error?.message ?? ''})`);
    const lines = run.stdout.split('\n').filter(Boolean);
    const errors = lines.filter((l) => /:E\d{4}:/.test(l));
    const others = lines.filter((l) => !/:E\d{4}:/.test(l));
    if (others.length > 0) console.error(`cfn-lint warnings/info:\n${others.join('\n')}`);
    assert.deepEqual(errors, [], 'cfn-lint errors');
    // Exit status bit 2 means errors (bits 4 and 8: warnings, informational).
    assert.equal((run.status ?? 0) & 2, 0, run.stderr);
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
});
