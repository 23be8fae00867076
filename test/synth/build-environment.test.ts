/**
 * build.environment / privileged / vpc (docs/design.md §12), by meaning: the project's
 * Environment and VpcConfig, the build role's grants judged by the policy engine (allowed for
 * exactly what the config names, denied next to it), and cfn-lint on the template.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { evaluate } from '../../src/iam/index.js';
import { synthesize } from '../../src/synth/index.js';
import { requireTool } from '../support/tools.js';
import { pipelineFrom } from './helpers.js';
import { writeSynth } from './output.js';

const CONFIG = `version: 1
name: shop
region: eu-west-1
accounts: { tools: "111111111111", prod: "444444444444" }
source: { account: tools, repository: shop, branch: main, create: true }
build:
  commands: [make]
  environment:
    NODE_ENV: production
    API_URL: { parameter-store: /shop/api-url }
    DB_PASSWORD: { secrets-manager: "shop/db:password" }
  privileged: true
  vpc:
    vpcId: vpc-0123456789abcdef0
    subnets: [subnet-0123456789abcdef0, subnet-0fedcba9876543210]
    securityGroups: [sg-0123456789abcdef0]
stages:
  - { name: prod, targets: [{ account: prod, stack: shop-prod, template: t.yaml }] }
execution: { policies: ["arn:aws:iam::aws:policy/PowerUserAccess"] }
`;
const PLAIN = CONFIG.replace(/ {2}environment:[\s\S]*?(?=stages:)/, '');

const synth = synthesize(pipelineFrom(CONFIG));
const plain = synthesize(pipelineFrom(PLAIN));
type Resources = Record<string, { Type: string; Properties: Record<string, unknown> }>;
const project = (s: typeof synth) =>
  (s.templates['tools/shop-pipeline'] as { Resources: Resources }).Resources.BuildProject
    .Properties;
const buildRole = (s: typeof synth) => {
  const p = s.policies.find((x) => x.name === 'build-role-permissions');
  assert.ok(p, 'build-role-permissions policy');
  return p;
};
const BUILD_ROLE = 'arn:aws:iam::111111111111:role/shop-build';
const allowed = (
  s: typeof synth,
  action: string,
  resource: string,
  context: Record<string, string | string[]> = {},
) =>
  evaluate(
    { principal: BUILD_ROLE, action, resource, resourceAccount: '111111111111', context },
    { identity: [{ name: 'build-role', document: buildRole(s).document }] },
  ).allowed;

void test('the project carries the variables by CodeBuild type, privileged mode and the VPC', () => {
  const p = project(synth);
  const env = p.Environment as {
    EnvironmentVariables: { Name: string; Type: string; Value: string }[];
    PrivilegedMode?: boolean;
  };
  assert.deepEqual(env.EnvironmentVariables, [
    { Name: 'NODE_ENV', Type: 'PLAINTEXT', Value: 'production' },
    { Name: 'API_URL', Type: 'PARAMETER_STORE', Value: '/shop/api-url' },
    { Name: 'DB_PASSWORD', Type: 'SECRETS_MANAGER', Value: 'shop/db:password' },
  ]);
  assert.equal(env.PrivilegedMode, true);
  assert.deepEqual(p.VpcConfig, {
    VpcId: 'vpc-0123456789abcdef0',
    Subnets: ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'],
    SecurityGroupIds: ['sg-0123456789abcdef0'],
  });
  // Without the keys, the project is as before: no variables, no privileged mode, no VPC.
  const before = project(plain);
  assert.equal((before.Environment as Record<string, unknown>).EnvironmentVariables, undefined);
  assert.equal((before.Environment as Record<string, unknown>).PrivilegedMode, undefined);
  assert.equal(before.VpcConfig, undefined);
});

void test('the build role reads exactly the named parameter and secret', () => {
  const param = 'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/api-url';
  assert.ok(allowed(synth, 'ssm:GetParameters', param));
  assert.ok(!allowed(synth, 'ssm:GetParameters', `${param}-other`));
  assert.ok(
    !allowed(synth, 'ssm:GetParameters', 'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/other'),
  );
  const secret = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/db-AbC123';
  assert.ok(allowed(synth, 'secretsmanager:GetSecretValue', secret));
  assert.ok(
    !allowed(
      synth,
      'secretsmanager:GetSecretValue',
      'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/db-admin-AbC123',
    ),
    'the six-character suffix pattern does not reach a longer name',
  );
  assert.ok(!allowed(plain, 'ssm:GetParameters', param), 'no grant without the variable');
  assert.ok(!allowed(plain, 'secretsmanager:GetSecretValue', secret));
});

void test("the build role has CodeBuild's documented VPC policy, interface permission pinned", () => {
  for (const action of [
    'ec2:CreateNetworkInterface',
    'ec2:DescribeDhcpOptions',
    'ec2:DescribeNetworkInterfaces',
    'ec2:DeleteNetworkInterface',
    'ec2:DescribeSubnets',
    'ec2:DescribeSecurityGroups',
    'ec2:DescribeVpcs',
  ]) {
    assert.ok(allowed(synth, action, '*'), action);
    assert.ok(!allowed(plain, action, '*'), `${action} only with build.vpc`);
  }
  const eni = 'arn:aws:ec2:eu-west-1:111111111111:network-interface/eni-0123456789abcdef0';
  const subnet = 'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0123456789abcdef0';
  const grant = { 'ec2:Subnet': subnet, 'ec2:AuthorizedService': 'codebuild.amazonaws.com' };
  assert.ok(allowed(synth, 'ec2:CreateNetworkInterfacePermission', eni, grant));
  assert.ok(
    !allowed(synth, 'ec2:CreateNetworkInterfacePermission', eni, {
      ...grant,
      'ec2:Subnet': 'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0aaaaaaaaaaaaaaaa',
    }),
    'another subnet',
  );
  assert.ok(
    !allowed(synth, 'ec2:CreateNetworkInterfacePermission', eni, {
      ...grant,
      'ec2:AuthorizedService': 'lambda.amazonaws.com',
    }),
    'another service',
  );
  assert.ok(!allowed(synth, 'ec2:CreateNetworkInterfacePermission', eni, {}), 'no context');
  // Every new statement says why, naming the documentation.
  for (const sid of [
    'ReadBuildParameters',
    'ReadBuildSecrets',
    'BuildInVpc',
    'AuthorizeBuildInterfaces',
  ]) {
    assert.match(buildRole(synth).reasons[sid] ?? '', /docs\.aws\.amazon\.com\/codebuild/, sid);
  }
});

void test('cfn-lint: no error in the templates with environment, privileged and vpc', (t) => {
  if (!requireTool(t, 'cfn-lint')) return;
  const dir = writeSynth(synth);
  try {
    const files = synth.plan.stacks.map((s) => join(dir, s.templateFile));
    const run = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...files], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    assert.ok(run.status !== null, `cfn-lint ran (${run.error?.message ?? ''})`);
    const errors = run.stdout.split('\n').filter((l) => /:E\d{4}:/.test(l));
    assert.deepEqual(errors, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
