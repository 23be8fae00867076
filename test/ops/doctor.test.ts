/**
 * doctor against hand-made setups in moto (fixtures/manual_pipeline.py, boto3): the manual
 * recipe done right, and each usual mistake alone. Through the real CLI, live and through
 * --save / --snapshot. Needs moto_server and python3 with boto3 (docs/design.md §9).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, STACK_TRACE, runCli, tempDir, type CliRun } from '../cli/run-cli.js';
import { TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import {
  doctorOnMoto,
  MOTO_CLI_ENV,
  MOTO_FIXTURES_READY,
  motoFixturesReady,
  startMotoFixture,
} from './doctor-moto.js';

const FIXTURE = join(REPO, 'test/ops/fixtures/manual_pipeline.py');
/** Variant → pipeline name: all are built side by side in one moto. */
const VARIANTS = {
  correct: 'app-ok',
  'key-policy-missing-account': 'app-kp',
  'bucket-no-putobject': 'app-bp',
  'service-role-no-assume': 'app-sr',
  'trust-wrong-account': 'app-tr',
  'key-alias': 'app-ka',
  'codecommit-full-access': 'app-cc',
  'polling-no-forward': 'app-pf',
  'build-role-no-key': 'app-bk',
  tutorial: 'app-tu',
} as const;

interface Finding {
  severity: string;
  category: string;
  step: string;
  message: string;
  fix: string;
}
interface Report {
  ok: boolean;
  counts: { error: number; warning: number };
  findings: Finding[];
  checks: { total: number; failed: number };
}

let moto: MotoServer | undefined;
let tmp: { dir: string; cleanup: () => void } | undefined;
const ready = MOTO_FIXTURES_READY;

/** doctor on one variant, reading every account by assuming a role from the base credentials. */
function doctor(name: string, ...extra: string[]): Promise<CliRun> {
  return doctorOnMoto(moto!.endpoint, name, ...extra);
}

async function report(name: string): Promise<{ run: CliRun; report: Report }> {
  const run = await doctor(name, '--json');
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  return { run, report: JSON.parse(run.stdout) as Report };
}

const ready_ = motoFixturesReady;

void before(async () => {
  if (!ready) return;
  tmp = tempDir();
  // AWSCodeCommitFullAccess and PowerUserAccess must exist to be attached.
  ({ moto } = await startMotoFixture(FIXTURE, VARIANTS));
});

void after(async () => {
  await moto?.stop();
  tmp?.cleanup();
});

