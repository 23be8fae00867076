/**
 * The CodeConnections source in synthesis, by meaning: the CodeStarSourceConnection action in
 * the pipeline account, no source stack or event plumbing, UseConnection on the one
 * connection, the V2 triggers, and a created connection resolved after deploy.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesize, type SynthResult } from '../../../src/synth/index.js';
import { allowing, list, pipelineFrom, policy, resolveCfn, strings } from '../helpers.js';
import { CONNECTION, CREATED, EXISTING, OLD_PREFIX, SHARED } from './codeconnections-config.js';

const synth = (yaml: string): SynthResult => synthesize(pipelineFrom(yaml));

interface Action {
  name: string;
  actionTypeId: { category: string; owner: string; provider: string };
  configuration: Record<string, string>;
  roleArn?: string;
  outputArtifacts: { name: string }[];
}
interface Declaration {
  pipeline: { stages: { name: string; actions: Action[] }[]; triggers?: unknown[] };
}
const declaration = (s: SynthResult): Declaration['pipeline'] =>
  (s.pipelineJson as unknown as Declaration).pipeline;
const pipelineTemplate = (s: SynthResult) => s.templates['tools/shop-pipeline'];
const resources = (s: SynthResult) =>
  pipelineTemplate(s).Resources as Record<
    string,
    { Type: string; Properties: Record<string, unknown> }
  >;

void test('the Source action: CodeStarSourceConnection with the connection, repository and branch, run by the pipeline role', () => {
  const s = synth(EXISTING);
  const [source] = declaration(s).stages[0].actions;
  assert.equal(declaration(s).stages[0].name, 'Source');
  assert.deepEqual(source.actionTypeId, {
    category: 'Source',
    owner: 'AWS',
    provider: 'CodeStarSourceConnection',
    version: '1',
  });
  assert.deepEqual(source.configuration, {
    BranchName: 'main',
    ConnectionArn: CONNECTION,
    FullRepositoryId: 'acme/shop',
    OutputArtifactFormat: 'CODE_ZIP',
  });
  // No action role: the pipeline role runs it, in the pipeline account.
  assert.equal(source.roleArn, undefined);
  assert.deepEqual(source.outputArtifacts, [{ name: 'SourceOutput' }]);
  assert.ok(!('PollForSourceChanges' in source.configuration));
});

void test('no source account: no source stack, source role, forwarding rule, start rule, trigger role or bus policy', () => {
  const s = synth(EXISTING);
  assert.deepEqual(
    s.plan.stacks.map((x) => x.kind),
    ['artifacts', 'target', 'target', 'pipeline'],
  );
  const names = s.policies.map((p) => p.name);
  assert.ok(!names.some((n) => /source-role|forward|trigger-role|bus/.test(n)), names.join(', '));
  const types = Object.values(s.templates).flatMap((t) =>
    Object.values(t.Resources as Record<string, { Type: string }>).map((r) => r.Type),
  );
  assert.ok(!types.includes('AWS::Events::Rule'), 'no EventBridge rule anywhere');
  assert.ok(!types.includes('AWS::Events::EventBusPolicy'), 'no bus policy');
  assert.equal(
    allowing(
      policy(s, 'pipeline-role-permissions'),
      'sts:AssumeRole',
      'arn:aws:iam::111111111111:role/shop-source',
    ).length,
    0,
    'the pipeline role assumes no source role',
  );
  // The bucket policy names no cross-account source writer.
  const bucket = policy(s, 'artifact-bucket');
  assert.ok(!bucket.document.Statement.some((x) => x.Sid === 'SourceRoleWritesSourceArtifact'));
});

void test('the pipeline role may UseConnection on exactly the configured connection, and write the artifact ACL', () => {
  const s = synth(EXISTING);
  const role = policy(s, 'pipeline-role-permissions');
  const use = allowing(role, 'codeconnections:UseConnection');
  assert.equal(use.length, 1);
  assert.deepEqual(list(use[0].Resource), [CONNECTION]);
  assert.deepEqual(list(use[0].Action), ['codeconnections:UseConnection']);
  assert.equal(allowing(role, 'codeconnections:UseConnection', `${CONNECTION}-other`).length, 0);
  assert.match(
    role.reasons['UseSourceConnection'],
    /action-reference-CodestarConnectionSource\.html/,
  );
  assert.equal(
    allowing(
      role,
      's3:PutObjectAcl',
      'arn:aws:s3:::shop-artifacts-111111111111-us-east-1/shop/SourceArti/x',
    ).length,
    1,
  );
  // The build role does not get the connection (CODE_ZIP, no full clone).
  assert.equal(
    allowing(policy(s, 'build-role-permissions'), 'codeconnections:UseConnection').length,
    0,
  );
});

void test('an older codestar-connections ARN: both prefixes of UseConnection, on that ARN', () => {
  const s = synth(OLD_PREFIX);
  const old = CONNECTION.replace(':codeconnections:', ':codestar-connections:');
  const role = policy(s, 'pipeline-role-permissions');
  const [grant] = allowing(role, 'codestar-connections:UseConnection', old);
  assert.ok(grant);
  assert.deepEqual(list(grant.Action), [
    'codeconnections:UseConnection',
    'codestar-connections:UseConnection',
  ]);
  assert.deepEqual(list(grant.Resource), [old]);
});

void test('a connection shared from another account (AWS RAM): the grant names its ARN; the plan says what it needs', () => {
  const s = synth(SHARED);
  const shared = CONNECTION.replace(':111111111111:', ':999999999999:');
  assert.equal(declaration(s).stages[0].actions[0].configuration.ConnectionArn, shared);
  assert.deepEqual(
    list(
      allowing(policy(s, 'pipeline-role-permissions'), 'codeconnections:UseConnection')[0].Resource,
    ),
    [shared],
  );
  assert.ok(
    s.plan.notes.some(
      (n) => /999999999999/.test(n) && /AWS RAM/.test(n) && /shareable\.html/.test(n),
    ),
  );
  assert.ok(
    !synth(EXISTING).plan.notes.some((n) => /AWS RAM/.test(n)),
    'no RAM note for an own connection',
  );
});

void test('default trigger: a push to the branch, on the Source action, in pipeline.json and the template', () => {
  const s = synth(EXISTING);
  const expected = [
    {
      providerType: 'CodeStarSourceConnection',
      gitConfiguration: {
        sourceActionName: 'Source',
        push: [{ branches: { includes: ['main'] } }],
      },
    },
  ];
  assert.deepEqual(declaration(s).triggers, expected);
  assert.deepEqual(resources(s).Pipeline.Properties.Triggers, [
    {
      ProviderType: 'CodeStarSourceConnection',
      GitConfiguration: {
        SourceActionName: 'Source',
        Push: [{ Branches: { Includes: ['main'] } }],
      },
    },
  ]);
  assert.equal(resources(s).Pipeline.Properties.PipelineType, 'V2');
});

void test('configured triggers: push branches, tags, file paths and pull-request events', () => {
  const [trigger] = declaration(synth(CREATED)).triggers as {
    gitConfiguration: { push: unknown[]; pullRequest: unknown[] };
  }[];
  assert.deepEqual(trigger.gitConfiguration.push, [
    {
      branches: { includes: ['main', 'release/*'] },
      tags: { includes: ['v*'] },
      filePaths: { excludes: ['docs/**'] },
    },
  ]);
  assert.deepEqual(trigger.gitConfiguration.pullRequest, [
    { events: ['OPEN', 'UPDATED', 'CLOSED'], branches: { includes: ['main'] } },
  ]);
});

void test('connection.create: an AWS::CodeConnections::Connection in the pipeline stack, its ARN known after deploy', () => {
  const s = synth(CREATED);
  const r = resources(s);
  assert.equal(r.Connection.Type, 'AWS::CodeConnections::Connection');
  assert.deepEqual(r.Connection.Properties, { ConnectionName: 'shop', ProviderType: 'GitHub' });
  const [ph] = s.plan.placeholders.filter((p) => p.output === 'ConnectionArn');
  assert.ok(ph, 'a placeholder for the connection ARN');
  assert.equal(ph.stack, 'tools/shop-pipeline');
  assert.match(ph.text, /^arn:aws:codeconnections:us-east-1:111111111111:connection\//);
  // pipeline.json and the policy carry the placeholder; the template resolves it to the resource.
  assert.equal(declaration(s).stages[0].actions[0].configuration.ConnectionArn, ph.text);
  const real = 'arn:aws:codeconnections:us-east-1:111111111111:connection/real-id';
  const values = { 'Connection.ConnectionArn': real, ArtifactKeyArn: 'k', ArtifactBucketName: 'b' };
  const stages = resolveCfn(r.Pipeline.Properties.Stages, values) as {
    Actions: { Configuration: Record<string, string> }[];
  }[];
  assert.equal(stages[0].Actions[0].Configuration.ConnectionArn, real);
  const rolePolicy = resolveCfn(r.PipelineRole.Properties, values);
  assert.ok(strings(rolePolicy).includes(real), 'the role policy names the created connection');
  assert.ok(!strings(rolePolicy).includes(ph.text), 'and not the placeholder');
  assert.deepEqual(
    (pipelineTemplate(s).Outputs as Record<string, { Value: unknown }>).ConnectionArn.Value,
    {
      'Fn::GetAtt': ['Connection', 'ConnectionArn'],
    },
  );
  assert.ok(s.plan.notes.some((n) => /PENDING/.test(n) && /console/.test(n)));
});

void test('the notes name PassConnection for the deployer and what a full clone would need', () => {
  const notes = synth(EXISTING).plan.notes.join('\n');
  assert.match(notes, /codeconnections:PassConnection/);
  assert.match(notes, /CODEBUILD_CLONE_REF/);
});

void test("deploy resolves a created connection's ARN in pipeline.json from the pipeline stack's output", async () => {
  const { resolvePlaceholders } = await import('../../../src/deploy/index.js');
  const s = synth(CREATED);
  const real = 'arn:aws:codeconnections:us-east-1:111111111111:connection/real-id';
  const key = 'arn:aws:kms:us-east-1:111111111111:key/0b8a1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
  const outputs = new Map<string, Record<string, string>>([
    ['tools/shop-artifacts', { ArtifactKeyArn: key }],
    ['tools/shop-pipeline', { ConnectionArn: real }],
  ]);
  const resolved = resolvePlaceholders(s.pipelineJson, s.plan, outputs) as unknown as Declaration;
  assert.equal(resolved.pipeline.stages[0].actions[0].configuration.ConnectionArn, real);
  // Without the pipeline stack's output, nothing is resolved (a partial deploy).
  outputs.delete('tools/shop-pipeline');
  assert.equal(resolvePlaceholders(s.pipelineJson, s.plan, outputs), undefined);
});
