// The bootstrap of OU accounts by a service-managed StackSet (docs/design.md §13): the members
// of a targeted OU get no target stack but one StackSet per outermost OU, whose template,
// with each member's id put in, is exactly the roles verify proves for that member.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { loadConfigFile } from '../../src/config/index.js';
import type { Pipeline } from '../../src/model/index.js';
import { synthesize, type SynthResult } from '../../src/synth/index.js';
import { createContext } from '../../src/synth/context.js';
import { targetStack } from '../../src/synth/stacks/target.js';
import { verifyAccess, buildAccessScript, topologyFromSynth } from '../../src/verify/index.js';
import { EU_OU, orgConfig, orgConfigDir, orgSnapshot, PROD_OU } from '../config/org-fixture.js';
import { requireTool } from '../support/tools.js';
import { example, resolveCfn } from './helpers.js';

const PROD = `{ ou: ${PROD_OU}, stack: app, template: t.yaml, exclude: [legacy] }`;

function load(targets: readonly string[], snapshot = orgSnapshot(4)): Pipeline {
  const dir = orgConfigDir(orgConfig(targets), snapshot);
  return loadConfigFile(join(dir, 'crossline.yml')).pipeline;
}

const SET = `my-app-bootstrap-${PROD_OU}`;
const PROD_IDS = ['500000000000', '500000000001', '500000000002', '500000000003'];

function stackSetTemplate(synth: SynthResult, name = SET): Record<string, unknown> {
  return JSON.parse(synth.files.get(`stacksets/${name}.template.json`)!) as Record<string, unknown>;
}

void test('OU members get one StackSet and no target stack; explicit accounts keep theirs', () => {
  const synth = synthesize(load([PROD, '{ account: tools, stack: app-tools, template: t.yaml }']));
  const sets = synth.plan.stackSets ?? [];
  assert.deepEqual(
    sets.map((s) => s.name),
    [SET],
  );
  const [set] = sets;
  // prod-eu2 (300000000000) is under the child OU eu; legacy (333333333333) is excluded.
  assert.deepEqual(set.accounts, ['300000000000', ...PROD_IDS]);
  assert.deepEqual(set.deploymentTargets, {
    OrganizationalUnitIds: [PROD_OU],
    AccountFilterType: 'DIFFERENCE',
    Accounts: ['333333333333'],
  });
  assert.deepEqual(set.autoDeployment, { Enabled: true, RetainStacksOnAccountRemoval: false });
  assert.equal(set.callAs, 'SELF', 'the tools account is the management account');
  assert.equal(set.account.id, '111111111111');
  assert.deepEqual(set.dependsOn, ['tools/my-app-artifacts']);
  assert.deepEqual(set.requiredBy, ['tools/my-app-pipeline']);
  const targets = synth.plan.stacks.filter((s) => s.kind === 'target').map((s) => s.id);
  assert.deepEqual(targets, ['tools/my-app-target'], 'only the explicit target has a stack');
  // The pipeline's actions into the members still assume their deploy roles.
  const roles = JSON.stringify(synth.pipelineJson);
  for (const id of PROD_IDS) assert.ok(roles.includes(`arn:aws:iam::${id}:role/my-app-deploy`));

  const request = JSON.parse(synth.files.get(`stacksets/${SET}.request.json`)!) as {
    createStackSet: Record<string, unknown>;
    createStackInstances: Record<string, unknown>;
  };
  assert.equal(request.createStackSet.PermissionModel, 'SERVICE_MANAGED');
  assert.deepEqual(request.createStackSet.Capabilities, ['CAPABILITY_NAMED_IAM']);
  assert.deepEqual(request.createStackSet.AutoDeployment, set.autoDeployment);
  assert.deepEqual(request.createStackInstances.DeploymentTargets, set.deploymentTargets);
  assert.deepEqual(request.createStackInstances.Regions, ['us-east-1']);
  assert.deepEqual(request.createStackInstances.OperationPreferences, {
    MaxConcurrentPercentage: 25,
    FailureToleranceCount: 0,
    RegionConcurrencyType: 'SEQUENTIAL',
    ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
  });
  assert.ok(synth.plan.notes.some((n) => n.startsWith(`StackSet ${SET} (service-managed`)));
});

