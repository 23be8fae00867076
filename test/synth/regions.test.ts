/**
 * Targets in several regions (docs/design.md §4, "Regions"), by meaning: one artifacts stack
 * per extra region with the main store's guards, deployed beside the main one; artifactStores
 * and action regions in pipeline.json; each regional bucket and key admits the principals of
 * its region only; roles are global and read the stores of their account's regions; the build
 * packages per region. A single-region config is unchanged (also checked by diffing the
 * examples' output against main's build, see the report of this change).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { allowing, awsPrincipals, condition, example, list, policy, statement } from './helpers.js';

const pipeline = loadConfigFile('examples/multi-region.yml').pipeline;
const synth = synthesize(pipeline);
const LIVE = '444444444444';
const STAGING = '333333333333';
const role = (account: string, name: string) => `arn:aws:iam::${account}:role/api-${name}`;
const bucketObjects = (region: string) => `arn:aws:s3:::api-artifacts-111111111111-${region}/*`;
const key = (region: string) =>
  `arn:aws:kms:${region}:111111111111:key/ARTIFACT-KEY-ID-KNOWN-AFTER-DEPLOY`;

void test('one artifacts stack per extra region, in that region, beside the main one', () => {
  const artifacts = synth.plan.stacks.filter((s) => s.kind === 'artifacts');
  assert.deepEqual(
    artifacts.map((s) => [s.id, s.region, s.dependsOn]),
    [
      ['tools/api-artifacts', 'us-east-1', []],
      ['tools/api-artifacts-ap-southeast-2', 'ap-southeast-2', []],
      ['tools/api-artifacts-eu-west-1', 'eu-west-1', []],
    ],
  );
  const pipelineStack = synth.plan.stacks.find((s) => s.kind === 'pipeline')!;
  for (const a of artifacts) assert.ok(pipelineStack.dependsOn.includes(a.id), a.id);
  assert.equal(synth.plan.stacks.at(-1), pipelineStack);
  // staging deploys only in eu-west-1: its target stack waits for that store, not ap-southeast-2.
  const staging = synth.plan.stacks.find((s) => s.id === 'staging/api-target')!;
  assert.deepEqual(staging.dependsOn, ['tools/api-artifacts', 'tools/api-artifacts-eu-west-1']);
  assert.deepEqual(staging.parameters.find((p) => p.name === 'ArtifactKeyArnEuWest1')?.fromOutput, {
    stack: 'tools/api-artifacts-eu-west-1',
    output: 'ArtifactKeyArn',
  });
  // Each regional key placeholder is resolved from its own stack.
  assert.deepEqual(
    synth.plan.placeholders.map((p) => [p.text, p.stack]),
    [
      [key('us-east-1'), 'tools/api-artifacts'],
      [key('ap-southeast-2'), 'tools/api-artifacts-ap-southeast-2'],
      [key('eu-west-1'), 'tools/api-artifacts-eu-west-1'],
    ],
  );
});

void test('a regional store has the guards of the main one and no bus policy', () => {
  const t = synth.templates['tools/api-artifacts-eu-west-1'] as {
    Resources: Record<
      string,
      { Type: string; DeletionPolicy?: string; Properties: Record<string, unknown> }
    >;
  };
  const types = Object.values(t.Resources)
    .map((r) => r.Type)
    .sort();
  assert.deepEqual(types, [
    'AWS::KMS::Alias',
    'AWS::KMS::Key',
    'AWS::S3::Bucket',
    'AWS::S3::BucketPolicy',
  ]);
  const k = t.Resources.ArtifactKey;
  assert.equal(k.Properties.EnableKeyRotation, true);
  assert.equal(k.DeletionPolicy, 'Retain');
  const b = t.Resources.ArtifactBucket.Properties;
  assert.equal(b.BucketName, 'api-artifacts-111111111111-eu-west-1');
  assert.deepEqual(b.VersioningConfiguration, { Status: 'Enabled' });
  assert.deepEqual(b.PublicAccessBlockConfiguration, {
    BlockPublicAcls: true,
    BlockPublicPolicy: true,
    IgnorePublicAcls: true,
    RestrictPublicBuckets: true,
  });
  const bucket = policy(synth, 'artifact-bucket-eu-west-1');
  assert.equal(bucket.attachedTo, 'arn:aws:s3:::api-artifacts-111111111111-eu-west-1');
  const tls = statement(bucket, 'DenyInsecureTransport');
  assert.deepEqual(list(tls.Resource).sort(), [
    'arn:aws:s3:::api-artifacts-111111111111-eu-west-1',
    bucketObjects('eu-west-1'),
  ]);
  assert.equal(statement(bucket, 'DenyUploadsWithoutKms').Effect, 'Deny');
  assert.ok(!synth.policies.some((p) => p.name === 'tools-event-bus-eu-west-1'));
});

void test('each regional bucket and key admits exactly the target roles of its region, pinned', () => {
  // eu-west-1: staging and live deploy there; ap-southeast-2: live only; us-east-1: live only.
  const readers = (name: string, sid: string) => {
    const s = statement(policy(synth, name), sid);
    return {
      roots: awsPrincipals(s).sort(),
      pinned: condition(s, 'ArnEquals', 'aws:PrincipalArn').sort(),
    };
  };
  assert.deepEqual(readers('artifact-bucket-eu-west-1', 'DeployRolesReadArtifacts'), {
    roots: [`arn:aws:iam::${STAGING}:root`, `arn:aws:iam::${LIVE}:root`],
    pinned: [role(STAGING, 'deploy'), role(LIVE, 'deploy')],
  });
  for (const name of ['artifact-bucket-ap-southeast-2', 'artifact-bucket']) {
    assert.deepEqual(readers(name, 'DeployRolesReadArtifacts'), {
      roots: [`arn:aws:iam::${LIVE}:root`],
      pinned: [role(LIVE, 'deploy')],
    });
  }
  assert.deepEqual(readers('artifact-key-ap-southeast-2', 'ExecutionRolesDecryptPackages').pinned, [
    role(LIVE, 'cfn-exec'),
  ]);
  const via = statement(
    policy(synth, 'artifact-key-ap-southeast-2'),
    'ExecutionRolesDecryptPackages',
  );
  assert.deepEqual(condition(via, 'StringEquals', 'kms:ViaService'), [
    's3.ap-southeast-2.amazonaws.com',
  ]);
  // The source action writes only into the main store.
  assert.throws(() =>
    statement(policy(synth, 'artifact-bucket-eu-west-1'), 'SourceRoleWritesSourceArtifact'),
  );
  assert.ok(statement(policy(synth, 'artifact-bucket'), 'SourceRoleWritesSourceArtifact'));
});

void test('roles are global: a deploy role reads the stores of its regions and no other', () => {
  const staging = policy(synth, 'target-staging-deploy-role-permissions');
  assert.deepEqual(list(statement(staging, 'ReadBuildArtifact').Resource), [
    bucketObjects('eu-west-1'),
  ]);
  assert.deepEqual(list(statement(staging, 'DecryptBuildArtifact').Resource), [key('eu-west-1')]);
  const live = policy(synth, 'target-live-deploy-role-permissions');
  assert.deepEqual(list(statement(live, 'ReadBuildArtifact').Resource).sort(), [
    bucketObjects('ap-southeast-2'),
    bucketObjects('eu-west-1'),
    bucketObjects('us-east-1'),
  ]);
  // One deploy role per account, whatever the number of regions.
  assert.equal(synth.plan.stacks.filter((s) => s.id === 'live/api-target').length, 1);
  const exec = policy(synth, 'target-staging-exec-role-permissions');
  assert.deepEqual(list(statement(exec, 'ReadPackages').Resource), [
    'arn:aws:s3:::api-artifacts-111111111111-eu-west-1/api/packages/*',
  ]);
  assert.deepEqual(allowing(exec, 'kms:Decrypt', key('us-east-1')), []);
});

void test('the pipeline role replicates into every store; the build packages into each', () => {
  const p = policy(synth, 'pipeline-role-permissions');
  for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2']) {
    assert.equal(
      allowing(p, 's3:PutObject', bucketObjects(region).replace('*', 'x')).length,
      1,
      region,
    );
    assert.equal(allowing(p, 'kms:GenerateDataKey', key(region)).length, 1, region);
  }
  const b = policy(synth, 'build-role-permissions');
  const put = statement(b, 'PackageIntoRegionalStores');
  assert.deepEqual(list(put.Resource).sort(), [
    'arn:aws:s3:::api-artifacts-111111111111-ap-southeast-2/api/packages/*',
    'arn:aws:s3:::api-artifacts-111111111111-eu-west-1/api/packages/*',
  ]);
  const json = synth.pipelineJson as {
    pipeline: {
      artifactStore?: unknown;
      artifactStores: Record<string, { encryptionKey: { id: string } }>;
      stages: {
        name: string;
        actions: { name: string; region?: string; configuration: Record<string, string> }[];
      }[];
    };
  };
  assert.equal(json.pipeline.artifactStore, undefined);
  assert.equal(json.pipeline.artifactStores['eu-west-1'].encryptionKey.id, key('eu-west-1'));
  const staging = json.pipeline.stages.find((s) => s.name === 'staging')!.actions[0];
  assert.equal(staging.region, 'eu-west-1');
  assert.equal(staging.configuration.TemplatePath, 'BuildOutput::cfn/api.packaged.eu-west-1.yaml');
  const spec = JSON.stringify(synth.templates['tools/api-pipeline']);
  assert.match(
    spec,
    /aws cloudformation package --region eu-west-1 .*--s3-bucket api-artifacts-111111111111-eu-west-1 .*CROSSLINE_ARTIFACT_KEY_ARN_EU_WEST_1.*cfn\/api\.packaged\.eu-west-1\.yaml/,
  );
});

void test('a single-region pipeline keeps artifactStore and one artifacts stack', () => {
  const { synth: four } = example('four');
  const json = four.pipelineJson as { pipeline: Record<string, unknown> };
  assert.ok(json.pipeline.artifactStore);
  assert.equal(json.pipeline.artifactStores, undefined);
  assert.equal(four.plan.stacks.filter((s) => s.kind === 'artifacts').length, 1);
  assert.equal(four.plan.placeholders.length, 1);
});
