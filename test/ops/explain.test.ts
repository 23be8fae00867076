/**
 * explain on reconstructed requests: the context it adds, the side it blames, a Deny that
 * decides, "fixed since" once the policy changed, and a pass role across accounts.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSnapshot, type LiveSnapshot } from '../../src/ops/index.js';
import { explainMessage } from '../../src/ops/explain/index.js';
import { REPO } from '../cli/run-cli.js';

const FIXTURES = join(REPO, 'test/ops/fixtures');
const load = (name: string): LiveSnapshot =>
  parseSnapshot(JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')), name);
const KEY = 'arn:aws:kms:us-east-1:111111111111:key/0de111b7-4e2c-4eee-8bf8-8ddb1562c7f5';
const BUILD_KMS = `User: arn:aws:sts::111111111111:assumed-role/app-bk-build/AWSCodeBuild-0b5e is not authorized to perform: kms:Decrypt on resource: ${KEY} because no identity-based policy allows the kms:Decrypt action`;

void describe('explain: request reconstruction and decision', () => {
  void it('finds the build role denied kms:Decrypt by its identity policy, with the S3-forwarded context', () => {
    const e = explainMessage(load('snapshot-build-role-no-key.json'), BUILD_KMS);
    assert.equal(e.verdict, 'denied');
    const [r] = e.requests;
    assert.equal(r.principal, 'arn:aws:iam::111111111111:role/app-bk-build');
    assert.equal(r.step, 'build.read');
    assert.equal(r.side, 'identity');
    assert.equal(r.context['kms:ViaService'], 's3.us-east-1.amazonaws.com');
    assert.equal(r.context['aws:SecureTransport'], true);
    assert.deepEqual(r.statements, ['app-bk-build/app-bk-build-policy/WriteBuildLogs']);
    assert.match(r.fix, /add kms:Decrypt to its Action/);
  });

  void it('says "allowed now" once the identity policy grants the key', () => {
    const s = load('snapshot-build-role-no-key.json');
    const role = s.roles['arn:aws:iam::111111111111:role/app-bk-build']!;
    const grant = {
      name: 'use-key',
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'UseArtifactKey',
            Effect: 'Allow',
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
            Resource: KEY,
          },
        ],
      },
    };
    const fixed: LiveSnapshot = {
      ...s,
      roles: {
        ...s.roles,
        'arn:aws:iam::111111111111:role/app-bk-build': { ...role, inline: [...role.inline, grant] },
      },
    };
    const e = explainMessage(fixed, BUILD_KMS);
    assert.equal(e.verdict, 'allowed');
    assert.ok(e.requests[0].statements.includes('app-bk-build/use-key/UseArtifactKey'));
  });

  void it('names the Deny statement and the resource side when the bucket policy denies', () => {
    const s = load('snapshot-trust-wrong-account.json');
    const bucket = s.bucket!;
    const policy = (
      typeof bucket.policy === 'string' ? JSON.parse(bucket.policy) : bucket.policy
    ) as {
      Statement: unknown[];
    };
    const deny = {
      Sid: 'DenyStagingDeploy',
      Effect: 'Deny',
      Principal: { AWS: 'arn:aws:iam::333333333333:role/app-tr-deploy' },
      Action: 's3:GetObject',
      Resource: `arn:aws:s3:::${bucket.name}/*`,
    };
    const denied: LiveSnapshot = {
      ...s,
      bucket: { ...bucket, policy: { ...policy, Statement: [...policy.Statement, deny] } },
    };
    const e = explainMessage(
      denied,
      `User: arn:aws:sts::333333333333:assumed-role/app-tr-deploy/123 is not authorized to perform: s3:GetObject on resource: arn:aws:s3:::${bucket.name}/app-tr/BuildOutput/x.zip with an explicit deny in a resource-based policy`,
    );
    assert.equal(e.verdict, 'denied');
    const [r] = e.requests;
    assert.equal(r.outcome, 'explicit-deny');
    assert.equal(r.side, 'resource');
    assert.deepEqual(r.statements, [`bucket ${bucket.name}/DenyStagingDeploy`]);
  });

  void it('blames the CodePipeline rule when the execution role is in another account', () => {
    const s = load('snapshot-trust-wrong-account.json');
    const stages = s.pipeline.pipeline.stages.map((st) =>
      st.name !== 'staging'
        ? st
        : {
            ...st,
            actions: st.actions.map((a) => ({
              ...a,
              configuration: {
                ...a.configuration,
                RoleArn: 'arn:aws:iam::111111111111:role/app-tr-cfn-exec',
              },
            })),
          },
    );
    const moved: LiveSnapshot = {
      ...s,
      pipeline: { ...s.pipeline, pipeline: { ...s.pipeline.pipeline, stages } },
    };
    const e = explainMessage(moved, 'Cross-account pass role is not allowed.', {
      stage: 'staging',
      action: 'app-tr-staging',
      provider: 'CloudFormation',
    });
    assert.equal(e.verdict, 'denied');
    const rule = e.requests.find((r) => r.outcome === 'codepipeline-rule');
    assert.equal(rule?.principal, 'arn:aws:iam::333333333333:role/app-tr-deploy');
    assert.equal(rule?.resource, 'arn:aws:iam::111111111111:role/app-tr-cfn-exec');
    assert.match(rule?.fix ?? '', /create the execution role in 333333333333/);
  });

  void it('uses the pipeline trust row when CodePipeline itself cannot assume the pipeline role', () => {
    const e = explainMessage(
      load('snapshot-trust-wrong-account.json'),
      'CodePipeline is not authorized to perform AssumeRole on role arn:aws:iam::111111111111:role/app-tr-pipeline',
    );
    assert.equal(e.requests[0].principal, 'codepipeline.amazonaws.com');
    assert.equal(e.requests[0].step, 'service.codepipeline');
    assert.equal(e.verdict, 'allowed');
  });
});
