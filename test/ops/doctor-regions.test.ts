/**
 * doctor on a hand-built pipeline with actions in two regions (fixtures/multi_region_pipeline.py,
 * boto3 into moto): `artifactStores` with a bucket and a key in us-east-1 and in eu-west-1, the
 * prod stack deployed in both. doctor reads both stores, each in its region, and runs the access
 * script per region as for a generated multi-region pipeline (src/verify/regions.ts); a wrong
 * key policy in eu-west-1 is a finding at the eu-west-1 step. The report draws both regions, and
 * `import` gives the eu-west-1 action a target with `region`.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseConfig } from '../../src/config/index.js';
import { analyzeSnapshot, configFromSnapshot, readSnapshotFile } from '../../src/ops/index.js';
import { buildDiagram } from '../../src/report/index.js';
import { rowRegion } from '../../src/report/regions.js';
import { doctorReportInput } from '../../src/toolkit/doctor-report.js';
import { REPO, STACK_TRACE, tempDir, type CliRun } from '../cli/run-cli.js';
import type { MotoServer } from '../support/moto.js';
import {
  doctorOnMoto,
  MOTO_FIXTURES_READY,
  motoFixturesReady,
  startMotoFixture,
} from './doctor-moto.js';

const FIXTURE = join(REPO, 'test/ops/fixtures/multi_region_pipeline.py');
const VARIANTS = { correct: 'mr-ok', 'eu-key-wrong-role': 'mr-kw' } as const;
const EU = 'eu-west-1';
const PROD = '444444444444';
const STAGING = '333333333333';

let moto: MotoServer | undefined;
let tmp: { dir: string; cleanup: () => void } | undefined;
/** Key ARNs by variant and region, as the fixture printed them. */
const keys: Record<string, Record<string, string>> = {};
const ready = MOTO_FIXTURES_READY;

/** doctor on one variant, reading every account by assuming a role from the base credentials. */
function doctor(name: string, ...extra: string[]): Promise<CliRun> {
  return doctorOnMoto(moto!.endpoint, name, ...extra);
}

/** doctor --json --save: the report and the snapshot it was made from. */
async function read(name: string) {
  const file = join(tmp!.dir, `${name}.json`);
  const run = await doctor(name, '--json', '--save', file);
  assert.doesNotMatch(run.stderr, STACK_TRACE);
  const report = JSON.parse(run.stdout) as {
    findings: { severity: string; step: string; message: string; fix: string }[];
  };
  return { run, report, snapshot: readSnapshotFile(file) };
}

const ready_ = motoFixturesReady;

void before(async () => {
  if (!ready) return;
  tmp = tempDir();
  // PowerUserAccess must exist to be attached to the execution roles.
  const started = await startMotoFixture(FIXTURE, VARIANTS);
  moto = started.moto;
  for (const line of started.stdout.trim().split('\n')) {
    const x = JSON.parse(line) as { pipeline: string; keys: Record<string, string> };
    keys[x.pipeline] = x.keys;
  }
});

void after(async () => {
  await moto?.stop();
  tmp?.cleanup();
});

