// `crossline verify` end to end (needs a build): the examples verify clean, the table stays
// readable at 50 targets, JSON carries every check, and a broken policy fails with exit 1 and
// a reason that says what to change.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize, type PolicyDocument } from '../../src/synth/index.js';
import type { VerifyResult } from '../../src/verify/index.js';
import { runCli, tempDir, STACK_TRACE } from '../cli/run-cli.js';

const FOUR = resolve('examples/four-accounts.yml');
const FIFTY = resolve('examples/fifty-targets.yml');
const SAM = resolve('examples/sam-app/crossline.yml');

void test('the four-account example verifies clean: every check passes, exit 0, nothing written', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const run = await runCli(['verify', '-c', FOUR], { cwd: dir });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /✔ all \d+ checks passed \(\d+ requests allowed, \d+ denied\)/);
    assert.doesNotMatch(run.stdout, /✘/);
    assert.match(run.stdout, /^step\s+principal\s+action\s+resource\s+reason$/m);
    assert.match(run.stdout, /source\.write\s+source:role\/my-app-source\s+kms:GenerateDataKey/);
    assert.deepEqual(readdirSync(dir), [], 'verify writes nothing without -o');
  } finally {
    cleanup();
  }
});

void test('--json prints every check with its deciding statements', async () => {
  const run = await runCli(['verify', '-c', FOUR, '--json']);
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout) as VerifyResult;
  assert.equal(result.ok, true);
  assert.equal(result.counts.failed, 0);
  assert.equal(result.counts.total, result.rows.length);
  for (const row of result.rows) {
    assert.equal(row.ok, true, row.step);
    if (row.expect === 'allow')
      assert.ok(row.deciding.length > 0, `${row.step} names the statements that allow it`);
  }
  const assume = result.rows.find((r) => r.step === 'deploy.prod.assume')!;
  assert.deepEqual(assume.deciding.map((d) => `${d.policy}/${d.statement}`).sort(), [
    'pipeline-role-permissions/AssumeDeployRoles',
    'target-prod-deploy-role-trust/AssumedByPipelineRole',
  ]);
});

void test('fifty targets verify clean and the table stays short: a sample per stage, passing rows grouped', async () => {
  const run = await runCli(['verify', '-c', FIFTY]);
  assert.equal(run.status, 0, run.stderr);
  const lines = run.stdout.trimEnd().split('\n');
  // The accounts of a stage are proven equal to a sample of 3 (src/verify/symmetry.ts), and a
  // target group's passing rows share one line (×N): the table grows with the checks, not
  // with the accounts.
  assert.ok(lines.length < 220, `${lines.length} lines`);
  assert.match(
    run.stdout,
    /deploy\.prod\.\*\.assume\s+tools:role\/fleet-pipeline\s+sts:AssumeRole\s+\*:role\/fleet-deploy\s+✔\s+allowed ×3/,
  );
  assert.match(
    run.stdout,
    /same targets: 3 of 25 accounts \(prod: stack fleet-prod in eu-west-1\) checked row by row; the other 22 have the same policies but for their account id/,
  );
  const all = await runCli(['verify', '-c', FIFTY, '--all']);
  assert.ok(all.stdout.split('\n').length > 400, '--all prints every check');
});

void test('-o writes verify.json, the same result as --json', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const run = await runCli(['verify', '-c', FOUR, '-o', dir]);
    assert.equal(run.status, 0, run.stderr);
    const written = JSON.parse(readFileSync(join(dir, 'verify.json'), 'utf8')) as VerifyResult;
    const printed = JSON.parse(
      (await runCli(['verify', '-c', FOUR, '--json'])).stdout,
    ) as VerifyResult;
    assert.deepEqual(written, printed);
  } finally {
    cleanup();
  }
});

void test('a policy missing a grant fails: exit 1, the failing step, and what to change', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeOutput(dir, (name, doc) =>
      name === 'artifact-key'
        ? {
            ...doc,
            Statement: doc.Statement.map((s) =>
              s.Sid === 'SourceRoleEncryptsArtifacts' ? { ...s, Action: ['kms:Encrypt'] } : s,
            ),
          }
        : doc,
    );
    const run = await runCli(['verify', '-c', FOUR, '--from', dir]);
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
    assert.match(
      run.stdout,
      /✘ source\.write: arn:aws:iam::222222222222:role\/my-app-source kms:GenerateDataKey/,
    );
    assert.match(
      run.stdout,
      /the key policy of arn:aws:kms:us-east-1:111111111111:key\/\S+ \(artifact-key\) does not let arn:aws:iam::222222222222:role\/my-app-source call kms:GenerateDataKey: closest is statement artifact-key\/SourceRoleEncryptsArtifacts: add kms:GenerateDataKey to its Action/,
    );
    assert.match(run.stdout, /✘ \d+ of \d+ checks failed/);
  } finally {
    cleanup();
  }
});

