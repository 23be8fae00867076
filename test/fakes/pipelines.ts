/**
 * The pipeline the 4-account example (examples/four-accounts.yml) describes, as
 * `get-pipeline` prints it, and the runs the CodePipeline fake plays for it.
 */
import type { FakePipeline, FakeRunScript } from './codepipeline-fake.js';

export const ACCOUNTS = {
  tools: '111111111111',
  source: '222222222222',
  staging: '333333333333',
  prod: '444444444444',
} as const;

const role = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;

const deploy = (account: string, stack: string, runOrder = 1): Record<string, unknown> => ({
  name: stack,
  actionTypeId: { category: 'Deploy', owner: 'AWS', provider: 'CloudFormation', version: '1' },
  runOrder,
  configuration: {
    ActionMode: 'CREATE_UPDATE',
    StackName: stack,
    TemplatePath: 'BuildOutput::template.yaml',
    RoleArn: role(account, 'my-app-cfn-exec'),
    Capabilities: 'CAPABILITY_NAMED_IAM',
  },
  roleArn: role(account, 'my-app-deploy'),
  inputArtifacts: [{ name: 'BuildOutput' }],
});

export const MY_APP_DECLARATION = {
  name: 'my-app',
  roleArn: role(ACCOUNTS.tools, 'my-app-pipeline'),
  pipelineType: 'V2',
  executionMode: 'QUEUED',
  artifactStore: {
    type: 'S3',
    location: `my-app-artifacts-${ACCOUNTS.tools}-us-east-1`,
    encryptionKey: {
      id: `arn:aws:kms:us-east-1:${ACCOUNTS.tools}:key/0d6c9a54-4a8e-4c7e-9d1f-0123456789ab`,
      type: 'KMS',
    },
  },
  stages: [
    {
      name: 'Source',
      actions: [
        {
          name: 'Source',
          actionTypeId: { category: 'Source', owner: 'AWS', provider: 'CodeCommit', version: '1' },
          runOrder: 1,
          configuration: {
            RepositoryName: 'my-app',
            BranchName: 'main',
            PollForSourceChanges: 'false',
          },
          roleArn: role(ACCOUNTS.source, 'my-app-source'),
          outputArtifacts: [{ name: 'SourceOutput' }],
        },
      ],
    },
    {
      name: 'Build',
      actions: [
        {
          name: 'Build',
          actionTypeId: { category: 'Build', owner: 'AWS', provider: 'CodeBuild', version: '1' },
          runOrder: 1,
          configuration: { ProjectName: 'my-app-build' },
          inputArtifacts: [{ name: 'SourceOutput' }],
          outputArtifacts: [{ name: 'BuildOutput' }],
        },
      ],
    },
    { name: 'staging', actions: [deploy(ACCOUNTS.staging, 'my-app-staging')] },
    {
      name: 'prod',
      actions: [
        {
          name: 'Approve',
          actionTypeId: { category: 'Approval', owner: 'AWS', provider: 'Manual', version: '1' },
          runOrder: 1,
        },
        deploy(ACCOUNTS.prod, 'my-app-prod', 2),
      ],
    },
  ],
};

/** The prod deploy role cannot pass the execution role: the classic cross-account failure. */
export const PROD_DENIED_MESSAGE =
  'Insufficient permissions: The provided role does not have permissions to perform this action. Underlying error: ' +
  'User: arn:aws:sts::444444444444:assumed-role/my-app-deploy/1780000000000 is not authorized to perform: iam:PassRole ' +
  'on resource: arn:aws:iam::444444444444:role/my-app-cfn-exec';

export const SUCCEEDING_RUN: FakeRunScript = {
  'Build/Build': { steps: 2, summary: 'Build succeeded' },
  'staging/my-app-staging': {
    steps: 2,
    externalExecutionUrl:
      'https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks',
  },
};

export const FAILING_AT_PROD_RUN: FakeRunScript = {
  ...SUCCEEDING_RUN,
  'prod/my-app-prod': {
    steps: 2,
    fail: { code: 'JobFailed', message: PROD_DENIED_MESSAGE },
    externalExecutionUrl:
      'https://console.aws.amazon.com/cloudformation/home?region=us-east-1#/stacks',
  },
};

/** my-app whose first run succeeds and every later run fails at the prod deploy. */
export function myAppPipeline(
  runs: readonly FakeRunScript[] = [SUCCEEDING_RUN, FAILING_AT_PROD_RUN],
): FakePipeline {
  return { declaration: MY_APP_DECLARATION, account: ACCOUNTS.tools, runs };
}

/**
 * A CodeStarSourceConnection source action for `connectionArn` (repository acme/app, branch
 * main), as get-pipeline returns it; `extra` adds fields such as `inputArtifacts`.
 */
export function connectionSourceAction(connectionArn: string, extra: object = {}) {
  return {
    name: 'Source',
    actionTypeId: {
      category: 'Source',
      owner: 'AWS',
      provider: 'CodeStarSourceConnection',
      version: '1',
    },
    runOrder: 1,
    configuration: {
      ConnectionArn: connectionArn,
      FullRepositoryId: 'acme/app',
      BranchName: 'main',
    },
    outputArtifacts: [{ name: 'SourceOutput' }],
    ...extra,
  };
}
