/**
 * `crossline drift` against moto: the 4-account example deployed, then read back. moto's
 * CloudFormation skips BucketPolicy and EventBusPolicy (docs/design.md §9), so the test puts
 * the generated ones in place through their APIs, as CloudFormation would have: drift is then
 * clean (exit 0). A key policy widened by hand, an inline statement added to a role and a
 * stack updated outside crossline are each found (exit 1), the widening judged by the engine.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { EventBridgeClient, PutPermissionCommand } from '@aws-sdk/client-eventbridge';
import {
  AttachRolePolicyCommand,
  DeleteRolePolicyCommand,
  IAMClient,
  ListRolePoliciesCommand,
  PutRolePolicyCommand,
  UpdateAssumeRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { KMSClient, ListAliasesCommand, PutKeyPolicyCommand } from '@aws-sdk/client-kms';
import { PutBucketPolicyCommand, S3Client } from '@aws-sdk/client-s3';
import {
  CloudFormationClient,
  DescribeStacksCommand,
  GetTemplateCommand,
  UpdateStackCommand,
} from '@aws-sdk/client-cloudformation';
import { createSessionPool, type AwsClientConfig } from '../../src/aws/index.js';
import { loadConfigFile } from '../../src/config/index.js';
import { ARTIFACT_KEY_ID_PLACEHOLDER, synthesize } from '../../src/synth/index.js';
import { awsTestEnv } from '../support/aws-env.js';
import { crossline, REPO } from '../support/cli.js';
import { startMoto, TEST_CREDENTIALS, type MotoServer } from '../support/moto.js';
import { toolPath } from '../support/tools.js';

const TOOLS = '111111111111';
const STAGING = '333333333333';
let moto: MotoServer | undefined;
let env: Record<string, string> = {};
const dir = mkdtempSync(join(tmpdir(), 'crossline-drift-'));
const config = join(dir, 'crossline.yml');
const args = ['-c', config, '--assume-role', 'OrganizationAccountAccessRole'];
let sessions: (account: string) => Promise<AwsClientConfig>;
let keyState: { kms: KMSClient; keyId: string; policy: { Statement: unknown[] } } | undefined;

before(async () => {
  if (toolPath('moto_server') === undefined) return;
  // AWS managed policies (the execution role's PowerUserAccess) exist in moto only when loaded.
  process.env.MOTO_IAM_LOAD_MANAGED_POLICIES = 'true';
  moto = await startMoto();
  env = awsTestEnv(moto.endpoint);
  writeFileSync(config, readFileSync(join(REPO, 'examples/four-accounts.yml'), 'utf8'));
  const pool = createSessionPool({
    region: 'us-east-1',
    assumeRole: 'OrganizationAccountAccessRole',
    endpoint: moto.endpoint,
    baseCredentials: () => Promise.resolve(TEST_CREDENTIALS),
  });
  sessions = async (id) => (await pool.get({ alias: id, id })).config;
});
after(async () => {
  await moto?.stop();
});

function ready(t: { skip: (m: string) => void }): boolean {
  if (moto) return true;
  if (process.env.CI === 'true') throw new Error('moto_server is required when CI=true');
  console.error('skipping: moto_server is not installed');
  t.skip('moto_server missing');
  return false;
}

interface DriftJson {
  exitCode: number;
  drifted: boolean;
  broadening: boolean;
  stacks: { id: string; state: string }[];
  policies: {
    policy: string;
    state: string;
    alias: string;
    added: unknown[];
    removed: unknown[];
  }[];
  access: { broadening: { principal: string; action: string; resource: string; step: string }[] };
}

async function drift(): Promise<{
  code: number | null;
  out: DriftJson;
  stdout: string;
  stderr: string;
}> {
  const r = await crossline(['drift', ...args, '--json'], env);
  return {
    code: r.code,
    out: JSON.parse(r.stdout || '{}') as DriftJson,
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

const generated = () => synthesize(loadConfigFile(config).pipeline);

void describe('crossline drift', () => {
  void it('is clean right after a deploy (with the policies moto skips put in place)', async (t) => {
    if (!ready(t)) return;
    const d = await crossline(['deploy', ...args, '-o', join(dir, 'out'), '--yes'], env);
    assert.equal(d.code, 0, d.stderr);
    const synth = generated();
    const tools = await sessions(TOOLS);
    const kms = new KMSClient(tools);
    const alias = (await kms.send(new ListAliasesCommand({}))).Aliases!.find(
      (a) => a.AliasName === 'alias/my-app-artifacts',
    )!;
    const keyId = alias.TargetKeyId!;
    const real = (doc: unknown) =>
      JSON.stringify(doc).split(`key/${ARTIFACT_KEY_ID_PLACEHOLDER}`).join(`key/${keyId}`);
    // moto keeps a KeyPolicy from CloudFormation as an object and then fails DescribeKey
    // (HTTP 500, json.loads of a dict): put the generated policy back as the text KMS stores.
    const keyPolicy = synth.policies.find((p) => p.kind === 'key')!;
    await kms.send(
      new PutKeyPolicyCommand({
        KeyId: keyId,
        PolicyName: 'default',
        Policy: real(keyPolicy.document),
      }),
    );
    keyState = {
      kms,
      keyId,
      policy: JSON.parse(real(keyPolicy.document)) as { Statement: unknown[] },
    };
    const bucket = synth.policies.find((p) => p.kind === 'bucket')!;
    await new S3Client({ ...tools, forcePathStyle: true }).send(
      new PutBucketPolicyCommand({
        Bucket: bucket.attachedTo.split(':::')[1],
        Policy: real(bucket.document),
      }),
    );
    const bus = synth.policies.find((p) => p.kind === 'bus')!;
    await new EventBridgeClient(tools).send(
      new PutPermissionCommand({ Policy: real(bus.document) }),
    );
    // The same moto limitation for IAM: roles CloudFormation made keep their trust and inline
    // policies as objects, which GetRole/GetRolePolicy cannot answer. Put them back as text.
    for (const p of synth.policies.filter((x) => x.kind === 'trust' || x.kind === 'identity')) {
      const [account, name] = [p.account, p.attachedTo.split('/').pop()!];
      const client = new IAMClient(await sessions(account));
      if (p.kind === 'trust') {
        await client.send(
          new UpdateAssumeRolePolicyCommand({ RoleName: name, PolicyDocument: real(p.document) }),
        );
        continue;
      }
      // moto's CloudFormation does not attach ManagedPolicyArns: attach what the template names.
      if (name === 'my-app-cfn-exec')
        await client.send(
          new AttachRolePolicyCommand({
            RoleName: name,
            PolicyArn: 'arn:aws:iam::aws:policy/PowerUserAccess',
          }),
        );
      for (const inline of (await client.send(new ListRolePoliciesCommand({ RoleName: name })))
        .PolicyNames ?? [])
        await client.send(
          new PutRolePolicyCommand({
            RoleName: name,
            PolicyName: inline,
            PolicyDocument: real(p.document),
          }),
        );
    }
    const r = await drift();
    assert.equal(r.code, 0, JSON.stringify(r.out, null, 1) + r.stderr);
    assert.equal(r.out.drifted, false);
    const text = await crossline(['drift', ...args], env);
    assert.equal(text.code, 0);
    assert.match(text.stdout, /every stack and policy matches the plan/);
  });

  void it('finds a key policy widened by hand, and the engine says it broadens access', async (t) => {
    if (!ready(t)) return;
    assert.ok(keyState, 'the first test put the key policy in place');
    const widened = {
      ...keyState.policy,
      Statement: [
        ...keyState.policy.Statement,
        {
          Sid: 'AddedByHand',
          Effect: 'Allow',
          Principal: { AWS: `arn:aws:iam::${STAGING}:root` },
          Action: 'kms:*',
          Resource: '*',
        },
      ],
    };
    await keyState.kms.send(
      new PutKeyPolicyCommand({
        KeyId: keyState.keyId,
        PolicyName: 'default',
        Policy: JSON.stringify(widened),
      }),
    );
    const r = await drift();
    assert.equal(r.code, 1, r.stderr);
    assert.deepEqual(
      r.out.policies.map((p) => [p.policy, p.state, p.alias]),
      [['artifact-key', 'changed', 'tools']],
    );
    assert.deepEqual(
      r.out.policies[0].added.map((s) => (s as { Sid: string }).Sid),
      ['AddedByHand'],
    );
    assert.equal(r.out.broadening, true);
    assert.ok(
      r.out.access.broadening.some(
        (b) => b.principal.includes(STAGING) && b.resource.includes(':key/'),
      ),
      JSON.stringify(r.out.access.broadening),
    );
    const text = await crossline(['drift', ...args], env);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /tools 111111111111\n {2}key policy artifact-key .*: differs/);
    assert.match(text.stdout, /broadens access/);
    // Put back: clean again.
    await keyState.kms.send(
      new PutKeyPolicyCommand({
        KeyId: keyState.keyId,
        PolicyName: 'default',
        Policy: JSON.stringify(keyState.policy),
      }),
    );
    assert.equal((await drift()).code, 0);
  });

  void it('finds an inline statement added to a role, and a stack changed outside crossline', async (t) => {
    if (!ready(t)) return;
    const iam = new IAMClient(await sessions(STAGING));
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: 'my-app-deploy',
        PolicyName: 'by-hand',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' }],
        }),
      }),
    );
    const r = await drift();
    assert.equal(r.code, 1);
    const role = r.out.policies.find((p) => p.policy === 'target-staging-deploy-role-permissions');
    assert.equal(role?.state, 'changed');
    assert.equal(r.out.broadening, true, 'PassRole on any role is more than the generated grant');
    await iam.send(
      new DeleteRolePolicyCommand({ RoleName: 'my-app-deploy', PolicyName: 'by-hand' }),
    );

    // The target stack updated with another template (a resource added by hand).
    const cfn = new CloudFormationClient(await sessions(STAGING));
    const body = (await cfn.send(new GetTemplateCommand({ StackName: 'my-app-target' })))
      .TemplateBody!;
    const tpl = JSON.parse(body) as { Resources: Record<string, unknown> };
    tpl.Resources.ByHand = { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'by-hand' } };
    await cfn.send(
      new UpdateStackCommand({
        StackName: 'my-app-target',
        TemplateBody: JSON.stringify(tpl),
        Capabilities: ['CAPABILITY_NAMED_IAM'],
        Parameters: (
          await cfn.send(new DescribeStacksCommand({ StackName: 'my-app-target' }))
        ).Stacks![0].Parameters!.map((p) => ({
          ParameterKey: p.ParameterKey,
          UsePreviousValue: true,
        })),
      }),
    );
    const s = await drift();
    assert.equal(s.code, 1);
    assert.deepEqual(
      s.out.stacks.map((x) => [x.id, x.state]),
      [['staging/my-app-target', 'changed']],
    );
    assert.deepEqual(s.out.policies, []);
  });
});