void describe('crossline doctor on a hand-built pipeline in two regions (moto)', () => {
  void it('reads the store of each region in its region, and checks both', async (t) => {
    if (!ready_(t)) return;
    const { run, report, snapshot } = await read(VARIANTS.correct);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(report.findings, []);
    assert.deepEqual(snapshot.unread, []);
    // The eu-west-1 store, read with eu-west-1 clients: KMS keys live in one region.
    const eu = snapshot.regionalStores?.find((s) => s.region === EU);
    assert.ok(eu, JSON.stringify(snapshot.regionalStores));
    assert.equal(snapshot.regionalStores?.length, 1, 'the pipeline region is the main store');
    assert.equal(eu.bucket?.name, `mr-ok-artifacts-111111111111-${EU}`);
    assert.equal(eu.bucket?.encryption?.kmsKeyId, keys['mr-ok'][EU]);
    assert.equal(eu.key?.key?.arn, keys['mr-ok'][EU]);
    assert.match(JSON.stringify(eu.key?.key?.policy), /mr-ok-deploy/);
    assert.equal(snapshot.key?.key?.arn, keys['mr-ok']['us-east-1']);

    const rows = analyzeSnapshot(snapshot).verify.rows;
    const at = (step: string) => rows.filter((r) => r.step === step);
    // prod's eu-west-1 action reads its input from the eu-west-1 store, with its key.
    const euRead = at(`deploy.prod/mr-ok-prod@${EU}.read`);
    assert.deepEqual(euRead.map((r) => [r.action, r.resourcePolicy?.kind, r.ok]).sort(), [
      ['kms:Decrypt', 'key', true],
      ['s3:GetObject', 'bucket', true],
    ]);
    assert.ok(euRead.some((r) => r.resource === keys['mr-ok'][EU]));
    assert.ok(euRead.some((r) => r.resource.includes(`-artifacts-111111111111-${EU}/`)));
    // The pipeline role copies the artifacts there.
    assert.ok(at(`pipeline.replicate.${EU}`).length >= 3);
    assert.ok(at(`pipeline.replicate.${EU}`).every((r) => r.ok));
    // staging deploys in us-east-1 only: its roles are denied the eu-west-1 store, both layers
    // and the store's policies alone.
    const staging = rows.filter((r) => r.step.startsWith(`negative.staging.region-${EU}`));
    assert.deepEqual(staging.map((r) => `${r.step} ${r.action}`).sort(), [
      `negative.staging.region-${EU} kms:Decrypt`,
      `negative.staging.region-${EU} s3:GetObject`,
      `negative.staging.region-${EU}.resource-only kms:Decrypt`,
      `negative.staging.region-${EU}.resource-only s3:GetObject`,
    ]);
    assert.ok(staging.every((r) => r.expect === 'deny' && r.ok && r.principalAccount === STAGING));
    // The eu-west-1 action deploys the stack of that region.
    assert.ok(
      at(`deploy.prod/mr-ok-prod@${EU}.stack`).every((r) =>
        r.resource.startsWith(`arn:aws:cloudformation:${EU}:${PROD}:stack/mr-ok-prod/`),
      ),
    );
    // The rows group per region as the report groups them.
    const regions = ['us-east-1', EU];
    const byRegion = new Map<string, number>();
    for (const r of rows) {
      const region = rowRegion(r, regions) ?? 'global';
      byRegion.set(region, (byRegion.get(region) ?? 0) + 1);
    }
    assert.ok((byRegion.get(EU) ?? 0) >= 20, JSON.stringify([...byRegion]));
    assert.ok((byRegion.get('us-east-1') ?? 0) > (byRegion.get(EU) ?? 0));
  });

  void it('a wrong key policy in eu-west-1: one error naming that region', async (t) => {
    if (!ready_(t)) return;
    const { run, report } = await read(VARIANTS['eu-key-wrong-role']);
    assert.equal(run.status, 1, run.stderr);
    const errors = report.findings.filter((f) => f.severity === 'error');
    assert.equal(errors.length, 1, JSON.stringify(report.findings, null, 2));
    assert.equal(errors[0].step, `deploy.prod/mr-kw-prod@${EU}.read`);
    assert.equal(
      errors[0].message,
      `arn:aws:iam::${PROD}:role/mr-kw-deploy will be denied kms:Decrypt on ${keys['mr-kw'][EU]}`,
    );
    assert.match(errors[0].fix, new RegExp(`key policy ${EU}/DeployRolesDecryptArtifacts`));
    assert.match(errors[0].fix, /mr-kw-deployer/);
    // The us-east-1 action of the same account reads fine.
    assert.ok(!report.findings.some((f) => f.step === 'deploy.prod/mr-kw-prod.read'));
  });

  void it('the report draws both regions with the stores found', async (t) => {
    if (!ready_(t)) return;
    const { snapshot } = await read(VARIANTS.correct);
    const input = doctorReportInput(snapshot, analyzeSnapshot(snapshot));
    const d = buildDiagram(input);
    const tools = d.lanes.find((l) => l.kind === 'tools')!;
    const labels = (kind: string) => tools.nodes.filter((n) => n.kind === kind).map((n) => n.label);
    assert.deepEqual(labels('bucket'), [
      'mr-ok-artifacts-111111111111-us-east-1',
      `mr-ok-artifacts-111111111111-${EU}`,
    ]);
    const keyId = (region: string) => keys['mr-ok'][region].split('/')[1].slice(0, 8);
    assert.deepEqual(labels('key'), [
      `key/${keyId('us-east-1')}… · us-east-1`,
      `key/${keyId(EU)}… · ${EU}`,
    ]);
    // A hand-built pipeline has no crossline artifacts stacks.
    assert.deepEqual(labels('stack'), []);
    const prod = d.lanes.find((l) => l.accounts.some((a) => a.id === PROD))!;
    assert.deepEqual(
      prod.nodes.filter((n) => n.kind === 'stack').map((n) => n.label),
      ['mr-ok-prod · us-east-1', `mr-ok-prod · ${EU}`],
    );
    const page = await doctor(VARIANTS.correct, '--report', join(tmp!.dir, 'mr-ok.html'));
    assert.equal(page.status, 0, page.stderr);
    const html = readFileSync(join(tmp!.dir, 'mr-ok.html'), 'utf8');
    assert.match(html, new RegExp(`<select id="f-region">.*<option value="${EU}">`));
  });

  void it('import: the eu-west-1 action becomes a target with region', async (t) => {
    if (!ready_(t)) return;
    const { snapshot } = await read(VARIANTS.correct);
    const { yaml } = configFromSnapshot(snapshot);
    const { pipeline } = parseConfig(yaml, 'imported.yml');
    const prod = pipeline.stages.find((s) => s.name === 'prod')!;
    assert.deepEqual(
      prod.targets.map((x) => `${x.account.alias} ${x.stack} ${x.region ?? '-'}`),
      ['prod mr-ok-prod -', `prod mr-ok-prod ${EU}`],
    );
  });
});
