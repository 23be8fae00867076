/** Source provider and target region are data the synthesis reads, not constants. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pipeline } from '../../src/model/index.js';
import { synthesize } from '../../src/synth/index.js';
import { allowing, pipelineFrom, policy, strings } from './helpers.js';

const CONFIG = `version: 1
name: app
region: eu-west-1
accounts:
  tools: "111111111111"
  src: "222222222222"
  prod: "444444444444"
source: { account: src, repository: app, branch: main }
build: { commands: [make] }
stages:
  - name: prod
    targets:
      - { account: prod, stack: web, template: t.yaml }
      - { account: prod, stack: api, template: t.yaml }
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;

void test('the config source is the CodeCommit provider, and its module writes the Source action', () => {
  const pipeline = pipelineFrom(CONFIG);
  assert.equal(pipeline.source.provider, 'codecommit');
  const json = synthesize(pipeline).pipelineJson as {
    pipeline: { stages: { name: string; actions: { actionTypeId: { provider: string } }[] }[] };
  };
  const source = json.pipeline.stages.find((s) => s.name === 'Source')!;
  assert.deepEqual(
    source.actions.map((a) => a.actionTypeId.provider),
    ['CodeCommit'],
  );
});

void test('a target in another region: its deploy role names the stack in that region', () => {
  const base = pipelineFrom(CONFIG);
  const stage = base.stages[0];
  const pipeline: Pipeline = {
    ...base,
    stages: [
      {
        ...stage,
        targets: stage.targets.map((t) => (t.stack === 'api' ? { ...t, region: 'us-east-1' } : t)),
      },
    ],
  };
  const synth = synthesize(pipeline);
  const deploy = policy(synth, 'target-prod-deploy-role-permissions');
  const stacks = allowing(deploy, 'cloudformation:UpdateStack').flatMap((s) => strings(s.Resource));
  assert.deepEqual(stacks, [
    'arn:aws:cloudformation:eu-west-1:444444444444:stack/web/*',
    'arn:aws:cloudformation:us-east-1:444444444444:stack/api/*',
  ]);
  // crossline's own stacks stay in the pipeline region, but for the artifact store that the
  // action in us-east-1 needs there (docs/design.md §4, "Regions").
  assert.deepEqual(
    synth.plan.stacks.filter((s) => s.region !== 'eu-west-1').map((s) => [s.id, s.kind]),
    [['tools/app-artifacts-us-east-1', 'artifacts']],
  );
});
