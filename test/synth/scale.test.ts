/** Waves past 50 actions per stage, and policy layouts that stay under AWS's size limits. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isCrosslineError } from '../../src/errors/index.js';
import type { Pipeline, Stage } from '../../src/model/index.js';
import {
  MAX_ACTIONS_PER_STAGE,
  POLICY_LIMITS,
  policySize,
  synthesize,
} from '../../src/synth/index.js';
import { condition, example, list, pipelineFrom, policy } from './helpers.js';

interface Decl {
  stages: {
    name: string;
    actions: {
      name: string;
      actionTypeId: { provider: string };
      runOrder: number;
      roleArn?: string;
    }[];
  }[];
}

/** The 50-target example with every target in one stage behind an approval: 51 actions. */
function oneStage(p: Pipeline, approval: boolean): Pipeline {
  const stage: Stage = { name: 'fleet', approval, targets: p.stages.flatMap((s) => s.targets) };
  return { ...p, stages: [stage] };
}

void test('the 50-target example synthesizes with its three stages as they are', () => {
  const { synth } = example('fifty');
  const decl = synth.pipelineJson.pipeline as Decl;
  assert.deepEqual(
    decl.stages.map((s) => s.name),
    ['Source', 'Build', 'dev', 'staging', 'prod'],
  );
  assert.equal(decl.stages[4].actions.length, 26, 'prod: approval + 25 deploys');
  assert.ok(!synth.plan.notes.some((n) => /waves/.test(n)));
});

void test('waves: 50 targets behind an approval (51 actions) split into fleet-1 and fleet-2, said in the notes', () => {
  const base = example('fifty').pipeline;
  const synth = synthesize(oneStage(base, true));
  const decl = synth.pipelineJson.pipeline as Decl;
  assert.deepEqual(
    decl.stages.map((s) => s.name),
    ['Source', 'Build', 'fleet-1', 'fleet-2'],
  );
  for (const s of decl.stages)
    assert.ok(
      s.actions.length <= MAX_ACTIONS_PER_STAGE,
      `${s.name} has ${s.actions.length} actions`,
    );
  const [w1, w2] = [decl.stages[2], decl.stages[3]];
  assert.equal(w1.actions[0].actionTypeId.provider, 'Manual', 'the approval gates the first wave');
  assert.ok(w1.actions.slice(1).every((a) => a.runOrder === 2));
  assert.ok(!w2.actions.some((a) => a.actionTypeId.provider === 'Manual'));
  const deployed = [...w1.actions, ...w2.actions]
    .filter((a) => a.actionTypeId.provider === 'CloudFormation')
    .map((a) => a.roleArn);
  assert.equal(deployed.length, 50);
  assert.equal(new Set(deployed).size, 50, 'every target deployed once');
  assert.ok(
    synth.plan.notes.some(
      (n) => /stage fleet has 50 deploy actions and an approval/.test(n) && /2 waves/.test(n),
    ),
  );
  // The CloudFormation template has the same stages.
  const tpl = synth.templates['tools/fleet-pipeline'] as {
    Resources: { Pipeline: { Properties: { Stages: { Name: string }[] } } };
  };
  assert.deepEqual(
    tpl.Resources.Pipeline.Properties.Stages.map((s) => s.Name),
    decl.stages.map((s) => s.name),
  );
});

void test('waves without approval: 120 deploys run as 50 + 50 + 20', () => {
  const many = manyTargets(120);
  const synth = synthesize(many);
  const decl = synth.pipelineJson.pipeline as Decl;
  assert.deepEqual(
    decl.stages.slice(2).map((s) => [s.name, s.actions.length]),
    [
      ['wide-1', 50],
      ['wide-2', 50],
      ['wide-3', 20],
    ],
  );
});

void test('300 targets: the bucket policy groups principals, the pipeline role splits into managed policies, all under the limits', () => {
  const synth = synthesize(manyTargets(300));
  const bucket = policy(synth, 'artifact-bucket');
  assert.ok(policySize(bucket.document) <= POLICY_LIMITS.bucket);
  const reader = bucket.document.Statement.find((s) => s.Sid === 'DeployRolesReadArtifacts')!;
  assert.equal(
    list((reader.Principal as { AWS: string[] }).AWS).length,
    300,
    'one root per target account',
  );
  assert.deepEqual(condition(reader, 'ArnLike', 'aws:PrincipalArn'), [
    'arn:aws:iam::*:role/wide-deploy',
  ]);
  const key = policy(synth, 'artifact-key');
  assert.ok(policySize(key.document) <= POLICY_LIMITS.key);
  assert.equal(
    condition(
      key.document.Statement.find((s) => s.Sid === 'DeployRolesDecryptArtifacts')!,
      'ArnEquals',
      'aws:PrincipalArn',
    ).length,
    300,
    'the key policy still fits the exact role list',
  );

  const parts = synth.policies.filter((e) => e.name.startsWith('pipeline-role-permissions-'));
  assert.ok(parts.length >= 2, 'split into customer managed policies');
  for (const e of parts)
    assert.ok(policySize(e.document) <= POLICY_LIMITS.managed, `${e.name} fits 6,144`);
  const assumed = parts.flatMap((e) =>
    e.document.Statement.filter((s) => list(s.Action).includes('sts:AssumeRole')).flatMap((s) =>
      list(s.Resource),
    ),
  );
  assert.equal(assumed.length, 301, 'the source role and all 300 deploy roles, each by exact ARN');
  const tpl = synth.templates['tools/wide-pipeline'] as {
    Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
  };
  const managed = Object.entries(tpl.Resources).filter(
    ([, r]) => r.Type === 'AWS::IAM::ManagedPolicy',
  );
  assert.equal(managed.length, parts.length);
  assert.deepEqual(
    tpl.Resources.PipelineRole.Properties.ManagedPolicyArns,
    managed.map(([id]) => ({ Ref: id })),
  );
  assert.equal(tpl.Resources.PipelineRole.Properties.Policies, undefined);
  for (const e of synth.policies.filter((x) => x.kind === 'trust'))
    assert.ok(policySize(e.document) <= POLICY_LIMITS.trust);
  assert.ok(synth.plan.notes.some((n) => /bucket policy names 300 target accounts/.test(n)));
  assert.ok(synth.plan.notes.some((n) => /split into \d+ customer managed policies/.test(n)));
  assert.ok(
    synth.plan.notes.some((n) => /uploads it to S3/.test(n)),
    'the large pipeline template is flagged for TemplateURL',
  );
});

void test('where no layout fits, synthesis fails with a clear PolicyTooLarge error', () => {
  assert.throws(
    () => synthesize(manyTargets(700)),
    (e: unknown) =>
      isCrosslineError(e) &&
      e.code === 'PolicyTooLarge' &&
      /artifact bucket policy/.test(e.message) &&
      /target these accounts by OU/.test(e.hint ?? ''),
  );
});

function manyTargets(n: number): Pipeline {
  const ids = Array.from({ length: n }, (_, i) => `t${String(i + 1).padStart(4, '0')}`);
  const yaml = `version: 1
name: wide
region: us-west-2
accounts:
  tools: "100000000001"
  source: "100000000002"
${ids.map((a, i) => `  ${a}: "${String(300000000000 + i)}"`).join('\n')}
source: { account: source, repository: wide, branch: main }
build: { commands: [make] }
stages:
  - name: wide
    targets:
${ids.map((a) => `      - { account: ${a}, stack: wide-app, template: t.yaml }`).join('\n')}
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;
  return pipelineFrom(yaml);
}
