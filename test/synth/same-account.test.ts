/** Same-account configurations: correct, and without needless cross-account parts. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { synthesize } from '../../src/synth/index.js';
import { allowing, awsPrincipals, condition, list, pipelineFrom, policy } from './helpers.js';

const TOOLS = '111111111111';

function config(opts: { source: string; targets: string[] }): string {
  return `version: 1
name: solo
region: eu-central-1
accounts:
  tools: "${TOOLS}"
  src: "222222222222"
  staging: "333333333333"
source: { account: ${opts.source}, repository: solo, branch: main }
build: { commands: [make] }
stages:
  - name: deploy
    targets:
${opts.targets.map((a) => `      - { account: ${a}, stack: solo-${a}, template: t.yaml }`).join('\n')}
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;
}

const resourcesOf = (t: unknown) =>
  Object.values((t as { Resources: Record<string, { Type: string }> }).Resources).map(
    (r) => r.Type,
  );

void test('tools = source: no forwarding rule, forward role or bus policy; key and bucket name no source grant', () => {
  const synth = synthesize(pipelineFrom(config({ source: 'tools', targets: ['staging'] })));
  const source = synth.plan.stacks.find((s) => s.kind === 'source')!;
  assert.equal(source.id, 'tools/solo-source');
  assert.equal(source.account.id, TOOLS);
  const types = resourcesOf(synth.templates[source.id]);
  assert.deepEqual(types, ['AWS::IAM::Role'], 'only the source role');
  assert.ok(
    !resourcesOf(synth.templates['tools/solo-artifacts']).includes('AWS::Events::EventBusPolicy'),
  );
  assert.ok(!synth.policies.some((e) => e.kind === 'bus' || e.name.startsWith('forward-role')));
  const sourceRole = `arn:aws:iam::${TOOLS}:role/solo-source`;
  for (const name of ['artifact-key', 'artifact-bucket']) {
    const doc = JSON.stringify(policy(synth, name).document);
    assert.ok(
      !doc.includes(sourceRole),
      `${name} does not name the source role (same account: IAM is enough)`,
    );
  }
  // The source role still gets what it needs from its own policy, and is still pinned to the pipeline role.
  const perms = policy(synth, 'source-role-permissions');
  assert.ok(
    allowing(perms, 's3:PutObject', `arn:aws:s3:::solo-artifacts-${TOOLS}-eu-central-1/x`)
      .length === 1,
  );
  assert.ok(allowing(perms, 'kms:GenerateDataKey').length === 1);
  const trust = policy(synth, 'source-role-trust').document.Statement[0];
  assert.deepEqual(condition(trust, 'ArnEquals', 'aws:PrincipalArn'), [
    `arn:aws:iam::${TOOLS}:role/solo-pipeline`,
  ]);
  // The start rule matches the tools account's own CodeCommit events.
  const pipe = synth.templates['tools/solo-pipeline'] as {
    Resources: { StartRule: { Properties: { EventPattern: { account: string[] } } } };
  };
  assert.deepEqual(pipe.Resources.StartRule.Properties.EventPattern.account, [TOOLS]);
  assert.ok(
    synth.plan.notes.some(
      (n) => /repository is in the tools account/.test(n) && /no forwarding rule/.test(n),
    ),
  );
});

void test('a target in the tools account: its deploy role gets artifacts through IAM, not the key or bucket policy', () => {
  const synth = synthesize(pipelineFrom(config({ source: 'src', targets: ['tools', 'staging'] })));
  const ids = synth.plan.stacks.map((s) => s.id);
  assert.deepEqual(ids, [
    'tools/solo-artifacts',
    'src/solo-source',
    'tools/solo-target',
    'staging/solo-target',
    'tools/solo-pipeline',
  ]);
  const toolsDeploy = `arn:aws:iam::${TOOLS}:role/solo-deploy`;
  const stagingDeploy = 'arn:aws:iam::333333333333:role/solo-deploy';
  for (const name of ['artifact-key', 'artifact-bucket']) {
    const e = policy(synth, name);
    const pinned = e.document.Statement.flatMap((s) =>
      condition(s, 'ArnEquals', 'aws:PrincipalArn'),
    );
    assert.ok(!pinned.includes(toolsDeploy), `${name} does not name the tools deploy role`);
    assert.ok(pinned.includes(stagingDeploy), `${name} names the staging deploy role`);
    assert.ok(
      !e.document.Statement.filter(
        (s) => s.Effect === 'Allow' && s.Sid !== 'ToolsAccountAdministersKey',
      ).some((s) => awsPrincipals(s).includes(`arn:aws:iam::${TOOLS}:root`)),
    );
  }
  const perms = synth.policies.find((e) => e.kind === 'identity' && e.attachedTo === toolsDeploy)!;
  assert.ok(
    allowing(perms, 's3:GetObject', `arn:aws:s3:::solo-artifacts-${TOOLS}-eu-central-1/x`)
      .length === 1,
  );
  assert.ok(allowing(perms, 'kms:Decrypt').length === 1);
  // The pipeline role still assumes the tools deploy role by its exact ARN.
  const assume = allowing(policy(synth, 'pipeline-role-permissions'), 'sts:AssumeRole').flatMap(
    (s) => list(s.Resource),
  );
  assert.ok(assume.includes(toolsDeploy) && assume.includes(stagingDeploy));
  assert.ok(synth.plan.notes.some((n) => /target account tools is the tools account/.test(n)));
});

void test('everything in one account: a complete pipeline with no cross-account grant at all', () => {
  const synth = synthesize(pipelineFrom(config({ source: 'tools', targets: ['tools'] })));
  assert.deepEqual(
    synth.plan.stacks.map((s) => s.id),
    ['tools/solo-artifacts', 'tools/solo-source', 'tools/solo-target', 'tools/solo-pipeline'],
  );
  assert.deepEqual(
    policy(synth, 'artifact-key').document.Statement.map((s) => s.Sid),
    ['ToolsAccountAdministersKey'],
  );
  assert.deepEqual(
    policy(synth, 'artifact-bucket').document.Statement.map((s) => s.Effect),
    ['Deny', 'Deny'],
    'only the TLS and SSE-KMS denies: same-account roles are allowed by IAM',
  );
  const decl = synth.pipelineJson.pipeline as {
    stages: { name: string; actions: { roleArn?: string }[] }[];
  };
  assert.deepEqual(
    decl.stages.map((s) => s.name),
    ['Source', 'Build', 'deploy'],
  );
  assert.equal(decl.stages[2].actions[0].roleArn, `arn:aws:iam::${TOOLS}:role/solo-deploy`);
});
