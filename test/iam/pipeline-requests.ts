// A cross-account pipeline's policies, written as crossline generates them (docs/design.md §5),
// and the access script's requests against them: what the pipeline must be able to do, and
// what nobody else may. Used by the differential test; verify derives its own from the model.
import type { ContextValue, NamedPolicy, PolicySet, Request } from '../../src/iam/index.js';

const T = '111111111111'; // tools
const S = '222222222222'; // source
const G = '333333333333'; // staging
const P = '444444444444'; // prod
const X = '999999999999'; // outsider
const R = 'eu-west-1';

const role = (acct: string, name: string) => `arn:aws:iam::${acct}:role/${name}`;
const session = (acct: string, name: string) =>
  `arn:aws:sts::${acct}:assumed-role/${name}/crossline`;
const doc = (...Statement: Record<string, unknown>[]): unknown => ({
  Version: '2012-10-17',
  Statement,
});
const named = (name: string, document: unknown): NamedPolicy => ({ name, document });

const BUCKET = `arn:aws:s3:::crossline-artifacts-${T}`;
const OBJECT = `${BUCKET}/app/SourceArti/abc.zip`;
const KEY = `arn:aws:kms:${R}:${T}:key/0f1e2d3c-aaaa-bbbb-cccc-000000000001`;
const BUS = `arn:aws:events:${R}:${T}:event-bus/default`;
const PIPELINE = `arn:aws:codepipeline:${R}:${T}:app`;
const PROJECT = `arn:aws:codebuild:${R}:${T}:project/app-build`;
const REPO = `arn:aws:codecommit:${R}:${S}:app`;
const stack = (acct: string, name: string) => `arn:aws:cloudformation:${R}:${acct}:stack/${name}/*`;

const PIPELINE_ROLE = role(T, 'crossline-app-pipeline');
const BUILD_ROLE = role(T, 'crossline-app-build');
const TRIGGER_ROLE = role(T, 'crossline-app-trigger');
const SOURCE_ROLE = role(S, 'crossline-app-source');
const SOURCE_EVENTS_ROLE = role(S, 'crossline-app-source-events');
const DEPLOY = { staging: role(G, 'crossline-app-deploy'), prod: role(P, 'crossline-app-deploy') };
const EXEC = { staging: role(G, 'crossline-app-exec'), prod: role(P, 'crossline-app-exec') };
const ACCOUNT = { staging: G, prod: P };

