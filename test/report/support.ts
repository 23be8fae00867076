/**
 * Hand-made synth and verify results for report tests, built from the real model of the
 * example configs. They follow src/synth/types.ts and src/verify/types.ts; the tests that
 * use the real synthesize()/verify() live beside them.
 */
import { loadConfigFile } from '../../src/config/index.js';
import {
  arn,
  physicalNames,
  scopeOf,
  targetAccounts,
  type Pipeline,
} from '../../src/model/index.js';
import type { PlanDocument, PolicyEntry, StackPlan, SynthResult } from '../../src/synth/types.js';
import type { AccessResult, VerifyResult } from '../../src/verify/types.js';

export const FOUR = 'examples/four-accounts.yml';
export const FIFTY = 'examples/fifty-targets.yml';

export function pipelineOf(file: string): Pipeline {
  return loadConfigFile(file).pipeline;
}

export function fakeSynth(p: Pipeline): Pick<SynthResult, 'plan' | 'policies'> {
  const n = physicalNames(p);
  const tools = p.tools;
  const src = p.source.account;
  const stack = (
    id: string,
    name: string,
    kind: StackPlan['kind'],
    a: Pipeline['tools'],
    dependsOn: string[],
  ): StackPlan => ({
    id,
    name,
    kind,
    account: { alias: a.alias, id: a.id },
    region: p.region,
    templateFile: `templates/${name}.template.json`,
    dependsOn,
    parameters:
      kind === 'artifacts'
        ? []
        : [
            {
              name: 'ArtifactKeyArn',
              fromOutput: { stack: `${tools.alias}/${n.artifactsStack}`, output: 'KeyArn' },
            },
          ],
    outputs: kind === 'artifacts' ? ['KeyArn', 'BucketName'] : [],
  });
  const art = `${tools.alias}/${n.artifactsStack}`;
  const targets = targetAccounts(p);
  const plan: PlanDocument = {
    version: 1,
    pipeline: p.name,
    region: p.region,
    partition: p.partition,
    stacks: [
      stack(art, n.artifactsStack, 'artifacts', tools, []),
      stack(`${src.alias}/${n.sourceStack}`, n.sourceStack, 'source', src, [art]),
      ...targets.map((t) =>
        stack(`${t.alias}/${n.targetStack}`, n.targetStack, 'target', t, [art]),
      ),
      stack(`${tools.alias}/${n.pipelineStack}`, n.pipelineStack, 'pipeline', tools, [
        art,
        `${src.alias}/${n.sourceStack}`,
        ...targets.map((t) => `${t.alias}/${n.targetStack}`),
      ]),
    ],
    placeholders: [{ text: '${ArtifactKeyArn}', stack: art, output: 'KeyArn' }],
    notes: [],
  };
  const pipelineRole = arn.role(p.partition, tools.id, n.pipelineRole);
  const bucketObjects = arn.bucketObjects(p.partition, n.bucket);
  const policies: PolicyEntry[] = [
    {
      name: 'artifact-key',
      kind: 'key',
      account: tools.id,
      attachedTo: arn.key(scopeOf(p, tools), '${ArtifactKeyId}'),
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ToolsAdmin',
            Effect: 'Allow',
            Principal: { AWS: arn.accountRoot(p.partition, tools.id) },
            Action: 'kms:*',
            Resource: '*',
          },
          {
            Sid: 'SourceWrites',
            Effect: 'Allow',
            Principal: { AWS: arn.accountRoot(p.partition, src.id) },
            Action: [
              'kms:Encrypt',
              'kms:Decrypt',
              'kms:ReEncrypt*',
              'kms:GenerateDataKey*',
              'kms:DescribeKey',
            ],
            Resource: '*',
            Condition: {
              ArnEquals: { 'aws:PrincipalArn': arn.role(p.partition, src.id, n.sourceRole) },
            },
          },
        ],
      },
      reasons: {
        ToolsAdmin: 'lets IAM policies of the tools account use the key (KMS key policy default)',
        SourceWrites: 'source.write: the source role encrypts the source artifact',
      },
    },
    {
      name: 'artifact-bucket',
      kind: 'bucket',
      account: tools.id,
      attachedTo: arn.bucket(p.partition, n.bucket),
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [arn.bucket(p.partition, n.bucket), bucketObjects],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
          {
            Sid: 'SourceWrites',
            Effect: 'Allow',
            Principal: { AWS: arn.accountRoot(p.partition, src.id) },
            Action: ['s3:PutObject', 's3:PutObjectAcl'],
            Resource: bucketObjects,
          },
        ],
      },
      reasons: {
        DenyInsecureTransport: 'DESIGN §4: TLS only, on the bucket and its objects',
        SourceWrites: 'source.write: the CodeCommit action uploads the source artifact',
      },
    },
    {
      name: 'source-role-trust',
      kind: 'trust',
      account: src.id,
      attachedTo: arn.role(p.partition, src.id, n.sourceRole),
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'PipelineAssumes',
            Effect: 'Allow',
            Principal: { AWS: arn.accountRoot(p.partition, tools.id) },
            Action: 'sts:AssumeRole',
            Condition: { ArnEquals: { 'aws:PrincipalArn': pipelineRole } },
          },
        ],
      },
      reasons: { PipelineAssumes: 'source.assume: the pipeline role assumes the source role' },
    },
    ...targets.map((t): PolicyEntry => ({
      name: `deploy-role-${t.alias}`,
      kind: 'identity',
      account: t.id,
      attachedTo: arn.role(p.partition, t.id, n.deployRole),
      document: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'ReadArtifacts',
            Effect: 'Allow',
            Action: ['s3:GetObject', 's3:GetObjectVersion'],
            Resource: bucketObjects,
          },
          {
            Sid: 'PassExecRole',
            Effect: 'Allow',
            Action: 'iam:PassRole',
            Resource: arn.role(p.partition, t.id, n.execRole),
            Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
          },
        ],
      },
      reasons: {
        ReadArtifacts: `deploy.${t.alias}.read: the CloudFormation action reads the template`,
        PassExecRole: `deploy.${t.alias}.stack: CloudFormation runs as the execution role`,
      },
    })),
  ];
  return { plan, policies };
}

