// The access rows of build.environment and build.vpc (docs/design.md §5, §12): the build role
// may read each named parameter and secret and create its interfaces in the configured
// subnets; nothing next to them, and nobody else. Rows exist only with the keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigFile } from '../../src/config/index.js';
import type { PolicyEntry } from '../../src/synth/index.js';
import { synthesize } from '../../src/synth/index.js';
import {
  buildAccessScript,
  parseStep,
  scriptSteps,
  topologyFromModel,
  topologyFromSynth,
  verifyAccess,
  type Step,
} from '../../src/verify/index.js';

const FIXTURE = new URL('./fixtures/build-environment.yml', import.meta.url).pathname;
const pipeline = loadConfigFile(FIXTURE).pipeline;
const synth = synthesize(pipeline);
const script = buildAccessScript(topologyFromSynth(pipeline, synth));
const PARAM = 'arn:aws:ssm:eu-west-1:111111111111:parameter/shop/api-url';
const SECRET = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/db-AbC123';
const BUILD = 'arn:aws:iam::111111111111:role/shop-build';
const SUBNETS = ['subnet-0123456789abcdef0', 'subnet-0fedcba9876543210'].map(
  (s) => `arn:aws:ec2:eu-west-1:111111111111:subnet/${s}`,
);

const rows = (step: string, action?: string) =>
  script.rows.filter((r) => r.step === step && (action === undefined || r.action === action));

void test('the build role reads each named parameter and secret, and nothing next to them', () => {
  assert.deepEqual(
    rows('build.env.parameter').map((r) => [r.expect, r.principal, r.action, r.resource]),
    [['allow', BUILD, 'ssm:GetParameters', PARAM]],
  );
  assert.deepEqual(
    rows('build.env.secret').map((r) => [r.expect, r.principal, r.action, r.resource]),
    [['allow', BUILD, 'secretsmanager:GetSecretValue', SECRET]],
  );
  const scope = rows('negative.scope.build-env').map((r) => `${r.action} ${r.resource}`);
  assert.deepEqual(scope, [
    `ssm:GetParameters ${PARAM}-other`,
    `ssm:PutParameter ${PARAM}`,
    'secretsmanager:GetSecretValue arn:aws:secretsmanager:eu-west-1:111111111111:secret:shop/db-admin-AbC123',
    `secretsmanager:PutSecretValue ${SECRET}`,
  ]);
  for (const r of rows('build.env.secret'))
    assert.match(r.source, /build-spec\.env\.secrets-manager/);
  for (const r of rows('build.env.parameter'))
    assert.match(r.source, /build-spec\.env\.parameter-store/);
});

void test('nobody else reads them: the pipeline role, the test build, every deploy role', () => {
  const principals = (step: RegExp | ((s: Step) => boolean)) =>
    [
      ...new Set(
        script.rows
          .filter((r) => (step instanceof RegExp ? step.test(r.step) : step(parseStep(r.step)!)))
          .map((r) => r.principal),
      ),
    ].sort();
  assert.deepEqual(principals(/^negative\.pipeline\.build-env$/), [
    'arn:aws:iam::111111111111:role/shop-pipeline',
    'arn:aws:iam::111111111111:role/shop-staging-test',
  ]);
  // One row pair per deploy role, the tools account's own included (same account: only its
  // identity policy could allow it).
  assert.deepEqual(
    principals((s) => s.target !== undefined && s.verb === 'build-env'),
    [
      'arn:aws:iam::111111111111:role/shop-deploy',
      'arn:aws:iam::333333333333:role/shop-deploy',
      'arn:aws:iam::444444444444:role/shop-deploy',
    ],
  );
  for (const r of script.rows.filter((x) => x.step.endsWith('.build-env')))
    assert.equal(r.expect, 'deny');
});

void test('the build role creates and authorizes interfaces in the configured subnets only', () => {
  assert.deepEqual(
    rows('build.vpc.interface', 'ec2:CreateNetworkInterface').map((r) => r.resource),
    SUBNETS,
  );
  assert.deepEqual(
    rows('build.vpc.interface')
      .map((r) => r.action)
      .sort(),
    [
      'ec2:CreateNetworkInterface',
      'ec2:CreateNetworkInterface',
      'ec2:DeleteNetworkInterface',
      'ec2:DescribeDhcpOptions',
      'ec2:DescribeNetworkInterfaces',
      'ec2:DescribeSecurityGroups',
      'ec2:DescribeSubnets',
      'ec2:DescribeVpcs',
    ],
  );
  assert.deepEqual(
    rows('build.vpc.permission').map((r) => r.context),
    SUBNETS.map((s) => ({
      'aws:SecureTransport': true,
      'ec2:Subnet': s,
      'ec2:AuthorizedService': 'codebuild.amazonaws.com',
    })),
  );
  const denied = rows('negative.scope.build-vpc', 'ec2:CreateNetworkInterfacePermission');
  assert.deepEqual(
    denied.map((r) => [r.context['ec2:Subnet'], r.context['ec2:AuthorizedService']]),
    [
      [
        'arn:aws:ec2:eu-west-1:111111111111:subnet/subnet-0000000000000000f',
        'codebuild.amazonaws.com',
      ],
      [SUBNETS[0], 'lambda.amazonaws.com'],
    ],
  );
});

void test('the generated policies pass every row; a grant to another principal fails its row', () => {
  const result = verifyAccess(script, synth.policies);
  assert.deepEqual(
    result.rows.filter((r) => !r.ok).map((r) => r.step),
    [],
  );
  // Give the pipeline role the secret: the row that says nobody else reads it fails.
  const leaked = synth.policies.map((p): PolicyEntry => {
    if (p.name !== 'pipeline-role-permissions') return p;
    const Statement = [
      ...p.document.Statement,
      {
        Sid: 'Leak',
        Effect: 'Allow' as const,
        Action: 'secretsmanager:GetSecretValue',
        Resource: '*',
      },
    ];
    return { ...p, document: { ...p.document, Statement } };
  });
  const failing = verifyAccess(script, leaked).rows.filter((r) => !r.ok);
  assert.deepEqual(
    failing.map((r) => [r.step, r.principal, r.resource]),
    [['negative.pipeline.build-env', 'arn:aws:iam::111111111111:role/shop-pipeline', SECRET]],
  );
});

void test('without the keys there are no rows, and every step round-trips', () => {
  const four = loadConfigFile('examples/four-accounts.yml').pipeline;
  const plain = buildAccessScript(topologyFromModel(four));
  assert.deepEqual(
    plain.rows.filter((r) => /build-env|build-vpc|^build\.(env|vpc)\./.test(r.step)),
    [],
  );
  assert.equal(topologyFromModel(four).buildEnvironment, undefined);
  // scriptSteps throws on a step formatStep cannot write.
  const steps = scriptSteps(topologyFromSynth(pipeline, synth)).map((s) => s.verb ?? '');
  for (const verb of [
    'env.parameter',
    'env.secret',
    'vpc.interface',
    'vpc.permission',
    'build-env',
    'build-vpc',
  ])
    assert.ok(steps.includes(verb), verb);
});
