// mode: change-set (docs/design.md §2): a change set per target, the approval, then execute;
// change-set rights only for the deploy roles of change-set stages, proven by access rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { changeSetName } from '../../src/synth/release/change-set.js';
import { createContext } from '../../src/synth/context.js';
import { buildAccessScript, topologyFromSynth, verifyAccess } from '../../src/verify/index.js';
import { releaseChangeSetName } from '../../src/verify/release/change-set.js';
import { mutants, runMutant } from '../verify/mutate.js';
import { allowing, pipelineFrom, policy } from './helpers.js';

const RELEASE = loadConfigFile('examples/release-flow.yml').pipeline;
const synth = synthesize(RELEASE);

interface Action {
  name: string;
  runOrder: number;
  roleArn?: string;
  actionTypeId: { category: string; provider: string };
  configuration: Record<string, string>;
  inputArtifacts: { name: string }[];
}
const stages = (s = synth): { name: string; actions: Action[] }[] =>
  (s.pipelineJson as unknown as { pipeline: { stages: { name: string; actions: Action[] }[] } })
    .pipeline.stages;
const stageNamed = (name: string, s = synth): Action[] =>
  stages(s).find((x) => x.name === name)!.actions;

void test('a change-set stage: every replace, then the approval, then every execute', () => {
  const prod = stageNamed('prod');
  const replaces = prod.filter((a) => a.configuration.ActionMode === 'CHANGE_SET_REPLACE');
  const executes = prod.filter((a) => a.configuration.ActionMode === 'CHANGE_SET_EXECUTE');
  const approvals = prod.filter((a) => a.actionTypeId.category === 'Approval');
  assert.deepEqual(
    replaces.map((a) => a.configuration.StackName),
    ['shop-data', 'shop-prod'],
  );
  assert.deepEqual(
    executes.map((a) => a.configuration.StackName),
    ['shop-data', 'shop-prod'],
  );
  assert.equal(approvals.length, 1);
  const approval = approvals[0];
  for (const r of replaces) assert.ok(r.runOrder < approval.runOrder, `${r.name} before approval`);
  for (const e of executes) assert.ok(e.runOrder > approval.runOrder, `${e.name} after approval`);
  // No action of the stage deploys directly.
  assert.equal(prod.filter((a) => a.configuration.ActionMode === 'CREATE_UPDATE').length, 0);
  // Replace carries the template and execution role; execute only names the change set.
  const name = changeSetName(createContext(RELEASE));
  for (const r of replaces) {
    assert.equal(r.configuration.ChangeSetName, name);
    assert.match(r.configuration.TemplatePath, /^BuildOutput::/);
    assert.match(r.configuration.RoleArn, /:444444444444:role\/shop-cfn-exec$/);
    assert.match(r.roleArn ?? '', /:444444444444:role\/shop-deploy$/);
  }
  for (const e of executes) {
    assert.equal(e.configuration.ChangeSetName, name);
    assert.deepEqual(e.inputArtifacts, []);
    assert.equal(e.configuration.TemplatePath, undefined);
  }
  // The staging stage keeps deploying directly.
  assert.deepEqual(
    stageNamed('staging')
      .filter((a) => a.actionTypeId.category === 'Deploy')
      .map((a) => a.configuration.ActionMode),
    ['CREATE_UPDATE'],
  );
});

void test('the approval names each change set with its account and console link', () => {
  const approval = stageNamed('prod').find((a) => a.actionTypeId.category === 'Approval')!;
  const data = approval.configuration.CustomData;
  assert.ok(data.length <= 1000, 'CustomData fits the 1000-character limit');
  for (const stack of ['shop-data', 'shop-prod']) {
    const line = data.split('\n').find((l) => l.startsWith(`${stack} `));
    assert.ok(line, `a line for ${stack}`);
    assert.match(line, /444444444444/);
    assert.match(line, /change set shop-release/);
    assert.match(
      line,
      new RegExp(
        `https://eu-west-1\\.console\\.aws\\.amazon\\.com/cloudformation/home\\?region=eu-west-1#/stacks/changesets/changes\\?stackId=${stack}&changeSetId=shop-release`,
      ),
    );
  }
  assert.match(
    approval.configuration.ExternalEntityLink,
    /stackId=shop-data&changeSetId=shop-release$/,
  );
});

void test('approval: false in a change-set stage executes right after the replace', () => {
  const yaml = `version: 1
name: solo
region: eu-west-1
accounts: { tools: "111111111111", prod: "444444444444" }
source: { account: tools, repository: solo, branch: main }
build: { commands: [make] }
stages:
  - { name: prod, mode: change-set, approval: false, targets: [{ account: prod, stack: solo-prod, template: t.yaml }] }
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;
  const s = synthesize(pipelineFrom(yaml));
  const prod = stageNamed('prod', s);
  assert.deepEqual(
    prod.map((a) => [a.configuration.ActionMode ?? a.actionTypeId.category, a.runOrder]),
    [
      ['CHANGE_SET_REPLACE', 1],
      ['CHANGE_SET_EXECUTE', 2],
    ],
  );
});

void test('CustomData of a stage with many targets stays within 1000 characters and counts the rest', () => {
  const accounts = Array.from({ length: 24 }, (_, i) => `  p${i}: "${String(500000000000 + i)}"`);
  const targets = accounts.map(
    (_, i) =>
      `      - { account: p${i}, stack: stack-with-a-rather-long-name-${i}, template: t.yaml }`,
  );
  const yaml = `version: 1
name: wide
region: eu-west-1
accounts:
  tools: "111111111111"
${accounts.join('\n')}
source: { account: tools, repository: wide, branch: main }
build: { commands: [make] }
stages:
  - name: prod
    mode: change-set
    targets:
${targets.join('\n')}
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;
  const s = synthesize(pipelineFrom(yaml));
  const prod = stageNamed('prod', s);
  assert.equal(prod.length, 24 * 2 + 1);
  const data = prod.find((a) => a.actionTypeId.category === 'Approval')!.configuration.CustomData;
  assert.ok(data.length <= 1000, `CustomData is ${data.length} characters`);
  const listed = data.split('\n').filter((l) => l.startsWith('stack-with')).length;
  const more = /… and (\d+) more/.exec(data);
  assert.ok(more, 'the cut says how many change sets it leaves out');
  assert.equal(listed + Number(more[1]), 24);
});

