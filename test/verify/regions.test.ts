/**
 * Targets in several regions (docs/design.md §5, "Regions"): the access script proves each
 * region's store — the pipeline role replicates into it, the targets of that region read from
 * it, nobody else gets in, and a target's roles cannot read a region it does not deploy in —
 * and mutating a regional grant makes verify fail.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize, type PolicyEntry, type PolicyStatement } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { ALL_KINDS, mutants, runMutant } from './mutate.js';

const pipeline = loadConfigFile('examples/multi-region.yml').pipeline;
const synth = synthesize(pipeline);
const script = buildAccessScript(topologyFromSynth(pipeline, synth));
const baseline = verifyAccess(script, synth.policies);
const STAGING_DEPLOY = 'arn:aws:iam::333333333333:role/api-deploy';
const LIVE_DEPLOY = 'arn:aws:iam::444444444444:role/api-deploy';
const objects = (region: string) => `arn:aws:s3:::api-artifacts-111111111111-${region}/*`;
const inBucket = (region: string, resource: string) =>
  resource.startsWith(`arn:aws:s3:::api-artifacts-111111111111-${region}/`);

const rowsAt = (step: string) => script.rows.filter((r) => r.step === step);

void test('the multi-region example verifies', () => {
  assert.equal(
    baseline.ok,
    true,
    baseline.rows
      .filter((r) => !r.ok)
      .map((r) => r.step)
      .join('\n'),
  );
});

void test('the pipeline role replicates into each extra store: write and key, allowed', () => {
  for (const region of ['eu-west-1', 'ap-southeast-2']) {
    const rows = rowsAt(`pipeline.replicate.${region}`);
    const put = rows.find((r) => r.action === 's3:PutObject');
    assert.ok(put && put.expect === 'allow' && inBucket(region, put.resource), region);
    const key = rows.find((r) => r.action === 'kms:GenerateDataKey');
    assert.ok(key && key.resource.startsWith(`arn:aws:kms:${region}:111111111111:key/`), region);
    assert.equal(key.context['kms:ViaService'], `s3.${region}.amazonaws.com`);
  }
});

void test("each target reads from its own region's store, named by region in its step", () => {
  const read = (step: string) =>
    rowsAt(step).find((r) => r.action === 's3:GetObject' && r.expect === 'allow');
  assert.ok(inBucket('us-east-1', read('deploy.live/api-live@us-east-1.read')!.resource));
  assert.ok(inBucket('eu-west-1', read('deploy.live/api-live@eu-west-1.read')!.resource));
  assert.ok(inBucket('ap-southeast-2', read('deploy.live/api-live@ap-southeast-2.read')!.resource));
  assert.ok(inBucket('eu-west-1', read('deploy.staging.read')!.resource));
  // Packaged code too: the execution role reads its region's packages.
  const code = rowsAt('deploy.live/api-live@ap-southeast-2.code').find(
    (r) => r.action === 's3:GetObject',
  )!;
  assert.ok(code.resource.includes('-ap-southeast-2/api/packages/'), code.resource);
});

void test("a target's roles cannot read a region it does not deploy in", () => {
  for (const region of ['us-east-1', 'ap-southeast-2']) {
    const rows = rowsAt(`negative.staging.region-${region}`);
    assert.deepEqual(
      rows.map((r) => [r.principal.replace(/.*role\//, ''), r.action, r.expect]).sort(),
      [
        ['api-cfn-exec', 'kms:Decrypt', 'deny'],
        ['api-cfn-exec', 's3:GetObject', 'deny'],
        ['api-deploy', 'kms:Decrypt', 'deny'],
        ['api-deploy', 's3:GetObject', 'deny'],
      ],
      region,
    );
    assert.ok(rows.every((r) => baseline.rows.find((b) => b.step === r.step && b.ok)));
  }
  // live deploys in every region: no such rows for it.
  assert.equal(
    script.rows.some((r) => r.step.startsWith('negative.live.') && r.step.includes('.region-')),
    false,
  );
});

void test('outsiders and other administrators get nothing from a regional store', () => {
  const outsider = rowsAt('negative.outsider.data.eu-west-1');
  assert.ok(outsider.length >= 4);
  assert.ok(outsider.every((r) => r.expect === 'deny'));
  assert.ok(rowsAt('negative.other.staging.data-ap-southeast-2').length >= 2);
});

// --- mutation tests per region ---------------------------------------------------------

/** Mutants of the statements only multi-region pipelines have: regional policies and Sids. */
const REGIONAL =
  /-(eu-west-1|ap-southeast-2)\/|\/(PackageIntoRegionalStores|EncryptRegionalPackages|DecryptPackages(EuWest1|ApSoutheast2))\b/;
