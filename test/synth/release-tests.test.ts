// stages[].tests (docs/design.md §2, release flow): a CodeBuild test action after the stage's
// deploys, a test role per target account trusted by exactly the test project's role, whose
// permissions are exactly tests.policies; proven by access rows and mutations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { mutants, runMutant } from '../verify/mutate.js';
import { withReplaced } from '../config/base-config.js';
import { allowing, list, pipelineFrom, policy } from './helpers.js';

const RELEASE = loadConfigFile('examples/release-flow.yml').pipeline;
const synth = synthesize(RELEASE);
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
const PROJECT_ROLE = 'arn:aws:iam::111111111111:role/shop-staging-test';
const TEST_ROLE = 'arn:aws:iam::333333333333:role/shop-test';

interface Action {
  name: string;
  runOrder: number;
  actionTypeId: { category: string; provider: string };
  configuration: Record<string, string>;
  inputArtifacts: { name: string }[];
}
const stageNamed = (name: string, s = synth): Action[] =>
  (
    s.pipelineJson as unknown as { pipeline: { stages: { name: string; actions: Action[] }[] } }
  ).pipeline.stages.find((x) => x.name === name)!.actions;

void test('the test action runs after every deploy of its stage, on the source artifact', () => {
  const staging = stageNamed('staging');
  const tests = staging.filter((a) => a.actionTypeId.category === 'Test');
  assert.equal(tests.length, 1);
  const [t] = tests;
  assert.equal(t.actionTypeId.provider, 'CodeBuild');
  assert.equal(t.configuration.ProjectName, 'shop-staging-test');
  assert.deepEqual(t.inputArtifacts, [{ name: 'SourceOutput' }]);
  for (const d of staging.filter((a) => a.actionTypeId.category === 'Deploy'))
    assert.ok(d.runOrder < t.runOrder, `${d.name} before the tests`);
  // prod has no tests.
  assert.equal(stageNamed('prod').filter((a) => a.actionTypeId.category === 'Test').length, 0);
});

void test('in a change-set stage the tests follow the executes', () => {
  const p = pipelineFrom(
    withReplaced(
      '    approval: true\n',
      `    mode: change-set\n    tests: { commands: [make smoke], policies: [${READ_ONLY}] }\n`,
    ),
  );
  const prod = stageNamed('prod', synthesize(p));
  const t = prod.find((a) => a.actionTypeId.category === 'Test')!;
  const executes = prod.filter((a) => a.configuration.ActionMode === 'CHANGE_SET_EXECUTE');
  assert.ok(executes.length > 0);
  for (const e of executes) assert.ok(e.runOrder < t.runOrder);
});

void test('the test role: trusted by the tools root pinned to the test project role, permissions exactly tests.policies', () => {
  const trust = policy(synth, 'target-staging-test-role-trust');
  assert.equal(trust.attachedTo, TEST_ROLE);
  assert.equal(trust.document.Statement.length, 1);
  const [st] = trust.document.Statement;
  assert.deepEqual(st.Principal, { AWS: 'arn:aws:iam::111111111111:root' });
  assert.deepEqual(st.Condition, { ArnEquals: { 'aws:PrincipalArn': PROJECT_ROLE } });
  const perms = policy(synth, 'target-staging-test-role-permissions');
  assert.deepEqual(perms.document.Statement, []);
  assert.deepEqual(perms.managedPolicies, [READ_ONLY]);
  // Only the accounts of tested stages get one.
  assert.ok(!synth.policies.some((e) => e.name === 'target-prod-test-role-trust'));
});

void test('the test project role assumes exactly the test roles and writes no artifact', () => {
  const perms = policy(synth, 'test-shop-staging-test-role-permissions');
  const assume = allowing(perms, 'sts:AssumeRole');
  assert.equal(assume.length, 1);
  assert.deepEqual(list(assume[0].Resource), [TEST_ROLE]);
  assert.deepEqual(allowing(perms, 's3:PutObject'), []);
  assert.deepEqual(allowing(perms, 'iam:PassRole'), []);
  const trust = policy(synth, 'test-shop-staging-test-role-trust').document.Statement[0];
  assert.deepEqual(trust.Principal, { Service: 'codebuild.amazonaws.com' });
  assert.deepEqual(trust.Condition?.ArnEquals, {
    'aws:SourceArn': 'arn:aws:codebuild:eu-west-1:111111111111:project/shop-staging-test',
  });
  const pipelineRole = policy(synth, 'pipeline-role-permissions');
  assert.equal(
    allowing(
      pipelineRole,
      'codebuild:StartBuild',
      'arn:aws:codebuild:eu-west-1:111111111111:project/shop-staging-test',
    ).length,
    1,
  );
});