void test('the StackSet template with a member id put in is that member’s roles, as verify proves them', () => {
  const pipeline = load([PROD]);
  const synth = synthesize(pipeline);
  const template = stackSetTemplate(synth);
  const text = JSON.stringify(template);
  for (const id of [...PROD_IDS, '300000000000', '111111111111'])
    assert.ok(!text.includes(id) || id === '111111111111', `${id} is not written in`);
  const ctx = createContext(pipeline);
  const key = synth.plan.placeholders[0].text;
  const bucket = ctx.names.bucket;
  const members = synth.plan.stackSets![0].accounts;
  for (const id of members) {
    const account = pipeline.accounts.find((a) => a.id === id)!;
    const values = { 'AWS::AccountId': id, ArtifactKeyArn: key, ArtifactBucketName: bucket };
    const resources = resolveCfn(template.Resources, values) as Record<
      string,
      { Properties: Record<string, unknown> }
    >;
    const doc = (name: string) => synth.policies.find((p) => p.name === name)!;
    for (const [logicalId, role] of [
      ['DeployRole', 'deploy-role'],
      ['ExecutionRole', 'exec-role'],
    ] as const) {
      const p = resources[logicalId].Properties;
      const entry = `target-${account.alias}-${role}`;
      assert.deepEqual(p.AssumeRolePolicyDocument, doc(`${entry}-trust`).document, entry);
      const inline = (p.Policies as { PolicyDocument: unknown }[] | undefined)?.[0];
      const permissions = doc(`${entry}-permissions`);
      if (permissions.document.Statement.length > 0)
        assert.deepEqual(inline?.PolicyDocument, permissions.document, entry);
      assert.deepEqual(p.ManagedPolicyArns ?? [], permissions.managedPolicies ?? [], entry);
    }
    // And the same resources as the member's own target stack would have.
    const own = targetStack(ctx, account).template as { Resources: unknown };
    assert.deepEqual(resources, resolveCfn(own.Resources, values), id);
  }
  // verify proves the members' roles (the same documents) as before.
  const result = verifyAccess(
    buildAccessScript(topologyFromSynth(pipeline, synth)),
    synth.policies,
  );
  assert.deepEqual(
    result.rows.filter((r) => !r.ok).map((r) => r.step),
    [],
  );
  assert.ok(
    result.rows.some((r) => r.step.startsWith('deploy.') && r.principal.includes(members[0])),
  );
});

void test('a member whose roles differ keeps its own target stack and is left out of the StackSet', () => {
  // Accounts of the child OU eu also deploy app-eu: their deploy role differs from prod's.
  const synth = synthesize(load([PROD, `{ ou: ${EU_OU}, stack: app-eu, template: t.yaml }`]));
  const [set] = synth.plan.stackSets!;
  assert.deepEqual(set.accounts, PROD_IDS);
  assert.deepEqual(set.deploymentTargets.Accounts, ['300000000000', '333333333333']);
  const own = synth.plan.stacks.filter((s) => s.kind === 'target').map((s) => s.account.id);
  assert.deepEqual(own.sort(), ['300000000000', '333333333333']);
  // The StackSet removes a stale instance before those stacks create the same role names.
  assert.deepEqual(
    [...set.requiredBy].sort(),
    ['legacy/my-app-target', 'prod-eu2/my-app-target', 'tools/my-app-pipeline'].sort(),
  );
  assert.ok(synth.plan.notes.some((n) => n.includes('keep their own my-app-target stack')));
});

void test('accounts a tag or account target names keep their own stacks', () => {
  const synth = synthesize(
    load([
      `{ ou: ${PROD_OU}, stack: app, template: t.yaml }`,
      '{ tag: { env: prod }, stack: tagged, template: t.yaml }',
    ]),
  );
  // Every prod account carries env=prod: none is reached by the OU only.
  const sets = synth.plan.stackSets ?? [];
  assert.deepEqual(
    sets.flatMap((s) => s.accounts),
    ['300000000000', '333333333333'],
  );
});

void test('from a delegated administrator the StackSet calls are made as DELEGATED_ADMIN', () => {
  const snapshot = orgSnapshot(4);
  const synth = synthesize(
    load([PROD], {
      ...snapshot,
      organization: { ...snapshot.organization, managementAccount: '999999999999' },
    }),
  );
  const [set] = synth.plan.stackSets!;
  assert.equal(set.callAs, 'DELEGATED_ADMIN');
  assert.equal(set.account.alias, 'tools');
});

void test('without targets by OU, plan.json has no StackSets and there is no stacksets/ file', () => {
  const { synth } = example('four');
  assert.equal(synth.plan.stackSets, undefined);
  assert.equal(
    [...synth.files.keys()].some((f) => f.startsWith('stacksets/')),
    false,
  );
});

void test('cfn-lint: no errors in the StackSet template', (t) => {
  if (!requireTool(t, 'cfn-lint')) return;
  const synth = synthesize(load([PROD]));
  const dir = mkdtempSync(join(tmpdir(), 'crossline-stackset-'));
  try {
    const file = join(dir, 'set.template.json');
    writeFileSync(file, synth.files.get(`stacksets/${SET}.template.json`)!);
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', file], { encoding: 'utf8' });
    assert.ok(run.status !== null, run.error?.message);
    const errors = run.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l));
    assert.deepEqual(errors, []);
    assert.equal((run.status ?? 0) & 2, 0, run.stderr);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
