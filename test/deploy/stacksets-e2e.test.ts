/**
 * The bootstrap of OU accounts by a service-managed StackSet (docs/design.md §13), end to end
 * against moto through the CLI, with a recording proxy in front of moto so the requests
 * crossline sends can be checked field by field (moto keeps PermissionModel but not
 * AutoDeployment, and ignores OperationPreferences and AccountFilterType):
 *
 *   organization in moto (management = tools 111111111111, OU prod with 2 accounts)
 *   ─▶ crossline deploy without trusted access ─▶ refused, exit 1, nothing deployed
 *   ─▶ enable-aws-service-access; prod-a still has the per-account `ou-app-target` stack of an
 *      earlier crossline (the same role names) ─▶ deploy ─▶ that stack deleted (DELETE_COMPLETE)
 *      ─▶ StackSet + instances (roles in the members)
 *   ─▶ deploy again ─▶ no StackSets call that changes anything
 *   ─▶ a StackSet of the pipeline for an OU the config no longer has ─▶ deploy keeps it, reports it
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import {
  CloudFormationClient,
  CreateStackCommand,
  CreateStackSetCommand,
  DescribeStackSetCommand,
  DescribeStacksCommand,
  ListStackInstancesCommand,
} from '@aws-sdk/client-cloudformation';
import { IAMClient, ListRolesCommand } from '@aws-sdk/client-iam';
import {
  CreateAccountCommand,
  CreateOrganizationalUnitCommand,
  CreateOrganizationCommand,
  EnableAWSServiceAccessCommand,
  ListRootsCommand,
  MoveAccountCommand,
  OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@smithy/types';
import {
  createOrganizationsReadApi,
  organizationsSession,
} from '../../src/aws/organizations-api.js';
import { readOrganization, snapshotJson } from '../../src/ops/org/index.js';
import { awsTestEnv } from '../support/aws-env.js';
import { crossline } from '../support/cli.js';
import { startFaultProxy, type FaultProxy, type ProxiedRequest } from '../support/fault-proxy.js';
import { motoReady, startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';

const TOOLS = '111111111111';
const SERVICE = 'member.org.stacksets.cloudformation.amazonaws.com';
let moto: MotoServer | undefined;
let proxy: FaultProxy | undefined;
let env: Record<string, string> = {};
const seen: ProxiedRequest[] = [];
const made = { ou: '', members: [] as string[], names: new Map<string, string>() };
const dir = mkdtempSync(join(tmpdir(), 'crossline-stacksets-'));
const config = join(dir, 'crossline.yml');
const base = [
  '-c',
  config,
  '-o',
  join(dir, 'out'),
  '--assume-role',
  'OrganizationAccountAccessRole',
];

async function credentialsOf(account: string): Promise<AwsCredentialIdentity> {
  const sts = new STSClient({
    region: 'us-east-1',
    endpoint: moto!.endpoint,
    credentials: TEST_CREDENTIALS,
  });
  const c = (
    await sts.send(
      new AssumeRoleCommand({
        RoleArn: `arn:aws:iam::${account}:role/OrganizationAccountAccessRole`,
        RoleSessionName: 'stacksets-test',
      }),
    )
  ).Credentials!;
  return {
    accessKeyId: c.AccessKeyId!,
    secretAccessKey: c.SecretAccessKey!,
    sessionToken: c.SessionToken!,
  };
}

const client = async <T>(Make: new (c: object) => T, account: string): Promise<T> =>
  new Make({
    region: 'us-east-1',
    endpoint: moto!.endpoint,
    credentials: await credentialsOf(account),
  });

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  moto = await startMoto();
  proxy = await startFaultProxy({ target: moto.endpoint });
  // Never faults: only records every request it forwards.
  proxy.addRule({
    match: (r) => {
      seen.push(r);
      return false;
    },
    fault: { kind: 'server-error' },
  });
  env = awsTestEnv(proxy.endpoint);
  const org = await client(OrganizationsClient, TOOLS);
  await org.send(new CreateOrganizationCommand({ FeatureSet: 'ALL' }));
  const root = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
  made.ou = (
    await org.send(new CreateOrganizationalUnitCommand({ ParentId: root, Name: 'prod' }))
  ).OrganizationalUnit!.Id!;
  for (const name of ['prod-a', 'prod-b']) {
    const id = (
      await org.send(new CreateAccountCommand({ AccountName: name, Email: `${name}@example.com` }))
    ).CreateAccountStatus!.AccountId!;
    await org.send(
      new MoveAccountCommand({ AccountId: id, SourceParentId: root, DestinationParentId: made.ou }),
    );
    made.members.push(id);
    made.names.set(id, name);
  }
  made.members.sort();
  const creds = await credentialsOf(TOOLS);
  const snapshot = await readOrganization(
    await createOrganizationsReadApi(
      organizationsSession({
        region: 'us-east-1',
        endpoint: moto.endpoint,
        credentials: () => Promise.resolve(creds),
      }),
    ),
  );
  writeFileSync(join(dir, 'org.json'), snapshotJson(snapshot));
  writeFileSync(
    config,
    `version: 1
name: ou-app
region: us-east-1
accounts:
  tools: "${TOOLS}"
  source: "222222222222"
source: { account: source, repository: ou-app, branch: main, create: true }
build: { commands: [make] }
organization:
  snapshot: org.json
  rollout: { maxConcurrency: 10, failureTolerance: "10%" }
stages:
  - name: prod
    targets:
      - { ou: ${made.ou}, stack: ou-app-prod, template: template.yaml }
execution:
  policies: [arn:aws:iam::aws:policy/PowerUserAccess]
`,
  );
});

after(async () => {
  await proxy?.stop();
  await moto?.stop();
});

const ready = (t: { skip: (m: string) => void }): boolean =>
  motoReady(moto, t, 'StackSets deploy against moto');

/** The requests a function's CLI run sent, by action. */
async function during<T>(
  run: () => Promise<T>,
): Promise<{ result: T; requests: ProxiedRequest[] }> {
  const from = seen.length;
  const result = await run();
  return { result, requests: seen.slice(from) };
}
const actions = (rs: readonly ProxiedRequest[], service: string) =>
  rs.filter((r) => r.service === service).map((r) => r.action);
