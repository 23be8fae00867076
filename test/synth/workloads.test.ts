// Synthesis of the workload keys, asserted by meaning on examples/sam-app.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize, type PolicyEntry } from '../../src/synth/index.js';
import { REPO, example, list } from './helpers.js';

const { pipeline } = loadConfigFile(resolve(REPO, 'examples/sam-app/crossline.yml'));
const synth = synthesize(pipeline);
const bucket = 'shop-artifacts-111111111111-eu-west-1';
const packages = `arn:aws:s3:::${bucket}/shop/packages/*`;
const policy = (name: string): PolicyEntry => {
  const p = synth.policies.find((x) => x.name === name);
  assert.ok(p, `policy ${name}`);
  return p;
};
const statement = (name: string, sid: string) => {
  const s = policy(name).document.Statement.find((x) => x.Sid === sid);
  assert.ok(s, `${name}/${sid}`);
  return s;
};
const resources = (t: Record<string, unknown>) =>
  (t as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> })
    .Resources;

void test('the buildspec packages each template after the commands, with the artifact key', () => {
  const project = resources(synth.templates['tools/shop-pipeline']).BuildProject.Properties;
  const spec = JSON.parse((project.Source as { BuildSpec: string }).BuildSpec) as {
    phases: { build: { commands: string[] } };
  };
  const commands = spec.phases.build.commands;
  assert.equal(commands[0], pipeline.build.commands[0], 'the user commands run first');
  assert.equal(
    commands.at(-1),
    `aws cloudformation package --template-file infra/app.yaml --s3-bucket ${bucket} --s3-prefix shop/packages --kms-key-id "$CROSSLINE_ARTIFACT_KEY_ARN" --output-template-file infra/app.packaged.yaml`,
  );
  const env = project.Environment as {
    EnvironmentVariables: { Name: string; Value: unknown }[];
    PrivilegedMode?: boolean;
  };
  const vars = Object.fromEntries(env.EnvironmentVariables.map((v) => [v.Name, v.Value]));
  assert.deepEqual(vars.CROSSLINE_ARTIFACT_KEY_ARN, { Ref: 'ArtifactKeyArn' });
  assert.equal(vars.IMAGE_REPO_SHOP_API, '111111111111.dkr.ecr.eu-west-1.amazonaws.com/shop/api');
  assert.equal(env.PrivilegedMode, true, 'docker needs privileged mode');
});

void test('targets deploy the packaged template, with their configuration file', () => {
  const actions = (
    synth.pipelineJson as {
      pipeline: { stages: { actions: { configuration: Record<string, string> }[] }[] };
    }
  ).pipeline.stages.flatMap((s) => s.actions.map((a) => a.configuration));
  const deploys = actions.filter((c) => c.StackName !== undefined);
  assert.deepEqual(
    deploys.map((c) => [c.StackName, c.TemplatePath, c.TemplateConfiguration]),
    [
      ['shop-staging', 'BuildOutput::infra/app.packaged.yaml', 'BuildOutput::infra/staging.json'],
      ['shop-prod', 'BuildOutput::infra/app.packaged.yaml', 'BuildOutput::infra/prod.json'],
    ],
  );
});

void test('execution roles read only the packages prefix, on both sides', () => {
  for (const account of ['staging', 'prod']) {
    const read = statement(`target-${account}-exec-role-permissions`, 'ReadPackages');
    assert.deepEqual(list(read.Action), ['s3:GetObject']);
    assert.deepEqual(list(read.Resource), [packages]);
    const decrypt = statement(`target-${account}-exec-role-permissions`, 'DecryptPackages');
    assert.deepEqual(list(decrypt.Action), ['kms:Decrypt']);
    assert.deepEqual(decrypt.Condition, {
      StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
    });
  }
  const execRoles = ['333333333333', '444444444444'].map(
    (a) => `arn:aws:iam::${a}:role/shop-cfn-exec`,
  );
  const bucketGrant = statement('artifact-bucket', 'ExecutionRolesReadPackages');
  assert.deepEqual(list(bucketGrant.Resource), [packages]);
  assert.deepEqual(bucketGrant.Condition, { ArnEquals: { 'aws:PrincipalArn': execRoles } });
  const keyGrant = statement('artifact-key', 'ExecutionRolesDecryptPackages');
  assert.deepEqual(list(keyGrant.Action), ['kms:Decrypt']);
  assert.deepEqual(keyGrant.Condition?.ArnEquals, { 'aws:PrincipalArn': execRoles });
  for (const p of synth.policies)
    for (const s of p.document.Statement)
      assert.ok(
        policy(p.name).reasons[s.Sid ?? ''] !== undefined,
        `${p.name}/${s.Sid} has a reason`,
      );
});

void test('one scanned ECR repository per image; the build pushes to exactly it', () => {
  const repos = Object.values(resources(synth.templates['tools/shop-pipeline'])).filter(
    (r) => r.Type === 'AWS::ECR::Repository',
  );
  assert.equal(repos.length, 1);
  assert.equal(repos[0].Properties.RepositoryName, 'shop/api');
  assert.deepEqual(repos[0].Properties.ImageScanningConfiguration, { ScanOnPush: true });
  assert.equal(repos[0].Properties.ImageTagMutability, 'IMMUTABLE');
  const push = statement('build-role-permissions', 'PushImages');
  assert.deepEqual(list(push.Resource), ['arn:aws:ecr:eu-west-1:111111111111:repository/shop/api']);
  assert.ok(list(push.Action).includes('ecr:PutImage'));
  assert.deepEqual(list(statement('build-role-permissions', 'GetRegistryToken').Resource), ['*']);
  const lambda = statement('image-repository-1', 'LambdaPullsForTargetFunctions');
  assert.deepEqual(lambda.Principal, { Service: 'lambda.amazonaws.com' });
  assert.deepEqual(lambda.Condition, {
    StringLike: {
      'aws:sourceArn': [
        'arn:aws:lambda:eu-west-1:333333333333:function:*',
        'arn:aws:lambda:eu-west-1:444444444444:function:*',
      ],
    },
  });
});

void test('a pipeline without workload keys gets none of these grants', () => {
  const four = example('four').synth;
  const sids = four.policies.flatMap((p) => p.document.Statement.map((s) => s.Sid));
  for (const sid of ['ReadPackages', 'ExecutionRolesReadPackages', 'PushImages'])
    assert.ok(!sids.includes(sid), sid);
  assert.ok(!four.policies.some((p) => p.kind === 'repository'));
});