/** The same survivors as the main store's (test/verify/mutation.test.ts), for the same reasons. */
const SURVIVORS = [
  // equivalent: the ArnEquals aws:PrincipalArn pin admits the one role whatever the Principal.
  /^widen-principal artifact-(key|bucket)-[a-z0-9-]+\/(DeployRoles|ExecutionRoles)\w+$/,
  // equivalent: a bucket policy governs its bucket only; the object actions never ask for the bucket.
  /^widen-resource artifact-bucket-[a-z0-9-]+\/DeployRolesReadArtifacts$/,
  // equivalent: the statement already allows kms:*.
  /^widen-action artifact-key-[a-z0-9-]+\/ToolsAccountAdministersKey$/,
  // prescribed (docs/design.md §4): DescribeKey and GetObjectVersion for the readers.
  /^remove-action artifact-key-[a-z0-9-]+\/DeployRolesDecryptArtifacts kms:DescribeKey$/,
  /^remove-action artifact-bucket-[a-z0-9-]+\/DeployRolesReadArtifacts s3:GetObjectVersion$/,
  // equivalent: the key is named by its key id, which no other account can have.
  /^widen-account (target-\w+-exec-role-permissions\/DecryptPackages\w+|build-role-permissions\/EncryptRegionalPackages)$/,
  // prescribed: multipart uploads with SSE-KMS need kms:Decrypt (S3 mpuoverview), which no
  // row of the script exercises (its package row is a single PutObject).
  /^remove-action build-role-permissions\/EncryptRegionalPackages kms:Decrypt$/,
];

void test('every regional mutant is caught at its step, except the known equivalents', () => {
  const regional = mutants(synth.policies, ALL_KINDS).filter((m) =>
    REGIONAL.test(`${m.policy}/${m.statement}`),
  );
  assert.ok(regional.length > 40, `${regional.length} regional mutants`);
  const outcomes = regional.map((m) => runMutant(script, baseline, m));
  const survivors = outcomes.filter((o) => !o.killed || !o.rightStep).map((o) => o.mutant.id);
  assert.deepEqual(
    survivors.filter((id) => !SURVIVORS.some((s) => s.test(id))),
    [],
    'unexplained survivors',
  );
  for (const s of SURVIVORS)
    assert.ok(
      survivors.some((id) => s.test(id)),
      `stale: ${s}`,
    );
});

/** The policies with one statement of one policy changed. */
function changed(
  name: string,
  sid: string,
  change: (s: PolicyStatement) => PolicyStatement,
  policies: readonly PolicyEntry[] = synth.policies,
): PolicyEntry[] {
  return policies.map((p) =>
    p.name !== name
      ? p
      : {
          ...p,
          document: {
            ...p.document,
            Statement: p.document.Statement.map((s) => (s.Sid === sid ? change(s) : s)),
          },
        },
  );
}
const list = (v: unknown): string[] => (Array.isArray(v) ? (v as string[]) : [v as string]);

void test("removing one region from a role's grant fails that region's read only", () => {
  const policies = changed('target-live-deploy-role-permissions', 'ReadBuildArtifact', (s) => ({
    ...s,
    Resource: list(s.Resource).filter((r) => r !== objects('eu-west-1')),
  }));
  const failing = verifyAccess(script, policies).rows.filter((r) => !r.ok);
  assert.deepEqual(
    [...new Set(failing.map((r) => r.step))],
    ['deploy.live/api-live@eu-west-1.read'],
  );
});

void test("broadening a role to another region's store fails the other-region rows", () => {
  // Both layers, as a careless hand edit would: staging's role and the ap-southeast-2 bucket.
  let policies = changed('target-staging-deploy-role-permissions', 'ReadBuildArtifact', (s) => ({
    ...s,
    Resource: [...list(s.Resource), objects('ap-southeast-2')],
  }));
  policies = changed(
    'artifact-bucket-ap-southeast-2',
    'DeployRolesReadArtifacts',
    (s) => ({
      ...s,
      Principal: { AWS: ['arn:aws:iam::333333333333:root', 'arn:aws:iam::444444444444:root'] },
      Condition: { ArnEquals: { 'aws:PrincipalArn': [STAGING_DEPLOY, LIVE_DEPLOY] } },
    }),
    policies,
  );
  const failing = verifyAccess(script, policies).rows.filter((r) => !r.ok);
  assert.ok(failing.length > 0);
  assert.ok(
    failing.every(
      (r) =>
        // Both layers, and the bucket policy alone (`.resource-only`).
        (r.step === 'negative.staging.region-ap-southeast-2' ||
          r.step === 'negative.staging.region-ap-southeast-2.resource-only') &&
        r.expect === 'deny',
    ),
    failing.map((r) => r.step).join(', '),
  );
});

void test('dropping the pin of a regional bucket grant lets other administrators in', () => {
  const policies = changed(
    'artifact-bucket-eu-west-1',
    'DeployRolesReadArtifacts',
    (s) =>
      Object.fromEntries(Object.entries(s).filter(([k]) => k !== 'Condition')) as PolicyStatement,
  );
  const failing = verifyAccess(script, policies).rows.filter((r) => !r.ok);
  assert.ok(failing.some((r) => r.step === 'negative.other.live.data-eu-west-1'));
  assert.ok(failing.every((r) => r.expect === 'deny'));
});