void describe('crossline doctor on hand-built pipelines (moto)', () => {
  void it('reports the manual recipe done right as clean', async (t) => {
    if (!ready_(t)) return;
    const { run, report: r } = await report(VARIANTS.correct);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(r.findings, []);
    assert.equal(r.ok, true);
    assert.ok(r.checks.total > 100, `the whole access script ran (${r.checks.total} checks)`);
    const human = await doctor(VARIANTS.correct);
    assert.match(human.stdout, /0 errors, 0 warnings/);
  });

  void it("the AWS cross-account tutorial's setup: warnings only, exit 0", async (t) => {
    if (!ready_(t)) return;
    const { run, report: r } = await report(VARIANTS.tutorial);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      r.counts.error,
      0,
      JSON.stringify(r.findings.filter((f) => f.severity === 'error')),
    );
    assert.ok(r.counts.warning > 0, 'the account-wide grants are still reported');
    // The documented minimum the older default policies lack: a warning naming its page.
    const documented = r.findings.filter((f) => f.category === 'documented');
    assert.deepEqual(documented.map((f) => `${f.severity} ${f.step}`).sort(), [
      'warning build.inspect',
      'warning pipeline.inspect',
    ]);
    assert.match(
      documented.find((f) => f.step === 'pipeline.inspect')!.message,
      /app-tu-pipeline is not allowed s3:GetBucketLocation .*how-to-custom-role\.html/,
    );
    assert.match(
      documented.find((f) => f.step === 'build.inspect')!.message,
      /app-tu-build is not allowed s3:GetBucketAcl, s3:GetBucketLocation .*setting-up-service-role\.html/,
    );
  });

  const mistakes: [keyof typeof VARIANTS, string, RegExp, number][] = [
    [
      'key-policy-missing-account',
      'deploy.prod.read',
      /444444444444:role\/app-kp-deploy will be denied kms:Decrypt/,
      1,
    ],
    ['bucket-no-putobject', 'source.write', /app-bp-source will be denied s3:PutObject/, 1],
    [
      'service-role-no-assume',
      'source.assume',
      /app-sr-pipeline will be denied sts:AssumeRole on .*role\/app-sr-source/,
      1,
    ],
    [
      'trust-wrong-account',
      'deploy.prod.assume',
      /app-tr-pipeline will be denied sts:AssumeRole on arn:aws:iam::444444444444:role\/app-tr-deploy/,
      1,
    ],
    [
      'key-alias',
      'source.write',
      /references the key through the alias .*alias\/app-ka-artifacts/,
      1,
    ],
    // The build role comes from the CodeBuild project (batch-get-projects), not the pipeline.
    [
      'build-role-no-key',
      'build.read',
      /111111111111:role\/app-bk-build will be denied kms:Decrypt on arn:aws:kms:/,
      1,
    ],
  ];
  for (const [variant, step, message, exit] of mistakes) {
    void it(`${variant}: an error at ${step}, exit ${exit}`, async (t) => {
      if (!ready_(t)) return;
      const { run, report: r } = await report(VARIANTS[variant]);
      assert.equal(run.status, exit, run.stderr);
      const at = r.findings.filter((f) => f.step === step && f.severity === 'error');
      assert.equal(at.length, 1, JSON.stringify(r.findings, null, 2));
      assert.match(at[0].message, message);
      assert.ok(at[0].fix.length > 20, 'a concrete fix');
      // Nothing else is wrong with these setups.
      assert.deepEqual(
        r.findings.filter(
          (f) =>
            f.severity === 'error' &&
            f.step !== step &&
            !(variant === 'service-role-no-assume' && /deploy\..*\.assume/.test(f.step)) &&
            !(variant === 'build-role-no-key' && f.step === 'build.write'),
        ),
        [],
      );
    });
  }

  void it('names the fix of the alias: the key ARN', async (t) => {
    if (!ready_(t)) return;
    const { report: r } = await report(VARIANTS['key-alias']);
    assert.match(
      r.findings[0].fix,
      /set artifactStore\.encryptionKey\.id to the key ARN arn:aws:kms:us-east-1:111111111111:key\//,
    );
  });

  void it('codecommit-full-access: broader than needed (warning, exit 0)', async (t) => {
    if (!ready_(t)) return;
    const { run, report: r } = await report(VARIANTS['codecommit-full-access']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(r.counts.error, 0);
    const managed = r.findings.find(
      (f) => f.step === 'source.read' && /AWSCodeCommitFullAccess/.test(f.message),
    );
    assert.ok(managed, JSON.stringify(r.findings, null, 2));
    assert.equal(managed.severity, 'warning');
    assert.equal(managed.category, 'broad');
    assert.match(
      managed.fix,
      /codecommit:GetBranch, GetCommit, UploadArchive, GetUploadArchiveStatus, CancelUploadArchive on arn:aws:codecommit:us-east-1:222222222222:app-cc/,
    );
    assert.ok(
      r.findings.some((f) => /GitPush/.test(f.message)),
      'the negative script sees GitPush allowed',
    );
  });

  void it('polling-no-forward: polling on and no forwarding rule', async (t) => {
    if (!ready_(t)) return;
    const { run, report: r } = await report(VARIANTS['polling-no-forward']);
    assert.equal(run.status, 0, run.stderr);
    const steps = r.findings.map((f) => `${f.severity} ${f.step}`).sort();
    assert.deepEqual(steps, ['warning trigger.forward', 'warning trigger.polling']);
    assert.match(
      r.findings.find((f) => f.step === 'trigger.forward')!.message,
      /no rule in the source account 222222222222/,
    );
  });

  void it('--save writes a snapshot that --snapshot analyses offline the same way', async (t) => {
    if (!ready_(t)) return;
    for (const variant of ['trust-wrong-account', 'correct'] as const) {
      const file = join(tmp!.dir, `${variant}.json`);
      const live = await doctor(VARIANTS[variant], '--json', '--save', file);
      const snapshot = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(snapshot.kind, 'crossline-doctor-snapshot');
      // The build project names the build role; doctor reads both.
      const build = `arn:aws:iam::111111111111:role/${VARIANTS[variant]}-build`;
      assert.deepEqual(
        snapshot.buildProjects.map(
          (b: { project: { serviceRole?: string } }) => b.project.serviceRole,
        ),
        [build],
      );
      assert.ok(
        snapshot.roles[build]?.inline.length === 1,
        'the build role and its policy are read',
      );
      assert.doesNotMatch(
        readFileSync(file, 'utf8'),
        new RegExp(TEST_CREDENTIALS.secretAccessKey),
        'no secrets in a snapshot',
      );
      // Offline: no credentials, no endpoint.
      const offline = await runCli(['doctor', '--snapshot', file, '--json'], {
        env: { AWS_EC2_METADATA_DISABLED: 'true' },
      });
      assert.equal(offline.status, live.status, offline.stderr);
      const a = JSON.parse(live.stdout) as Report;
      const b = JSON.parse(offline.stdout) as Report;
      assert.deepEqual(b.findings, a.findings);
      assert.deepEqual(b.checks, a.checks);
    }
  });

  void it('import turns the hand-built pipeline into a config that validates', async (t) => {
    if (!ready_(t)) return;
    const snapshot = join(tmp!.dir, 'import-source.json');
    await doctor(VARIANTS.correct, '--json', '--save', snapshot);
    const out = join(tmp!.dir, 'imported.yml');
    const imported = await runCli(['import', '--snapshot', snapshot, '-o', out], {
      env: MOTO_CLI_ENV,
    });
    assert.equal(imported.status, 0, imported.stderr);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /name: app-ok/);
    assert.match(text, /repository: app-ok/);
    assert.match(text, /- name: prod\n\s+approval: true/);
    assert.match(text, /arn:aws:iam::aws:policy\/PowerUserAccess/);
    const validated = await runCli(['validate', '-c', out]);
    assert.equal(validated.status, 0, validated.stderr);
    const again = await runCli(['import', '--snapshot', snapshot, '-o', out], {
      env: MOTO_CLI_ENV,
    });
    assert.equal(again.status, 2, 'never overwrites without --force');
    // Live, straight from moto, gives the same file (apart from the capture time).
    const live = join(tmp!.dir, 'imported-live.yml');
    const direct = await runCli(
      [
        'import',
        '--pipeline',
        VARIANTS.correct,
        '--region',
        'us-east-1',
        '--account',
        '111111111111',
        '--assume-role',
        'OrganizationAccountAccessRole',
        '--endpoint-url',
        moto!.endpoint,
        '-o',
        live,
      ],
      { env: MOTO_CLI_ENV },
    );
    assert.equal(direct.status, 0, direct.stderr);
    const body = (f: string): string => readFileSync(f, 'utf8').replace(/^# Imported .*\n/, '');
    assert.equal(body(live), body(out));
  });

  void it('refuses a file that is not a snapshot', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const run = await runCli(['doctor', '--snapshot', join(REPO, 'package.json')], { cwd: dir });
      assert.equal(run.status, 2);
      assert.match(run.stderr, /is not a doctor snapshot/);
    } finally {
      cleanup();
    }
  });
});