export interface FakeVerifyOptions {
  /** Rows for which this returns true fail (decision flipped). */
  readonly fail?: (row: Pick<AccessResult, 'step' | 'action'>) => boolean;
  /** Replaces every reason (XSS tests). */
  readonly reason?: string;
}

export function fakeVerify(p: Pipeline, options: FakeVerifyOptions = {}): VerifyResult {
  const n = physicalNames(p);
  const tools = p.tools.id;
  const src = p.source.account.id;
  const pipelineRole = arn.role(p.partition, tools, n.pipelineRole);
  const sourceRole = arn.role(p.partition, src, n.sourceRole);
  const bucketObjects = `${arn.bucket(p.partition, n.bucket)}/*`;
  const key = arn.key(scopeOf(p, p.tools), 'KEY');
  const rows: AccessResult[] = [];
  const add = (
    step: string,
    expect: 'allow' | 'deny',
    principal: string,
    pa: string,
    action: string,
    resource: string,
    ra: string,
    policy: string,
  ): void => {
    const base = { step, action };
    const failing = options.fail?.(base) === true;
    const allowed = (expect === 'allow') !== failing;
    rows.push({
      step,
      expect,
      principal,
      action,
      resource,
      principalAccount: pa,
      resourceAccount: ra,
      context: { 'aws:SecureTransport': true, 'aws:PrincipalArn': principal },
      source:
        'https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-create-cross-account.html',
      decision: allowed ? 'allowed' : 'denied',
      ok: !failing,
      deciding: [
        { policy, statement: allowed ? 'Allow1' : '#0', effect: allowed ? 'Allow' : 'Deny' },
      ],
      reason:
        options.reason ??
        (failing
          ? `${action} is ${allowed ? 'allowed' : 'denied'}; expected ${expect}`
          : `${policy} decides`),
    });
  };
  add(
    'trigger.forward',
    'allow',
    arn.role(p.partition, src, n.forwardRole),
    src,
    'events:PutEvents',
    arn.eventBus(scopeOf(p, p.tools)),
    tools,
    'tools-bus',
  );
  add(
    'source.assume',
    'allow',
    pipelineRole,
    tools,
    'sts:AssumeRole',
    sourceRole,
    src,
    'source-role-trust',
  );
  add(
    'source.read',
    'allow',
    sourceRole,
    src,
    'codecommit:GetBranch',
    arn.repository(scopeOf(p, p.source.account), p.source.repository),
    src,
    'source-role',
  );
  add(
    'source.write',
    'allow',
    sourceRole,
    src,
    's3:PutObject',
    bucketObjects,
    tools,
    'artifact-bucket',
  );
  add('source.write', 'allow', sourceRole, src, 'kms:GenerateDataKey', key, tools, 'artifact-key');
  for (const t of targetAccounts(p)) {
    const deployRole = arn.role(p.partition, t.id, n.deployRole);
    add(
      `deploy.${t.alias}.assume`,
      'allow',
      pipelineRole,
      tools,
      'sts:AssumeRole',
      deployRole,
      t.id,
      `deploy-role-trust-${t.alias}`,
    );
    add(
      `deploy.${t.alias}.read`,
      'allow',
      deployRole,
      t.id,
      's3:GetObject',
      bucketObjects,
      tools,
      'artifact-bucket',
    );
    add(
      `deploy.${t.alias}.read`,
      'allow',
      deployRole,
      t.id,
      'kms:Decrypt',
      key,
      tools,
      'artifact-key',
    );
    add(
      `deploy.${t.alias}.stack`,
      'allow',
      deployRole,
      t.id,
      'iam:PassRole',
      arn.role(p.partition, t.id, n.execRole),
      t.id,
      `deploy-role-${t.alias}`,
    );
  }
  add(
    'negative.outsider.bucket',
    'deny',
    'arn:aws:iam::999999999999:root',
    '999999999999',
    's3:GetObject',
    bucketObjects,
    tools,
    'artifact-bucket',
  );
  add(
    'negative.source.gitpush',
    'deny',
    sourceRole,
    src,
    'codecommit:GitPush',
    arn.repository(scopeOf(p, p.source.account), p.source.repository),
    src,
    'source-role',
  );
  const passed = rows.filter((r) => r.ok).length;
  return {
    ok: passed === rows.length,
    rows,
    counts: { total: rows.length, passed, failed: rows.length - passed },
  };
}

/** The same verify result with the rows of `step` failing. */
export function failing(v: VerifyResult, step: (s: string) => boolean): VerifyResult {
  const rows = v.rows.map((r) =>
    step(r.step)
      ? {
          ...r,
          ok: false,
          decision: r.expect === 'allow' ? ('denied' as const) : ('allowed' as const),
        }
      : r,
  );
  const passed = rows.filter((r) => r.ok).length;
  return {
    ok: passed === rows.length,
    rows,
    counts: { total: rows.length, passed, failed: rows.length - passed },
  };
}
