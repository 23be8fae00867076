/**
 * `crossline plan` fits a screen: the summary, the roles, failing checks and a one-line count;
 * `--all` prints every check.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { renderPlan } from '../../src/cli/commands/plan.js';
import { loadConfigFile } from '../../src/config/index.js';
import type { IoMessage } from '../../src/io/index.js';
import { runPlan } from '../../src/toolkit/synth.js';
import { verifyPlanStep } from '../../src/toolkit/verify.js';
import type { PlanStep } from '../../src/toolkit/plan-steps.js';
import { REPO, runCli, tempDir } from './run-cli.js';

const FOUR = join(REPO, 'examples/four-accounts.yml');
const tmp = tempDir();
after(tmp.cleanup);
const io = { notify: (_m: IoMessage) => undefined };
const TABLE_ROW = /deploy\.prod\.stack\s+prod:role\/my-app-deploy\s+cloudformation:CreateStack/;

void test('plan prints the summary, the roles and a one-line count, not every check', async () => {
  const run = await runCli(['plan', '-c', FOUR, '-o', join(tmp.dir, 'out')]);
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stdout, /^ {2}prod\/my-app-cfn-exec: may /m, 'the roles');
  assert.match(run.stdout, /^ {2}✔ all \d+ checks passed .*--all lists each$/m);
  assert.doesNotMatch(run.stdout, TABLE_ROW);
  assert.ok(run.stdout.split('\n').length < 45, `${run.stdout.split('\n').length} lines`);
  const all = await runCli(['plan', '-c', FOUR, '-o', join(tmp.dir, 'out'), '--all']);
  assert.equal(all.status, 0, all.stderr);
  assert.match(all.stdout, TABLE_ROW, '--all prints every check');
});

void test('failing checks are listed by default, with their reason and the count', () => {
  const pipeline = loadConfigFile(FOUR).pipeline;
  // The verify step on policies that miss the source role's CodeCommit grant.
  const broken: PlanStep = {
    name: 'verify',
    run: (input) =>
      verifyPlanStep().run({
        ...input,
        synth: {
          ...input.synth,
          policies: input.synth.policies.map((p) =>
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
        },
      }),
  };
  const run = runPlan(pipeline, io, { outDir: join(tmp.dir, 'broken'), steps: [broken] });
  assert.equal(run.ok, false);
  const text = renderPlan(run, 'out');
  assert.match(text, /^verify: FAILED$/m);
  assert.equal(text.match(/^ {2}✘ source\.read: .* expected allow/gm)?.length, 5, text);
  assert.match(text, /does not allow codecommit:GetBranch/);
  assert.match(text, /^ {2}✘ 5 of \d+ checks failed/m);
  assert.doesNotMatch(text, TABLE_ROW);
});