const bucketPolicy = named(
  'artifact-bucket-policy',
  doc(
    {
      Sid: 'DenyInsecureTransport',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [BUCKET, `${BUCKET}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    {
      Sid: 'DenyUnencryptedUploads',
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:PutObject',
      Resource: `${BUCKET}/*`,
      Condition: { StringNotEquals: { 's3:x-amz-server-side-encryption': 'aws:kms' } },
    },
    {
      Sid: 'SourceWrites',
      Effect: 'Allow',
      Principal: { AWS: SOURCE_ROLE },
      Action: ['s3:PutObject'],
      Resource: `${BUCKET}/*`,
    },
    {
      Sid: 'DeployReads',
      Effect: 'Allow',
      Principal: { AWS: [DEPLOY.staging, DEPLOY.prod] },
      Action: ['s3:GetObject', 's3:GetObjectVersion'],
      Resource: `${BUCKET}/*`,
    },
  ),
);
const keyPolicy = named(
  'artifact-key-policy',
  doc(
    {
      Sid: 'EnableIamPolicies',
      Effect: 'Allow',
      Principal: { AWS: `arn:aws:iam::${T}:root` },
      Action: 'kms:*',
      Resource: '*',
    },
    {
      Sid: 'SourceWrites',
      Effect: 'Allow',
      Principal: { AWS: SOURCE_ROLE },
      Action: ['kms:GenerateDataKey*', 'kms:Encrypt'],
      Resource: '*',
    },
    {
      Sid: 'DeployReads',
      Effect: 'Allow',
      Principal: { AWS: [DEPLOY.staging, DEPLOY.prod] },
      Action: ['kms:Decrypt', 'kms:DescribeKey'],
      Resource: '*',
    },
  ),
);
const busPolicy = named(
  'tools-bus-policy',
  doc({
    Sid: 'SourceEvents',
    Effect: 'Allow',
    Principal: { AWS: SOURCE_EVENTS_ROLE },
    Action: 'events:PutEvents',
    Resource: BUS,
  }),
);
const trustAws = (name: string, principal: string) =>
  named(
    name,
    doc({ Sid: 'Trust', Effect: 'Allow', Principal: { AWS: principal }, Action: 'sts:AssumeRole' }),
  );
const trustService = (name: string, service: string) =>
  named(
    name,
    doc({
      Sid: 'Trust',
      Effect: 'Allow',
      Principal: { Service: service },
      Action: 'sts:AssumeRole',
    }),
  );

const artifacts = {
  Sid: 'Artifacts',
  Effect: 'Allow',
  Action: ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'],
  Resource: `${BUCKET}/*`,
};
const keyUse = {
  Sid: 'ArtifactKey',
  Effect: 'Allow',
  Action: ['kms:Decrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'],
  Resource: KEY,
};
const identity: Record<string, NamedPolicy[]> = {
  [PIPELINE_ROLE]: [
    named(
      'pipeline-role-policy',
      doc(
        {
          Sid: 'AssumeStageRoles',
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: [SOURCE_ROLE, DEPLOY.staging, DEPLOY.prod],
        },
        artifacts,
        keyUse,
        {
          Sid: 'Build',
          Effect: 'Allow',
          Action: ['codebuild:StartBuild', 'codebuild:BatchGetBuilds'],
          Resource: PROJECT,
        },
      ),
    ),
  ],
  [BUILD_ROLE]: [named('build-role-policy', doc(artifacts, keyUse))],
  [TRIGGER_ROLE]: [
    named(
      'trigger-role-policy',
      doc({
        Sid: 'Start',
        Effect: 'Allow',
        Action: 'codepipeline:StartPipelineExecution',
        Resource: PIPELINE,
      }),
    ),
  ],
  [SOURCE_EVENTS_ROLE]: [
    named(
      'source-events-policy',
      doc({ Sid: 'Forward', Effect: 'Allow', Action: 'events:PutEvents', Resource: BUS }),
    ),
  ],
  [SOURCE_ROLE]: [
    named(
      'source-role-policy',
      doc(
        {
          Sid: 'Read',
          Effect: 'Allow',
          Action: [
            'codecommit:GetBranch',
            'codecommit:GetCommit',
            'codecommit:UploadArchive',
            'codecommit:GetUploadArchiveStatus',
          ],
          Resource: REPO,
        },
        { Sid: 'Write', Effect: 'Allow', Action: 's3:PutObject', Resource: `${BUCKET}/*` },
        {
          Sid: 'Encrypt',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey*', 'kms:Encrypt'],
          Resource: KEY,
        },
      ),
    ),
  ],
};
for (const target of ['staging', 'prod'] as const) {
  identity[DEPLOY[target]] = [
    named(
      `deploy-${target}-policy`,
      doc(
        {
          Sid: 'ReadArtifacts',
          Effect: 'Allow',
          Action: ['s3:GetObject', 's3:GetObjectVersion'],
          Resource: `${BUCKET}/*`,
        },
        {
          Sid: 'Decrypt',
          Effect: 'Allow',
          Action: ['kms:Decrypt', 'kms:DescribeKey'],
          Resource: KEY,
        },
        {
          Sid: 'Stack',
          Effect: 'Allow',
          Action: [
            'cloudformation:CreateChangeSet',
            'cloudformation:ExecuteChangeSet',
            'cloudformation:DescribeChangeSet',
            'cloudformation:DescribeStacks',
          ],
          Resource: stack(ACCOUNT[target], `app-${target}`),
        },
        {
          Sid: 'PassExecRole',
          Effect: 'Allow',
          Action: 'iam:PassRole',
          Resource: EXEC[target],
          Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
        },
      ),
    ),
  ];
}
const admin = [named('AdministratorAccess', doc({ Effect: 'Allow', Action: '*', Resource: '*' }))];

/** The resource-side policy of each resource (as its owner would return it). */
function resourcePolicy(action: string, resource: string): PolicySet['resource'] {
  if (resource.startsWith(BUCKET)) return { kind: 'bucket', policy: bucketPolicy };
  if (resource === KEY) return { kind: 'key', policy: keyPolicy };
  if (resource === BUS) return { kind: 'bus', policy: busPolicy };
  const trusts: Record<string, NamedPolicy> = {
    [PIPELINE_ROLE]: trustService('pipeline-trust', 'codepipeline.amazonaws.com'),
    [BUILD_ROLE]: trustService('build-trust', 'codebuild.amazonaws.com'),
    [TRIGGER_ROLE]: trustService('trigger-trust', 'events.amazonaws.com'),
    [SOURCE_ROLE]: trustAws('source-trust', PIPELINE_ROLE),
    [SOURCE_EVENTS_ROLE]: trustService('source-events-trust', 'events.amazonaws.com'),
    [DEPLOY.staging]: trustAws('deploy-staging-trust', PIPELINE_ROLE),
    [DEPLOY.prod]: trustAws('deploy-prod-trust', PIPELINE_ROLE),
    [EXEC.staging]: trustService('exec-staging-trust', 'cloudformation.amazonaws.com'),
    [EXEC.prod]: trustService('exec-prod-trust', 'cloudformation.amazonaws.com'),
    [role(S, 'admin')]: trustAws('source-admin-trust', `arn:aws:iam::${S}:root`),
  };
  const trust = action.startsWith('sts:') ? trusts[resource] : undefined;
  return trust ? { kind: 'trust', policy: trust } : undefined;
}

export interface PipelineRow {
  readonly step: string;
  readonly expect: 'allow' | 'deny';
  readonly request: Request;
  readonly policies: PolicySet;
}

const TLS: Record<string, ContextValue> = { 'aws:SecureTransport': true };
const KMS_UPLOAD: Record<string, ContextValue> = {
  ...TLS,
  's3:x-amz-server-side-encryption': 'aws:kms',
};

export function pipelineRequests(): PipelineRow[] {
  const rows: PipelineRow[] = [];
  const row = (
    step: string,
    expect: 'allow' | 'deny',
    caller: { principal: string; role?: string; identity?: NamedPolicy[] },
    action: string,
    resource: string,
    context: Record<string, ContextValue> = {},
  ) => {
    const isS3 = resource.startsWith('arn:aws:s3:::');
    const res = resourcePolicy(action, resource);
    rows.push({
      step,
      expect,
      request: {
        principal: caller.principal,
        action,
        resource,
        ...(isS3 ? { resourceAccount: T } : {}),
        context,
      },
      policies: {
        identity: caller.identity ?? identity[caller.role ?? ''] ?? [],
        ...(res ? { resource: res } : {}),
      },
    });
  };
  const as = (roleArn: string) => {
    const [, , , , acct = '', res = ''] = roleArn.split(':');
    return { principal: session(acct, res.slice('role/'.length)), role: roleArn };
  };
  const service = (name: string) => ({ principal: name, identity: [] });

  row('trigger.forward', 'allow', as(SOURCE_EVENTS_ROLE), 'events:PutEvents', BUS);
  row('trigger.start', 'allow', as(TRIGGER_ROLE), 'codepipeline:StartPipelineExecution', PIPELINE);
  row(
    'service.pipeline',
    'allow',
    service('codepipeline.amazonaws.com'),
    'sts:AssumeRole',
    PIPELINE_ROLE,
  );
  row('service.build', 'allow', service('codebuild.amazonaws.com'), 'sts:AssumeRole', BUILD_ROLE);
  row('service.trigger', 'allow', service('events.amazonaws.com'), 'sts:AssumeRole', TRIGGER_ROLE);
  row(
    'service.source-events',
    'allow',
    service('events.amazonaws.com'),
    'sts:AssumeRole',
    SOURCE_EVENTS_ROLE,
  );
  row(
    'service.exec.staging',
    'allow',
    service('cloudformation.amazonaws.com'),
    'sts:AssumeRole',
    EXEC.staging,
  );
  row('source.assume', 'allow', as(PIPELINE_ROLE), 'sts:AssumeRole', SOURCE_ROLE);
  for (const a of [
    'codecommit:GetBranch',
    'codecommit:GetCommit',
    'codecommit:UploadArchive',
    'codecommit:GetUploadArchiveStatus',
  ]) {
    row(`source.read ${a}`, 'allow', as(SOURCE_ROLE), a, REPO);
  }
  row('source.write object', 'allow', as(SOURCE_ROLE), 's3:PutObject', OBJECT, KMS_UPLOAD);
  row('source.write key', 'allow', as(SOURCE_ROLE), 'kms:GenerateDataKey', KEY);
  row('build.start', 'allow', as(PIPELINE_ROLE), 'codebuild:StartBuild', PROJECT);
  row('build.read', 'allow', as(BUILD_ROLE), 's3:GetObject', OBJECT, TLS);
  row('build.write', 'allow', as(BUILD_ROLE), 's3:PutObject', OBJECT, KMS_UPLOAD);
  row('build.decrypt', 'allow', as(BUILD_ROLE), 'kms:Decrypt', KEY);
  row('build.encrypt', 'allow', as(BUILD_ROLE), 'kms:GenerateDataKey', KEY);
  for (const target of ['staging', 'prod'] as const) {
    row(`deploy.${target}.assume`, 'allow', as(PIPELINE_ROLE), 'sts:AssumeRole', DEPLOY[target]);
    row(`deploy.${target}.read`, 'allow', as(DEPLOY[target]), 's3:GetObject', OBJECT, TLS);
    row(`deploy.${target}.decrypt`, 'allow', as(DEPLOY[target]), 'kms:Decrypt', KEY);
    row(
      `deploy.${target}.stack`,
      'allow',
      as(DEPLOY[target]),
      'cloudformation:CreateChangeSet',
      stack(ACCOUNT[target], `app-${target}`).replace('/*', '/1'),
    );
    row(`deploy.${target}.passrole`, 'allow', as(DEPLOY[target]), 'iam:PassRole', EXEC[target], {
      'iam:PassedToService': 'cloudformation.amazonaws.com',
    });
  }

  const outsider = { principal: session(X, 'admin'), identity: admin };
  row('negative.outsider.object', 'deny', outsider, 's3:GetObject', OBJECT, TLS);
  row(
    'negative.outsider.root.object',
    'deny',
    { principal: `arn:aws:iam::${X}:root`, identity: [] },
    's3:GetObject',
    OBJECT,
    TLS,
  );
  row('negative.outsider.key', 'deny', outsider, 'kms:Decrypt', KEY);
  row('negative.outsider.assume-deploy', 'deny', outsider, 'sts:AssumeRole', DEPLOY.prod);
  row('negative.outsider.bus', 'deny', outsider, 'events:PutEvents', BUS);
  for (const [name, acct] of [
    ['source', S],
    ['staging', G],
  ] as const) {
    const other = { principal: session(acct, 'admin'), identity: admin };
    row(`negative.${name}-admin.object`, 'deny', other, 's3:GetObject', OBJECT, TLS);
    row(`negative.${name}-admin.key`, 'deny', other, 'kms:Decrypt', KEY);
  }
  row(
    'negative.source-admin.assume-source',
    'deny',
    { principal: session(S, 'admin'), identity: admin },
    'sts:AssumeRole',
    SOURCE_ROLE,
  );
  row(
    'negative.staging-admin.assume-deploy',
    'deny',
    { principal: session(G, 'admin'), identity: admin },
    'sts:AssumeRole',
    DEPLOY.staging,
  );
  row('negative.no-tls', 'deny', as(SOURCE_ROLE), 's3:PutObject', OBJECT, {
    ...KMS_UPLOAD,
    'aws:SecureTransport': false,
  });
  row('negative.no-sse-kms', 'deny', as(SOURCE_ROLE), 's3:PutObject', OBJECT, {
    ...TLS,
    's3:x-amz-server-side-encryption': 'AES256',
  });
  row('negative.no-sse-header', 'deny', as(SOURCE_ROLE), 's3:PutObject', OBJECT, TLS);
  row('negative.source.push', 'deny', as(SOURCE_ROLE), 'codecommit:GitPush', REPO);
  row('negative.source.delete-repo', 'deny', as(SOURCE_ROLE), 'codecommit:DeleteRepository', REPO);
  row(
    'negative.source.other-repo',
    'deny',
    as(SOURCE_ROLE),
    'codecommit:GetBranch',
    REPO.replace(':app', ':other'),
  );
  row(
    'negative.deploy.passrole-other',
    'deny',
    as(DEPLOY.staging),
    'iam:PassRole',
    role(G, 'admin'),
    { 'iam:PassedToService': 'cloudformation.amazonaws.com' },
  );
  row(
    'negative.deploy.passrole-other-service',
    'deny',
    as(DEPLOY.staging),
    'iam:PassRole',
    EXEC.staging,
    { 'iam:PassedToService': 'lambda.amazonaws.com' },
  );
  row(
    'negative.deploy.schedule-key-deletion',
    'deny',
    as(DEPLOY.staging),
    'kms:ScheduleKeyDeletion',
    KEY,
  );
  row(
    'negative.deploy.other-account-stack',
    'deny',
    as(DEPLOY.staging),
    'cloudformation:CreateChangeSet',
    stack(P, 'app-prod').replace('/*', '/1'),
  );
  row(
    'negative.deploy.staging-assumes-prod',
    'deny',
    as(DEPLOY.staging),
    'sts:AssumeRole',
    DEPLOY.prod,
  );
  row(
    'negative.pipeline.assume-arbitrary-source-role',
    'deny',
    as(PIPELINE_ROLE),
    'sts:AssumeRole',
    role(S, 'admin'),
  );
  row('negative.build.assume-deploy', 'deny', as(BUILD_ROLE), 'sts:AssumeRole', DEPLOY.staging);
  return rows;
}