const STACKSET_CHANGES = [
  'CreateStackSet',
  'UpdateStackSet',
  'CreateStackInstances',
  'DeleteStackInstances',
  'DeleteStackSet',
];

void test('without trusted access for StackSets the deploy stops before any change, exit 1, saying what to enable', async (t) => {
  if (!ready(t)) return;
  const { result: r, requests } = await during(() => crossline(['deploy', ...base, '--yes'], env));
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /trusted access for CloudFormation StackSets is not enabled/);
  assert.match(
    r.stderr,
    /aws organizations enable-aws-service-access --service-principal member\.org\.stacksets\.cloudformation\.amazonaws\.com/,
  );
  assert.match(r.stderr, /Activate trusted access/);
  assert.match(
    r.stderr,
    /https:\/\/docs\.aws\.amazon\.com\/AWSCloudFormation\/latest\/UserGuide\/stacksets-orgs-activate-trusted-access\.html/,
  );
  assert.ok(actions(requests, 'organizations').includes('ListAWSServiceAccessForOrganization'));
  const cfn = actions(requests, 'cloudformation');
  for (const a of ['CreateStack', 'CreateChangeSet', ...STACKSET_CHANGES])
    assert.ok(!cfn.includes(a), `${a} was not called`);
});

/** The per-account bootstrap stack an earlier crossline left in a member: the same role names. */
async function oldTargetStack(account: string): Promise<void> {
  const alias = made.names.get(account)!;
  const role = (name: string, service: string) => ({
    Type: 'AWS::IAM::Role',
    Properties: {
      RoleName: name,
      AssumeRolePolicyDocument: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
      },
    },
  });
  const cfn = await client(CloudFormationClient, account);
  await cfn.send(
    new CreateStackCommand({
      StackName: 'ou-app-target',
      TemplateBody: JSON.stringify({
        Description: `crossline ou-app: deploy and execution roles (target account ${alias})`,
        Resources: {
          DeployRole: role('ou-app-deploy', 'codepipeline.amazonaws.com'),
          ExecRole: role('ou-app-cfn-exec', 'cloudformation.amazonaws.com'),
        },
      }),
      Capabilities: ['CAPABILITY_NAMED_IAM'],
      Tags: [{ Key: 'crossline:pipeline', Value: 'ou-app' }],
    }),
  );
}

