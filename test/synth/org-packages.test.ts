// Packaged code (build.package) for targets by OU (docs/design.md §13): the execution roles
// `<name>-cfn-exec` of the OU members read the packages prefix and decrypt it through S3 by
// organization path, in the store of their region, so the bucket and key policies keep their
// size as accounts join. verify proves it for a sampled OU account and denies a member of the
// same organization outside the OUs whose role has the very same name, in every store.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import { verifySynthesized } from '../../src/toolkit/verify.js';
import type { AccessResult } from '../../src/verify/index.js';
import { ORG, orgConfig, orgConfigDir, orgSnapshot, PROD_OU } from '../config/org-fixture.js';

const EU = 'eu-west-1';
const OU_PATH = `${ORG}/r-ab12/${PROD_OU}/*`;

/** OU prod (less legacy) deploys the packaged t.yaml, in the pipeline region or `region`. */
function pipelineWith(ouAccounts: number, region?: string) {
  const text = orgConfig([
    `{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy]${region ? `, region: ${region}` : ''} }`,
  ]).replace('build: { commands: [make] }', 'build: { commands: [make], package: [t.yaml] }');
  // The fixture's OU prod holds prod-eu2 and legacy (OU eu) besides its prodCount accounts.
  const dir = orgConfigDir(text, orgSnapshot(ouAccounts - 2));
  return loadConfigFile(join(dir, 'crossline.yml')).pipeline;
}

const statement = (synth: SynthResult, policy: string, sid: string) =>
  synth.policies.find((p) => p.name === policy)?.document.Statement.find((s) => s.Sid === sid);

function sizes(ouAccounts: number, region?: string): Record<string, number> {
  const synth = synthesize(pipelineWith(ouAccounts, region));
  const out: Record<string, number> = {};
  for (const p of synth.policies)
    if (p.kind === 'key' || p.kind === 'bucket') out[p.name] = JSON.stringify(p.document).length;
  return out;
}