void test('the project passes the account id, region, stack and its outputs to the commands', () => {
  const template = synth.templates['tools/shop-pipeline'] as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const project = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::CodeBuild::Project' && r.Properties.Name === 'shop-staging-test',
  )!;
  const source = project.Properties.Source as { BuildSpec: string };
  const spec = JSON.parse(source.BuildSpec) as { phases: { build: { commands: string[] } } };
  const [run] = spec.phases.build.commands;
  assert.match(run, /aws sts assume-role --role-arn 'arn:aws:iam::333333333333:role\/shop-test'/);
  assert.match(run, /CROSSLINE_ACCOUNT_ID='333333333333'/);
  assert.match(run, /CROSSLINE_REGION='eu-west-1'/);
  assert.match(run, /CROSSLINE_STACK='shop-staging'/);
  assert.match(run, /describe-stacks --stack-name 'shop-staging'/);
  assert.match(run, /CROSSLINE_OUTPUT_\$key/);
  assert.match(run, /\nnpm ci\nnpm run smoke\n\)$/);
  // The project's logs and key follow the build project's rules.
  assert.deepEqual(project.Properties.EncryptionKey, { Ref: 'ArtifactKeyArn' });
  const logs = Object.values(template.Resources).find(
    (r) =>
      r.Type === 'AWS::Logs::LogGroup' &&
      r.Properties.LogGroupName === '/aws/codebuild/shop-staging-test',
  );
  assert.equal(logs?.Properties.RetentionInDays, 90);
});

void test('verify: the assume chain passes, and nobody else assumes the test role', () => {
  const script = buildAccessScript(topologyFromSynth(RELEASE, synth));
  const result = verifyAccess(script, synth.policies);
  assert.ok(
    result.ok,
    result.rows
      .filter((r) => !r.ok)
      .map((r) => `${r.step} ${r.principal} ${r.action}`)
      .join('\n'),
  );
  const rows = (expect: string, step: string, action: string) =>
    script.rows.filter((r) => r.expect === expect && r.step === step && r.action === action);
  assert.deepEqual(
    rows('allow', 'deploy.staging.test', 'sts:AssumeRole').map((r) => r.principal),
    [PROJECT_ROLE],
  );
  const denied = rows('deny', 'negative.staging.test', 'sts:AssumeRole').map((r) => r.principal);
  assert.ok(denied.includes('arn:aws:iam::111111111111:role/shop-pipeline'));
  assert.ok(denied.includes('arn:aws:iam::111111111111:role/shop-build'));
  assert.ok(denied.includes('arn:aws:iam::333333333333:role/shop-deploy'));
  assert.ok(denied.includes('arn:aws:iam::999999999999:root'));
  for (const action of ['s3:GetObject', 'kms:Decrypt', 'iam:PassRole'])
    assert.equal(rows('deny', 'negative.staging.test', action).length, 1, action);
  assert.equal(rows('allow', 'build.test.staging.start', 'codebuild:StartBuild').length, 1);
});

void test('mutations of the test grants are caught by the rows', () => {
  const script = buildAccessScript(topologyFromSynth(RELEASE, synth));
  const baseline = verifyAccess(script, synth.policies);
  const ours = mutants(synth.policies).filter((m) =>
    ['/AssumedByTestProjects', '/AssumeTestRoles', '/RunTestProjects'].some((s) =>
      m.id.includes(s),
    ),
  );
  assert.ok(ours.length >= 6, ours.map((m) => m.id).join('\n'));
  const survivors = ours
    .map((m) => runMutant(script, baseline, m))
    .filter((o) => !o.killed)
    .map((o) => o.mutant.id);
  // Widening the principal is meaningless on an identity policy; none other survives.
  assert.deepEqual(
    survivors.filter((id) => !id.startsWith('widen-principal')),
    [],
  );
});