void test('with trusted access, deploy retires the old target stack, then creates the StackSet and its instances on the OU before the pipeline stack', async (t) => {
  if (!ready(t)) return;
  const org = await client(OrganizationsClient, TOOLS);
  await org.send(new EnableAWSServiceAccessCommand({ ServicePrincipal: SERVICE }));
  await oldTargetStack(made.members[0]);
  const { result: r, requests } = await during(() =>
    crossline(['deploy', ...base, '--yes', '--json'], env),
  );
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    stacks: { id: string; outcome: string; status?: string; replacedBy?: string }[];
    stackSets: { name: string; outcome: string; units: { ou: string; instances: number }[] }[];
  };
  const name = `ou-app-bootstrap-${made.ou}`;
  assert.deepEqual(
    out.stackSets.map((s) => [s.name, s.outcome]),
    [[name, 'created']],
  );
  assert.deepEqual(out.stackSets[0].units, [
    { ou: made.ou, instances: 2, current: 2, failed: 0, reasons: [] },
  ]);
  // The old stack is in the result, retired for the StackSet, deleted before the instances.
  const retired = out.stacks.filter((s) => s.replacedBy !== undefined);
  assert.deepEqual(
    retired.map((s) => [s.id, s.outcome, s.status, s.replacedBy]),
    [[`${made.names.get(made.members[0])}/ou-app-target`, 'deleted', 'DELETE_COMPLETE', name]],
  );
  const deleteOld = requests.findIndex(
    (q) => q.action === 'DeleteStack' && q.params.get('StackName')?.includes('ou-app-target'),
  );
  assert.ok(deleteOld >= 0, 'DeleteStack of the old target stack');

  // What crossline asked for, as the wire shows it (moto does not keep all of it).
  const create = requests.find((q) => q.action === 'CreateStackSet')!;
  const p = (q: ProxiedRequest, k: string) => q.params.get(k);
  assert.equal(p(create, 'StackSetName'), name);
  assert.equal(p(create, 'PermissionModel'), 'SERVICE_MANAGED');
  assert.equal(p(create, 'AutoDeployment.Enabled'), 'true');
  assert.equal(p(create, 'AutoDeployment.RetainStacksOnAccountRemoval'), 'false');
  assert.equal(p(create, 'CallAs'), 'SELF');
  assert.equal(p(create, 'Capabilities.member.1'), 'CAPABILITY_NAMED_IAM');
  const instances = requests.find((q) => q.action === 'CreateStackInstances')!;
  assert.ok(deleteOld < requests.indexOf(instances), 'the old stack goes before the instances');
  assert.equal(p(instances, 'DeploymentTargets.OrganizationalUnitIds.member.1'), made.ou);
  assert.equal(p(instances, 'DeploymentTargets.AccountFilterType'), null, 'no account left out');
  assert.equal(p(instances, 'Regions.member.1'), 'us-east-1');
  assert.equal(p(instances, 'OperationPreferences.MaxConcurrentCount'), '10');
  assert.equal(p(instances, 'OperationPreferences.FailureTolerancePercentage'), '10');
  assert.equal(p(instances, 'OperationPreferences.ConcurrencyMode'), 'SOFT_FAILURE_TOLERANCE');
  assert.equal(p(instances, 'OperationPreferences.RegionConcurrencyType'), 'SEQUENTIAL');
  assert.equal(p(instances, 'CallAs'), 'SELF');
  // The pipeline's actions assume these roles: the StackSet goes first.
  const pipelineCreate = requests.findIndex(
    (q) => q.action === 'CreateStack' && q.params.get('StackName') === 'ou-app-pipeline',
  );
  assert.ok(pipelineCreate > requests.indexOf(instances), 'StackSet before the pipeline stack');
  assert.ok(requests.some((q) => q.action === 'DescribeStackSetOperation'));

  // What moto holds: the StackSet, an instance per member, the roles in each member account.
  const cfn = await client(CloudFormationClient, TOOLS);
  const set = (await cfn.send(new DescribeStackSetCommand({ StackSetName: name, CallAs: 'SELF' })))
    .StackSet!;
  assert.equal(set.PermissionModel, 'SERVICE_MANAGED');
  const listed = await cfn.send(
    new ListStackInstancesCommand({ StackSetName: name, CallAs: 'SELF' }),
  );
  assert.deepEqual(listed.Summaries!.map((s) => s.Account).sort(), made.members);
  for (const member of made.members) {
    const iam = await client(IAMClient, member);
    const roles = (await iam.send(new ListRolesCommand({}))).Roles!.map((x) => x.RoleName);
    assert.ok(roles.includes('ou-app-deploy') && roles.includes('ou-app-cfn-exec'), member);
    // No per-account target stack in a member account.
    const own = await client(CloudFormationClient, member);
    await assert.rejects(own.send(new DescribeStacksCommand({ StackName: 'ou-app-target' })));
  }
});

