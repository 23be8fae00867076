/**
 * The package-read rule against stacks deployed in moto (fixtures/manual_pipeline.py): the
 * manual recipe done right, plus a prod stack whose function's code and nested template are
 * in the artifact bucket (`package-read`: the bucket and key policies admit the deploy roles
 * only), and the same with the execution roles admitted (`package-read-granted`). Through the
 * real CLI: DescribeStacks and GetTemplate go to moto in the target account, and --save /
 * --snapshot give the same report offline.
 *
 * What moto does and does not check here: it creates the stack (the function from the code
 * object in another account's bucket, the nested stack from its TemplateURL) without any
 * authorization, and answers GetTemplate with the body as submitted and DescribeStacks with the
 * parameters; the decision whether the execution role may read the objects is crossline's
 * engine, not moto's. Needs moto_server and python3 with boto3.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { REPO, STACK_TRACE, runCli, tempDir, type CliRun } from '../cli/run-cli.js';
import type { MotoServer } from '../support/moto.js';
import {
  doctorOnMoto,
  MOTO_FIXTURES_READY,
  motoFixturesReady,
  startMotoFixture,
} from './doctor-moto.js';

const FIXTURE = join(REPO, 'test/ops/fixtures/manual_pipeline.py');
const VARIANTS = { 'package-read': 'app-pr', 'package-read-granted': 'app-pg' } as const;
const PROD = '444444444444';

interface Finding {
  severity: string;
  category: string;
  step: string;
  message: string;
  fix: string;
  statement?: string;
}
interface Report {
  ok: boolean;
  findings: Finding[];
  checks: { total: number; passed: number; failed: number; unverified: number };
}

let moto: MotoServer | undefined;
let tmp: { dir: string; cleanup: () => void } | undefined;
const ready = MOTO_FIXTURES_READY;

/** doctor on one variant, reading every account by assuming a role from the base credentials. */
function doctor(name: string, ...extra: string[]): Promise<CliRun> {
  return doctorOnMoto(moto!.endpoint, name, ...extra);
}

function parse(run: CliRun): Report {
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  return JSON.parse(run.stdout) as Report;
}

const ready_ = motoFixturesReady;

void before(async () => {
  if (!ready) return;
  tmp = tempDir();
  // PowerUserAccess (the execution roles' policy) must exist to be attached.
  ({ moto } = await startMotoFixture(FIXTURE, VARIANTS));
});

void after(async () => {
  await moto?.stop();
  tmp?.cleanup();
});

void describe('crossline doctor: execution roles reading packages (moto)', () => {
  void it('an execution role the artifact bucket and key do not admit: errors at the read steps, exit 1', async (t) => {
    if (!ready_(t)) return;
    const run = await doctor(VARIANTS['package-read'], '--json');
    assert.equal(run.status, 1, run.stderr);
    const r = parse(run);
    const errors = r.findings.filter((f) => f.severity === 'error');
    assert.deepEqual(
      errors.map((f) => f.step),
      ['deploy.prod.code', 'deploy.prod.nested'],
      JSON.stringify(r.findings, null, 2),
    );
    const [code, nested] = errors;
    const bucket = `app-pr-artifacts-111111111111-us-east-1`;
    // The key came from the stack's parameter (DescribeStacks), the bucket from the template.
    assert.match(
      code.message,
      new RegExp(
        `^arn:aws:iam::${PROD}:role/app-pr-cfn-exec cannot read s3://${bucket}/packages/0a1b2c3d\\.zip, which Api \\(AWS::Lambda::Function Code\\.S3Bucket/S3Key\\) in stack app-pr-prod`,
      ),
    );
    assert.match(
      code.message,
      /the bucket policy does not admit it; the key policy does not let it decrypt through S3/,
    );
    assert.match(
      nested.message,
      /packages\/tables\.template, which Tables \(AWS::CloudFormation::Stack TemplateURL\)/,
    );
    assert.match(
      code.fix,
      new RegExp(
        `add to the bucket policy of ${bucket} a statement allowing s3:GetObject on arn:aws:s3:::${bucket}/packages/\\*`,
      ),
    );
    assert.match(
      code.fix,
      /add to the key policy of arn:aws:kms:us-east-1:111111111111:key\/.* kms:ViaService s3\.us-east-1\.amazonaws\.com/,
    );
    assert.equal(
      code.statement,
      `bucket ${bucket}/DeployRolesReadArtifacts, key policy/DeployRolesDecryptArtifacts`,
    );
    // Nothing else is wrong with the recipe; the staging stack does not exist yet (a note on stderr).
    assert.deepEqual(
      r.findings.filter((f) => !/^deploy\.prod\.(code|nested)$/.test(f.step)),
      [],
    );
    assert.match(run.stderr, /stack app-pr-staging does not exist in account 333333333333/);
  });

  void it('with the execution roles admitted to packages/* and to decrypt through S3: clean, exit 0', async (t) => {
    if (!ready_(t)) return;
    const run = await doctor(VARIANTS['package-read-granted'], '--json');
    assert.equal(run.status, 0, run.stderr);
    const r = parse(run);
    assert.deepEqual(r.findings, []);
    // The four reads (code and nested: GetObject and Decrypt) ran and passed.
    const denied = parse(await doctor(VARIANTS['package-read'], '--json'));
    assert.equal(r.checks.total, denied.checks.total);
    assert.equal(denied.checks.failed, 4);
    assert.equal(r.checks.failed, 0);
  });

  void it('--save records the templates; --snapshot gives the same report offline', async (t) => {
    if (!ready_(t)) return;
    for (const name of Object.values(VARIANTS)) {
      const file = join(tmp!.dir, `${name}.json`);
      const live = await doctor(name, '--json', '--save', file);
      const snapshot = JSON.parse(readFileSync(file, 'utf8')) as {
        templates: {
          account: string;
          stack: string;
          template: { parameters: Record<string, string> } | null;
        }[];
      };
      assert.deepEqual(
        snapshot.templates.map((x) => [x.account, x.stack, x.template?.parameters ?? null]),
        [
          ['333333333333', `${name}-staging`, null],
          [PROD, `${name}-prod`, { CodeKey: 'packages/0a1b2c3d.zip' }],
        ],
      );
      const offline = await runCli(['doctor', '--snapshot', file, '--json'], {
        env: { AWS_EC2_METADATA_DISABLED: 'true' },
      });
      assert.equal(offline.status, live.status, offline.stderr);
      assert.deepEqual(parse(offline).findings, parse(live).findings);
      assert.deepEqual(parse(offline).checks, parse(live).checks);
    }
  });
});
