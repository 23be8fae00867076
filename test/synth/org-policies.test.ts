// Policies that do not grow with the accounts (issue 16): with targets by OU, the key, bucket
// and pipeline-role policies grant by organization path and role name, so their size is the
// same for 4 and 400 OU accounts; verify proves access for OU accounts and denies a sandbox
// member with the same role names, and an OU member with another role name.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { EU_OU, orgConfig, orgConfigDir, orgSnapshot, PROD_OU } from '../config/org-fixture.js';

function pipelineWith(prodCount: number, extraTargets: readonly string[] = []) {
  const text = orgConfig([
    `{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy] }`,
    ...extraTargets,
  ]);
  const dir = orgConfigDir(text, orgSnapshot(prodCount));
  return loadConfigFile(join(dir, 'crossline.yml')).pipeline;
}

function sizes(prodCount: number): Record<string, number> {
  const synth = synthesize(pipelineWith(prodCount));
  const out: Record<string, number> = {};
  for (const p of synth.policies)
    if (p.kind === 'key' || p.kind === 'bucket' || p.name === 'pipeline-role-permissions')
      out[p.name] = JSON.stringify(p.document).length;
  return out;
}

void test('key, bucket and pipeline-role policies are the same size for 4 and 400 OU accounts', () => {
  const small = sizes(2); // 2 + prod-eu2 (legacy excluded) + … = 3 targets
  const large = sizes(398);
  assert.deepEqual(
    Object.keys(small).sort(),
    ['artifact-bucket', 'artifact-key', 'pipeline-role-permissions'].sort(),
  );
  assert.deepEqual(large, small);
});

void test('the OU grant names the OU path, the role name, and carves out the excluded account', () => {
  const synth = synthesize(pipelineWith(4));
  const key = synth.policies.find((p) => p.kind === 'key')!;
  const ou = key.document.Statement.find((s) => s.Sid === 'OuDeployRolesDecryptArtifacts');
  assert.deepEqual(ou?.Condition, {
    'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `o-a1b2c3d4e5/r-ab12/${PROD_OU}/*` },
    ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/my-app-deploy' },
    StringNotEquals: { 'aws:PrincipalAccount': '333333333333' },
  });
  assert.equal(
    key.document.Statement.some((s) => s.Sid === 'DeployRolesDecryptArtifacts'),
    false,
    'no account list when every target comes from the OU',
  );
  const role = synth.policies.find((p) => p.name === 'pipeline-role-permissions')!;
  const assume = role.document.Statement.find((s) => s.Sid === 'AssumeOuDeployRoles');
  assert.equal(assume?.Resource, 'arn:aws:iam::*:role/my-app-deploy');
  assert.deepEqual(assume?.Condition?.['ForAnyValue:StringLike'], {
    'aws:ResourceOrgPaths': `o-a1b2c3d4e5/r-ab12/${PROD_OU}/*`,
  });
  assert.ok(key.reasons.OuDeployRolesDecryptArtifacts?.includes('aws:PrincipalOrgPaths'));
});

void test('verify: OU accounts deploy, a sandbox member with the same role names and an OU member with another role are denied', () => {
  // An explicit target beside the OU target (in the tools account).
  const pipeline = pipelineWith(4, ['{ account: tools, stack: tools-app, template: t.yaml }']);
  const synth = synthesize(pipeline);
  const result = verifyAccess(
    buildAccessScript(topologyFromSynth(pipeline, synth)),
    synth.policies,
  );
  const failing = result.rows
    .filter((r) => !r.ok)
    .map((r) => `${r.step} ${r.principal} ${r.action} ${r.resource}: ${r.reason}`);
  assert.deepEqual(failing, []);
  const row = (pred: (r: (typeof result.rows)[number]) => boolean) => result.rows.filter(pred);
  // Access rows for a sample of OU accounts: the deploy role reads the artifact, the pipeline
  // role assumes it.
  for (const account of ['300000000000', '500000000000', '500000000003']) {
    const deployRole = `arn:aws:iam::${account}:role/my-app-deploy`;
    const reads = row(
      (r) => r.principal === deployRole && r.action === 's3:GetObject' && r.expect === 'allow',
    );
    assert.ok(reads.length > 0, `${account} reads artifacts`);
    assert.ok(reads.every((r) => r.decision === 'allowed'));
    const assume = row(
      (r) => r.resource === deployRole && r.action === 'sts:AssumeRole' && r.expect === 'allow',
    );
    assert.ok(assume.length > 0 && assume.every((r) => r.decision === 'allowed'), account);
  }
  // Negative: the sandbox member with the same names.
  const sandbox = row((r) => r.step.startsWith('negative.org-outsider'));
  assert.ok(
    sandbox.some((r) => r.principal.endsWith(':role/my-app-deploy') && r.action === 's3:GetObject'),
  );
  assert.ok(
    sandbox.some(
      (r) => r.principal.endsWith(':role/my-app-cfn-exec') && r.action === 'kms:Decrypt',
    ),
  );
  assert.ok(
    sandbox.some(
      (r) => r.action === 'sts:AssumeRole' && r.principal.endsWith(':role/my-app-pipeline'),
    ),
  );
  assert.ok(sandbox.every((r) => r.decision === 'denied'));
  // Negative: inside the OU, another role name.
  const other = row(
    (r) =>
      r.principal === 'arn:aws:iam::500000000001:role/other-admin' && r.action === 's3:GetObject',
  );
  assert.ok(other.length > 0 && other.every((r) => r.decision === 'denied'));
});