void test('a policy that lets an outsider in fails the negative script', async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeOutput(dir, (name, doc) =>
      name === 'target-prod-deploy-role-trust'
        ? {
            ...doc,
            Statement: doc.Statement.map((s) => ({
              ...s,
              Principal: { AWS: '*' },
              Condition: undefined,
            })),
          }
        : doc,
    );
    const run = await runCli(['verify', '-c', FOUR, '--from', dir, '--json']);
    assert.equal(run.status, 1);
    const result = JSON.parse(run.stdout) as VerifyResult;
    const failed = result.rows.filter((r) => !r.ok);
    assert.ok(failed.length > 0 && failed.every((r) => r.expect === 'deny'));
    assert.ok(
      failed.some(
        (r) =>
          r.principal === 'arn:aws:iam::999999999999:root' &&
          r.resource === 'arn:aws:iam::444444444444:role/my-app-deploy',
      ),
    );
    assert.ok(
      failed.some(
        (r) =>
          r.principal === 'arn:aws:iam::111111111111:role/other-admin' &&
          r.resource === 'arn:aws:iam::444444444444:role/my-app-deploy',
      ),
      'any principal of the tools account may now assume it',
    );
    assert.match(
      failed[0].reason,
      /^must be denied, but target-prod-deploy-role-trust\/AssumedByPipelineRole lets .*: narrow target-prod-deploy-role-trust\/AssumedByPipelineRole: its Principal and conditions admit arn:aws:iam::\d{12}:\S+; name only the pipeline's principals/,
    );
  } finally {
    cleanup();
  }
});

for (const config of [FOUR, SAM])
  void test(`--from the unedited output of ${config.split('/examples/')[1]} verifies clean`, async () => {
    const { dir, cleanup } = tempDir();
    try {
      writeOutput(dir, (_name, doc) => doc, config);
      const run = await runCli(['verify', '-c', config, '--from', dir]);
      assert.equal(run.status, 0, `${run.stderr}${run.stdout.slice(-2000)}`);
      assert.match(run.stdout, /✔ all \d+ checks passed/);
    } finally {
      cleanup();
    }
  });

void test("--from: a bucket policy that drops the execution roles' package read fails at the deploy step that needs it", async () => {
  const { dir, cleanup } = tempDir();
  try {
    writeOutput(
      dir,
      (name, doc) =>
        name === 'artifact-bucket'
          ? {
              ...doc,
              Statement: doc.Statement.filter((s) => s.Sid !== 'ExecutionRolesReadPackages'),
            }
          : doc,
      SAM,
    );
    const run = await runCli(['verify', '-c', SAM, '--from', dir]);
    assert.equal(run.status, 1, run.stderr);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
    for (const [target, account] of [
      ['staging', '333333333333'],
      ['prod', '444444444444'],
    ])
      assert.match(
        run.stdout,
        new RegExp(
          `✘ deploy\\.${target}\\.(code|nested): arn:aws:iam::${account}:role/shop-cfn-exec s3:GetObject arn:aws:s3:::shop-artifacts-111111111111-eu-west-1/shop/packages/`,
        ),
      );
    assert.match(run.stdout, /✘ \d+ of \d+ checks failed/);
  } finally {
    cleanup();
  }
});

void test('--from a folder without policies is a usage error, not a crash', async () => {
  const { dir, cleanup } = tempDir();
  try {
    const run = await runCli(['verify', '-c', FOUR, '--from', dir]);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /no policies\/index\.json in/);
    assert.doesNotMatch(run.stderr, STACK_TRACE);
  } finally {
    cleanup();
  }
});

/** Writes synth's output for `config` (default the four-account example) into `dir`, policies edited by `edit`. */
function writeOutput(
  dir: string,
  edit: (name: string, doc: PolicyDocument) => PolicyDocument,
  config = FOUR,
): void {
  const synth = synthesize(loadConfigFile(config).pipeline);
  for (const [file, text] of synth.files) {
    const path = join(dir, file);
    mkdirSync(dirname(path), { recursive: true });
    const name = /^policies\/(.+)\.json$/.exec(file)?.[1];
    const content =
      name === undefined || name === 'index'
        ? text
        : JSON.stringify(edit(name, JSON.parse(text) as PolicyDocument), null, 2);
    writeFileSync(path, content);
  }
  assert.ok(existsSync(join(dir, 'policies', 'index.json')));
}
