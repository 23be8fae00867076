// targets[].after (docs/design.md §2): stacks of one stage deploy in the order they name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import { synthesize } from '../../src/synth/index.js';
import { pipelineFrom } from './helpers.js';

interface Action {
  name: string;
  runOrder: number;
  actionTypeId: { category: string };
  configuration: Record<string, string>;
}
const stage = (s: ReturnType<typeof synthesize>, name: string): Action[] =>
  (
    s.pipelineJson as unknown as { pipeline: { stages: { name: string; actions: Action[] }[] } }
  ).pipeline.stages.find((x) => x.name === name)!.actions;
const order = (actions: Action[], mode = 'CREATE_UPDATE'): Record<string, number> =>
  Object.fromEntries(
    actions
      .filter((a) => a.configuration.ActionMode === mode)
      .map((a) => [a.configuration.StackName, a.runOrder]),
  );

const config = (approval: boolean): string => `version: 1
name: ordered
region: eu-west-1
accounts: { tools: "111111111111", app: "333333333333", data: "555555555555" }
source: { account: tools, repository: ordered, branch: main }
build: { commands: [make] }
stages:
  - name: dev
    approval: ${approval}
    targets:
      - { account: app, stack: api, template: t.yaml, after: [network, db] }
      - { account: data, stack: db, template: t.yaml, after: [network] }
      - { account: app, stack: network, template: t.yaml }
      - { account: app, stack: web, template: t.yaml }
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;

void test('after: each stack runs after the stacks it names; the rest run first', () => {
  const dev = stage(synthesize(pipelineFrom(config(false))), 'dev');
  assert.deepEqual(order(dev), { network: 1, web: 1, db: 2, api: 3 });
});

void test('after with an approval: the deploys follow the approval in their order', () => {
  const dev = stage(synthesize(pipelineFrom(config(true))), 'dev');
  const approval = dev.find((a) => a.actionTypeId.category === 'Approval')!;
  assert.equal(approval.runOrder, 1);
  assert.deepEqual(order(dev), { network: 2, web: 2, db: 3, api: 4 });
});

void test('after in a change-set stage orders the executes; every change set is prepared before the review', () => {
  const s = synthesize(loadConfigFile('examples/release-flow.yml').pipeline);
  const prod = stage(s, 'prod');
  assert.deepEqual(order(prod, 'CHANGE_SET_REPLACE'), { 'shop-data': 1, 'shop-prod': 1 });
  assert.deepEqual(order(prod, 'CHANGE_SET_EXECUTE'), { 'shop-data': 3, 'shop-prod': 4 });
  assert.equal(prod.find((a) => a.actionTypeId.category === 'Approval')!.runOrder, 2);
});

void test('after with a stack in several regions: the same region when the stack is there, else every region', () => {
  const s = synthesize(
    pipelineFrom(`version: 1
name: ordered
region: eu-west-1
accounts: { tools: "111111111111", app: "333333333333" }
source: { account: tools, repository: ordered, branch: main }
build: { commands: [make] }
stages:
  - name: dev
    targets:
      - { account: app, stack: cache, template: t.yaml, region: us-east-1 }
      - { account: app, stack: network, template: t.yaml }
      - { account: app, stack: network, template: t.yaml, region: us-east-1, after: [cache] }
      - { account: app, stack: api, template: t.yaml, after: [network] }
      - { account: app, stack: api, template: t.yaml, region: us-east-1, after: [network] }
      - { account: app, stack: dns, template: t.yaml }
      - { account: app, stack: web, template: t.yaml, region: us-east-1, after: [dns] }
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`),
  );
  const runOrders = Object.fromEntries(
    (stage(s, 'dev') as (Action & { region?: string })[]).map((a) => [
      `${a.configuration.StackName}@${a.region ?? 'eu-west-1'}`,
      a.runOrder,
    ]),
  );
  assert.deepEqual(runOrders, {
    'cache@us-east-1': 1,
    'network@eu-west-1': 1,
    'dns@eu-west-1': 1,
    // network in us-east-1 waits for cache; api in eu-west-1 does not wait for it.
    'network@us-east-1': 2,
    'api@eu-west-1': 2,
    'api@us-east-1': 3,
    // dns is deployed in eu-west-1 only: web in us-east-1 waits for it there.
    'web@us-east-1': 2,
  });
});