/** An OU target in eu-west-1 (pipeline in us-east-1), beside `main` targets in us-east-1. */
function ouInEuWest1(main: string) {
  const text = orgConfig([
    `{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy], region: eu-west-1 }`,
    main,
  ]);
  const pipeline = loadConfigFile(
    join(orgConfigDir(text, orgSnapshot(3)), 'crossline.yml'),
  ).pipeline;
  const synth = synthesize(pipeline);
  const script = buildAccessScript(topologyFromSynth(pipeline, synth));
  const result = verifyAccess(script, synth.policies);
  const sid = (name: string, s: string) =>
    synth.policies.find((p) => p.name === name)!.document.Statement.find((x) => x.Sid === s);
  return { synth, script, result, sid };
}

void test("an OU target in another region is granted by org path in that region's store, not the main one", () => {
  const { synth, script, result, sid } = ouInEuWest1(
    '{ account: tools, stack: tools-app, template: t.yaml }',
  );
  const failing = result.rows.filter((r) => !r.ok).map((r) => `${r.step} ${r.principal}`);
  assert.deepEqual(failing, []);
  const ou = {
    'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': `o-a1b2c3d4e5/r-ab12/${PROD_OU}/*` },
    ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/my-app-deploy' },
    StringNotEquals: { 'aws:PrincipalAccount': '333333333333' },
  };
  assert.deepEqual(sid('artifact-bucket-eu-west-1', 'OuDeployRolesReadArtifacts')?.Condition, ou);
  assert.deepEqual(sid('artifact-key-eu-west-1', 'OuDeployRolesDecryptArtifacts')?.Condition, ou);
  // No OU has a target in the pipeline region: the main store names none.
  assert.equal(sid('artifact-bucket', 'OuDeployRolesReadArtifacts'), undefined);
  assert.equal(sid('artifact-key', 'OuDeployRolesDecryptArtifacts'), undefined);
  // The rows prove it: each OU account reads and decrypts in eu-west-1, decided by the OU grant.
  for (const account of ['300000000000', '500000000000', '500000000002']) {
    const deployRole = `arn:aws:iam::${account}:role/my-app-deploy`;
    const reads = result.rows.filter(
      (r) =>
        r.principal === deployRole &&
        r.expect === 'allow' &&
        r.step.startsWith('deploy.') &&
        (r.action === 's3:GetObject' || r.action === 'kms:Decrypt'),
    );
    assert.equal(reads.length, 2, account);
    for (const r of reads) {
      assert.match(r.resource, /eu-west-1/, `${account} reads the eu-west-1 store`);
      assert.ok(
        r.deciding.some((d) => d.policy.endsWith('-eu-west-1') && d.statement.startsWith('Ou')),
        `${account} ${r.action}: ${JSON.stringify(r.deciding)}`,
      );
    }
    // Negative: the main store refuses it, by its policies alone too.
    const main = result.rows.filter(
      (r) => r.principal === deployRole && r.step.includes('.region-us-east-1'),
    );
    assert.ok(
      main.some((r) => r.step.endsWith('.resource-only')),
      account,
    );
    assert.ok(main.length >= 4 && main.every((r) => r.decision === 'denied'), account);
  }
  // Without the regional OU grants, the eu-west-1 reads fail.
  const policies = synth.policies.map((p) =>
    p.name.endsWith('-eu-west-1')
      ? {
          ...p,
          document: {
            ...p.document,
            Statement: p.document.Statement.filter((s) => !s.Sid?.startsWith('Ou')),
          },
        }
      : p,
  );
  const mutated = verifyAccess(script, policies);
  const broken = mutated.rows.filter((r) => !r.ok);
  assert.ok(broken.length >= 8, `${broken.length} rows fail`);
  assert.ok(broken.every((r) => r.step.startsWith('deploy.s0.') && r.step.endsWith('.read')));
});

void test('an OU with targets in two regions: each store names it, and carves out the accounts of the other region', () => {
  // prod-eu2 (300000000000, OU eu under prod) deploys in us-east-1 as well.
  const { result, sid } = ouInEuWest1(
    `{ ou: ${EU_OU}, stack: edge, template: t.yaml, exclude: [legacy] }`,
  );
  assert.deepEqual(
    result.rows.filter((r) => !r.ok).map((r) => `${r.step} ${r.principal}`),
    [],
  );
  const main = sid('artifact-bucket', 'OuDeployRolesReadArtifacts')?.Condition;
  // prod-eu2 is in both OUs; the prod accounts deploy only in eu-west-1: carved out here.
  assert.deepEqual(main?.StringNotEquals, {
    'aws:PrincipalAccount': ['333333333333', '500000000000', '500000000001', '500000000002'],
  });
  const eu = sid('artifact-bucket-eu-west-1', 'OuDeployRolesReadArtifacts')?.Condition;
  assert.deepEqual(eu?.StringNotEquals, { 'aws:PrincipalAccount': '333333333333' });
  const denied = result.rows.filter(
    (r) =>
      r.principal === 'arn:aws:iam::500000000001:role/my-app-deploy' &&
      r.step.endsWith('.region-us-east-1.resource-only'),
  );
  assert.ok(denied.length === 2 && denied.every((r) => r.decision === 'denied'));
});