for (const region of [undefined, EU]) {
  const where = region === undefined ? 'the pipeline region' : region;
  const bucket = region === undefined ? 'artifact-bucket' : `artifact-bucket-${region}`;
  const key = region === undefined ? 'artifact-key' : `artifact-key-${region}`;

  void test(`OU targets in ${where}: bucket and key policies with package grants are the same size for 4 and 400 OU accounts`, () => {
    const small = sizes(4, region);
    const large = sizes(400, region);
    assert.ok(bucket in small && key in small, JSON.stringify(small));
    assert.deepEqual(large, small);
    // The sizes include the package grants.
    const synth = synthesize(pipelineWith(4, region));
    assert.ok(statement(synth, bucket, 'OuExecutionRolesReadPackages'));
    assert.ok(statement(synth, key, 'OuExecutionRolesDecryptPackages'));
  });

  void test(`OU targets in ${where}: the package grants name the OU path, the execution role, the excluded account, S3 of the region`, () => {
    const synth = synthesize(pipelineWith(4, region));
    const ou = {
      'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': OU_PATH },
      ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/my-app-cfn-exec' },
      StringNotEquals: { 'aws:PrincipalAccount': '333333333333' },
    };
    const read = statement(synth, bucket, 'OuExecutionRolesReadPackages');
    assert.deepEqual(read?.Principal, { AWS: '*' });
    assert.deepEqual(read?.Action, 's3:GetObject');
    const bucketName = `my-app-artifacts-111111111111-${region ?? 'us-east-1'}`;
    assert.deepEqual(read?.Resource, `arn:aws:s3:::${bucketName}/my-app/packages/*`);
    assert.deepEqual(read?.Condition, ou);
    const decrypt = statement(synth, key, 'OuExecutionRolesDecryptPackages');
    assert.deepEqual(decrypt?.Action, 'kms:Decrypt');
    assert.deepEqual(decrypt?.Condition, {
      ...ou,
      StringEquals: { 'kms:ViaService': `s3.${region ?? 'us-east-1'}.amazonaws.com` },
    });
    assert.match(
      synth.policies.find((p) => p.name === bucket)!.reasons.OuExecutionRolesReadPackages ?? '',
      /aws:PrincipalOrgPaths/,
    );
    if (region !== undefined) {
      // No OU target in the pipeline region: the main store grants no OU its packages.
      assert.equal(statement(synth, 'artifact-bucket', 'OuExecutionRolesReadPackages'), undefined);
      assert.equal(statement(synth, 'artifact-key', 'OuExecutionRolesDecryptPackages'), undefined);
    }
  });

  void test(`OU targets in ${where}: verify reads the packages as a sampled OU account, denies the org outsider's cfn-exec`, () => {
    const pipeline = pipelineWith(40, region);
    const synth = synthesize(pipeline);
    const result = verifySynthesized(pipeline, synth);
    const failing = result.rows.filter((r) => !r.ok).map((r) => `${r.step} ${r.principal}`);
    assert.deepEqual(failing, []);
    // OU prod's own 38 accounts are one group (prod-eu2 sits in OU eu, legacy is excluded).
    const group = result.sampled?.find((g) => g.orgPath === `${ORG}/r-ab12/${PROD_OU}/`);
    assert.ok(group, JSON.stringify(result.sampled));
    assert.deepEqual([group.accounts, group.checked.length, group.equivalent], [38, 3, 35]);
    const rows = (pred: (r: AccessResult) => boolean) => result.rows.filter(pred);
    for (const account of group.checked) {
      const exec = `arn:aws:iam::${account}:role/my-app-cfn-exec`;
      const reads = rows(
        (r) => r.principal === exec && r.expect === 'allow' && /\.(code|nested)$/.test(r.step),
      );
      assert.equal(reads.length, 4, `${account}: code and nested, s3 and kms`);
      for (const r of reads) {
        assert.ok(r.resource.includes(region ?? 'us-east-1'), `${account} reads its region`);
        assert.ok(
          r.deciding.some((d) => d.statement.startsWith('OuExecutionRoles')),
          `${account} ${r.action}: ${JSON.stringify(r.deciding)}`,
        );
      }
    }
    const verb = region === undefined ? 'packages' : `packages.${region}`;
    const outsider = rows((r) => r.step === `negative.org-outsider.${verb}`);
    assert.deepEqual(outsider.map((r) => r.action).sort(), ['kms:Decrypt', 's3:GetObject']);
    for (const r of outsider) {
      assert.equal(r.principal, 'arn:aws:iam::999999999998:role/my-app-cfn-exec');
      assert.equal(r.decision, 'denied');
    }
    assert.equal(
      outsider.find((r) => r.action === 'kms:Decrypt')?.context['kms:ViaService'],
      `s3.${region ?? 'us-east-1'}.amazonaws.com`,
      'as S3 asks KMS: the context the OU grant admits',
    );
  });

  void test(`OU targets in ${where}: mutations of the package grants fail the rows that prove them`, () => {
    const pipeline = pipelineWith(40, region);
    const synth = synthesize(pipeline);
    const edit = (change: (s: Record<string, unknown>) => Record<string, unknown> | undefined) =>
      ({
        ...synth,
        policies: synth.policies.map((p) =>
          p.name === bucket || p.name === key
            ? {
                ...p,
                document: {
                  ...p.document,
                  Statement: p.document.Statement.flatMap((s): Record<string, unknown>[] => {
                    if (!s.Sid?.startsWith('OuExecutionRoles')) return [{ ...s }];
                    const changed = change(
                      structuredClone(s) as unknown as Record<string, unknown>,
                    );
                    return changed === undefined ? [] : [changed];
                  }),
                },
              }
            : p,
        ),
      }) as SynthResult;
    // Without the OU package grants the sampled accounts cannot read their code.
    const removed = verifySynthesized(
      pipeline,
      edit(() => undefined),
    );
    const broken = removed.rows.filter((r) => !r.ok);
    assert.ok(broken.length >= 12, `${broken.length} rows fail`);
    assert.ok(
      broken.every(
        (r) => /\.(code|nested)$/.test(r.step) && r.principal.endsWith('my-app-cfn-exec'),
      ),
      JSON.stringify(broken.map((r) => r.step)),
    );
    // Widened to the whole organization: the org outsider's same-name role gets in.
    const widened = verifySynthesized(
      pipeline,
      edit((s) => {
        const c = s.Condition as Record<string, Record<string, unknown>>;
        c['ForAnyValue:StringLike'] = { 'aws:PrincipalOrgPaths': `${ORG}/*` };
        return s;
      }),
    );
    const leaks = widened.rows.filter((r) => !r.ok).map((r) => `${r.step} ${r.action}`);
    const verb = region === undefined ? 'packages' : `packages.${region}`;
    assert.deepEqual(leaks.sort(), [
      `negative.org-outsider.${verb} kms:Decrypt`,
      `negative.org-outsider.${verb} s3:GetObject`,
    ]);
  });
}