void test('a second deploy makes no StackSets change', async (t) => {
  if (!ready(t)) return;
  const { result: r, requests } = await during(() => crossline(['deploy', ...base, '--yes'], env));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /is up to date: \d+ stacks unchanged, 1 StackSet unchanged/);
  assert.match(r.stdout, new RegExp(`OU ${made.ou}: 2 instances, 2 current`));
  const cfn = actions(requests, 'cloudformation');
  assert.ok(cfn.includes('DescribeStackSet') && cfn.includes('ListStackInstances'));
  for (const a of [...STACKSET_CHANGES, 'DeleteStack'])
    assert.ok(!cfn.includes(a), `${a} was not called`);
});

void test('a StackSet of the pipeline the config no longer has is found (ListStackSets, its tag) and kept, with how to remove it', async (t) => {
  if (!ready(t)) return;
  const cfn = await client(CloudFormationClient, TOOLS);
  const gone = 'ou-app-bootstrap-ou-ree8-dropped1';
  const template = JSON.stringify({
    Resources: { Wait: { Type: 'AWS::CloudFormation::WaitConditionHandle' } },
  });
  for (const [name, pipeline] of [
    [gone, 'ou-app'],
    ['ou-app-bootstrap-ou-ree8-other000', 'another-app'],
  ])
    await cfn.send(
      new CreateStackSetCommand({
        StackSetName: name,
        TemplateBody: template,
        PermissionModel: 'SERVICE_MANAGED',
        AutoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
        Tags: [{ Key: 'crossline:pipeline', Value: pipeline }],
        CallAs: 'SELF',
      }),
    );
  const { result: r, requests } = await during(() =>
    crossline(['deploy', ...base, '--yes', '--json'], env),
  );
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as {
    stackSets: { name: string; outcome: string; leftover?: boolean; reason?: string }[];
  };
  assert.deepEqual(
    out.stackSets.map((s) => [s.name, s.outcome, s.leftover === true]),
    [
      [`ou-app-bootstrap-${made.ou}`, 'unchanged', false],
      [gone, 'kept', true],
    ],
  );
  assert.match(
    out.stackSets[1].reason ?? '',
    /no longer in the plan .*crossline destroy removes it/,
  );
  assert.match(r.stderr, new RegExp(`StackSet ${gone} is no longer in the plan`));
  const cfnCalls = actions(requests, 'cloudformation');
  assert.ok(cfnCalls.includes('ListStackSets'));
  for (const a of STACKSET_CHANGES) assert.ok(!cfnCalls.includes(a), `${a} was not called`);
});