void test('change-set rights only for the deploy roles of change-set stages', () => {
  const prod = policy(synth, 'target-prod-deploy-role-permissions');
  const staging = policy(synth, 'target-staging-deploy-role-permissions');
  for (const action of [
    'cloudformation:CreateChangeSet',
    'cloudformation:DescribeChangeSet',
    'cloudformation:ExecuteChangeSet',
    'cloudformation:DeleteChangeSet',
  ]) {
    const grants = allowing(prod, action);
    assert.equal(grants.length, 1, `prod deploy role: ${action}`);
    assert.deepEqual(grants[0].Resource, [
      'arn:aws:cloudformation:eu-west-1:444444444444:stack/shop-data/*',
      'arn:aws:cloudformation:eu-west-1:444444444444:stack/shop-prod/*',
    ]);
    assert.deepEqual(grants[0].Condition, {
      StringEqualsIfExists: { 'cloudformation:ChangeSetName': 'shop-release' },
    });
    assert.deepEqual(allowing(staging, action), [], `staging deploy role: no ${action}`);
  }
  // The reviewed stacks cannot be updated around the change set; staging keeps its grant.
  assert.deepEqual(allowing(prod, 'cloudformation:UpdateStack'), []);
  assert.deepEqual(allowing(prod, 'cloudformation:CreateStack'), []);
  assert.equal(allowing(staging, 'cloudformation:UpdateStack').length, 1);
});

void test('an account with stacks in both modes gets each grant on its own stacks', () => {
  const yaml = `version: 1
name: mixed
region: eu-west-1
accounts: { tools: "111111111111", app: "333333333333" }
source: { account: tools, repository: mixed, branch: main }
build: { commands: [make] }
stages:
  - { name: dev, targets: [{ account: app, stack: mixed-dev, template: t.yaml }] }
  - { name: prod, mode: change-set, targets: [{ account: app, stack: mixed-prod, template: t.yaml }] }
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;
  const pipeline = pipelineFrom(yaml);
  const s = synthesize(pipeline);
  const role = policy(s, 'target-app-deploy-role-permissions');
  const dev = 'arn:aws:cloudformation:eu-west-1:333333333333:stack/mixed-dev/x';
  const prod = 'arn:aws:cloudformation:eu-west-1:333333333333:stack/mixed-prod/x';
  assert.equal(allowing(role, 'cloudformation:UpdateStack', dev).length, 1);
  assert.deepEqual(allowing(role, 'cloudformation:UpdateStack', prod), []);
  assert.equal(allowing(role, 'cloudformation:ExecuteChangeSet', prod).length, 1);
  assert.deepEqual(allowing(role, 'cloudformation:ExecuteChangeSet', dev), []);
  const result = verifyAccess(buildAccessScript(topologyFromSynth(pipeline, s)), s.policies);
  assert.ok(
    result.ok,
    result.rows
      .filter((r) => !r.ok)
      .map((r) => `${r.step} ${r.action}`)
      .join('\n'),
  );
});

void test('verify: change-set rows pass, and the mode negatives exist for both modes', () => {
  const script = buildAccessScript(topologyFromSynth(RELEASE, synth));
  const result = verifyAccess(script, synth.policies);
  assert.ok(
    result.ok,
    result.rows
      .filter((r) => !r.ok)
      .map((r) => `${r.step} ${r.action}`)
      .join('\n'),
  );
  const row = (expect: string, step: string, action: string): void =>
    assert.ok(
      script.rows.some((r) => r.expect === expect && r.step === step && r.action === action),
      `${expect} ${step} ${action}`,
    );
  row('allow', 'deploy.prod/shop-prod.stack', 'cloudformation:ExecuteChangeSet');
  row('allow', 'deploy.prod/shop-prod.stack', 'cloudformation:CreateChangeSet');
  row('deny', 'negative.staging.mode', 'cloudformation:ExecuteChangeSet');
  row('deny', 'negative.prod/shop-prod.mode', 'cloudformation:UpdateStack');
  row('deny', 'negative.prod/shop-prod.mode', 'cloudformation:ExecuteChangeSet');
  // The script and synthesis name the same change set.
  assert.equal(releaseChangeSetName(RELEASE.name), changeSetName(createContext(RELEASE)));
});

void test('mutations of the change-set grant are caught by the rows', () => {
  const script = buildAccessScript(topologyFromSynth(RELEASE, synth));
  const baseline = verifyAccess(script, synth.policies);
  const ours = mutants(synth.policies).filter((m) =>
    m.id.includes('/ReviewTargetStacksByChangeSet'),
  );
  assert.ok(ours.length >= 5);
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
