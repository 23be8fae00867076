import { arn, regionOf, scopeOf, type Account, type Stage } from '../../model/index.js';
import * as names from '../../model/release-tests.js';
import type { SynthContext } from '../context.js';
import { codeBuildRole, type RoleSpec } from '../policies/role.js';
import { decryptArtifactGrant } from '../policies/key-policy.js';
import { because, DOCS } from '../policies/sources.js';
import { allow, awsPrincipal, pinnedTo, type Grant } from '../policies/statement.js';

/**
 * `stages[].tests` (docs/design.md §2, release flow): per tested stage a CodeBuild project in
 * the pipeline account, run by a test action after the stage's deploys. For each target it
 * assumes the test role `<name>-test` of the target's account and runs the commands there.
 *
 *   pipeline role ──StartBuild──▶ <name>-<stage>-test (project, tools account)
 *                                     │ runs as its role <name>-<stage>-test
 *                                     └─sts:AssumeRole──▶ <name>-test (each target account)
 *                                                            permissions: exactly tests.policies
 */

/** A role in one account assumed from another: trust on one side, sts:AssumeRole on the other. */
const CROSS_ACCOUNT_ROLE =
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/tutorial_cross-account-with-roles.html';
/** The CodeBuild project follows the build project's log retention (pipeline stack). */
export const TEST_LOG_RETENTION_DAYS = 90;

export interface TestedStage {
  readonly stage: Stage & { readonly tests: NonNullable<Stage['tests']> };
  /** Project and its role share this name. */
  readonly name: string;
  readonly projectArn: string;
  readonly roleArn: string;
  readonly logGroupName: string;
  readonly logGroupArn: string;
  /** Distinct target accounts of the stage, in config order. */
  readonly accounts: readonly Account[];
}

export function testProjectName(ctx: SynthContext, stage: string): string {
  return names.testProjectName(ctx.names.pipeline, stage);
}

export function testRoleName(ctx: SynthContext): string {
  return names.testRoleName(ctx.names.pipeline);
}

export function testRoleOf(ctx: SynthContext, account: Account): string {
  return arn.role(ctx.partition, account.id, testRoleName(ctx));
}

export function testedStages(ctx: SynthContext): TestedStage[] {
  const tools = scopeOf(ctx.pipeline, ctx.tools);
  return ctx.pipeline.stages.flatMap((stage) => {
    if (stage.tests === undefined) return [];
    const name = testProjectName(ctx, stage.name);
    const logGroupName = `/aws/codebuild/${name}`;
    const accounts = [...new Map(stage.targets.map((t) => [t.account.id, t.account])).values()];
    return [
      {
        stage: stage as TestedStage['stage'],
        name,
        projectArn: arn.buildProject(tools, name),
        roleArn: arn.role(ctx.partition, ctx.tools.id, name),
        logGroupName,
        logGroupArn: arn.logGroup(tools, logGroupName),
        accounts,
      },
    ];
  });
}

/** The tested stages that test in `account`. */
export function testsIn(ctx: SynthContext, account: Account): TestedStage[] {
  return testedStages(ctx).filter((s) => s.accounts.some((a) => a.id === account.id));
}

/**
 * The test role of a target account: trusted by the pipeline account root pinned to the test
 * projects' roles that test here (aws:PrincipalArn, docs/design.md §4); its permissions are
 * exactly the tests' managed policies, nothing of crossline's.
 */
export function testRole(ctx: SynthContext, account: Account): RoleSpec | undefined {
  const stages = testsIn(ctx, account);
  if (stages.length === 0) return undefined;
  const policies = [...new Set(stages.flatMap((s) => s.stage.tests.policies))].sort();
  return {
    key: `target-${account.alias}-test-role`,
    logicalId: 'TestRole',
    name: testRoleName(ctx),
    account,
    arn: testRoleOf(ctx, account),
    trust: [
      allow({
        sid: 'AssumedByTestProjects',
        reason: because(
          `sts:AssumeRole by the test project role${stages.length === 1 ? '' : 's'} ${stages.map((s) => s.name).join(', ')} (tools account) before the test commands run`,
          'the tests run in the pipeline account and act in this account as this role; the account root is named because the project role is created later, and aws:PrincipalArn pins it',
          CROSS_ACCOUNT_ROLE,
        ),
        principal: awsPrincipal([ctx.arns.toolsRoot]),
        actions: ['sts:AssumeRole'],
        resources: [],
        condition: pinnedTo(stages.map((s) => s.roleArn)),
      }),
    ],
    permissions: [],
    managedPolicyArns: policies,
    may: `do what tests.policies allow (${policies.map((a) => a.split('/').pop()).join(', ')})`,
    why: `the tests of ${stages.map((s) => s.stage.name).join(', ')} run in ${account.alias} with it`,
  };
}

/** The role of a stage's test project (tools account). */
export function testProjectRole(ctx: SynthContext, s: TestedStage): RoleSpec {
  const roles = s.accounts.map((a) => testRoleOf(ctx, a));
  return codeBuildRole(ctx, {
    key: `test-${s.name}-role`,
    logicalId: `TestProjectRole${logicalSuffix(s.name)}`,
    name: s.name,
    arn: s.roleArn,
    project: { name: s.name, arn: s.projectArn },
    logs: {
      sid: 'WriteTestLogs',
      group: s.logGroupName,
      arn: s.logGroupArn,
      why: 'CodeBuild streams the test log to its own log group (created by the pipeline stack), as for the build',
    },
    permissions: [
      allow({
        sid: 'ReadSourceArtifact',
        reason: because(
          `s3:GetObject / GetObjectVersion of the source artifact (the test code) by CodeBuild for ${s.name}`,
          'the test action reads its input artifact; it writes none, so no PutObject',
          DOCS.codeBuildServiceRole,
        ),
        actions: ['s3:GetObject', 's3:GetObjectVersion'],
        resources: [ctx.arns.bucketObjects],
      }),
      allow({
        sid: 'InspectArtifactBucket',
        reason: because(
          's3:GetBucketAcl / GetBucketLocation on the artifact bucket by CodeBuild',
          'CodeBuild checks the bucket of its CODEPIPELINE source; bucket metadata only',
          DOCS.codeBuildServiceRole,
        ),
        actions: ['s3:GetBucketAcl', 's3:GetBucketLocation'],
        resources: [ctx.arns.bucket],
      }),
      decryptArtifactGrant('Source', [ctx.arns.key]),
      allow({
        sid: 'AssumeTestRoles',
        reason: because(
          `sts:AssumeRole of ${testRoleName(ctx)} in ${s.accounts.map((a) => a.alias).join(', ')} by the test commands`,
          'the tests act in each target account as its test role; exactly those roles, never role/*',
          CROSS_ACCOUNT_ROLE,
        ),
        actions: ['sts:AssumeRole'],
        resources: roles,
      }),
    ],
    may: `write its test logs, read+decrypt the source artifact, assume ${testRoleName(ctx)} in ${s.accounts.map((a) => a.alias).join(', ')}`,
    why: `CodeBuild runs the tests of ${s.stage.name} (${s.name}) with it`,
  });
}

/** The pipeline role's grant to run the test projects (empty without tests). */
export function runTestGrants(ctx: SynthContext): Grant[] {
  const stages = testedStages(ctx);
  if (stages.length === 0) return [];
  return [
    allow({
      sid: 'RunTestProjects',
      reason: because(
        `codebuild:StartBuild and BatchGetBuilds on ${stages.map((s) => s.name).join(', ')} by the test actions`,
        'CodePipeline starts each test build and polls its status with the pipeline role',
        DOCS.codeBuildAction,
      ),
      actions: ['codebuild:BatchGetBuilds', 'codebuild:StartBuild'],
      resources: stages.map((s) => s.projectArn),
    }),
  ];
}

/** A CloudFormation logical id part from a physical name. */
export function logicalSuffix(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join('');
}

/**
 * The test project's buildspec: per target, in a subshell, assume its account's test role,
 * export the target's account id, region, stack and stack outputs, then run the commands.
 * The outputs are read with cloudformation:DescribeStacks as the test role, so they are there
 * when tests.policies allow it (ReadOnlyAccess does); otherwise the tests run without them.
 */
export function testBuildSpec(ctx: SynthContext, s: TestedStage): string {
  const q = (v: string): string => `'${v.replace(/'/g, `'\\''`)}'`;
  const commands = s.stage.targets.map((t) => {
    const region = regionOf(ctx.pipeline, t);
    return [
      '(',
      'set -euo pipefail',
      `echo "crossline: tests of ${s.stage.name} in ${t.account.alias} (${t.account.id}) ${region}, stack ${t.stack}"`,
      `read -r AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN <<< "$(aws sts assume-role --role-arn ${q(testRoleOf(ctx, t.account))} --role-session-name crossline-tests --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text)"`,
      'export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN',
      `export AWS_REGION=${q(region)} AWS_DEFAULT_REGION=${q(region)} CROSSLINE_ACCOUNT_ID=${q(t.account.id)} CROSSLINE_REGION=${q(region)} CROSSLINE_STACK=${q(t.stack)} CROSSLINE_TARGET=${q(t.account.alias)}`,
      `outputs="$(aws cloudformation describe-stacks --stack-name ${q(t.stack)} --query 'Stacks[0].Outputs[].[OutputKey,OutputValue]' --output text)" || { echo "crossline: cannot read the outputs of ${t.stack} (tests.policies do not allow cloudformation:DescribeStacks)" >&2; outputs=''; }`,
      `while IFS=$'\\t' read -r key value; do if [ -n "$key" ] && [ "$key" != None ]; then export "CROSSLINE_OUTPUT_$key=$value"; fi; done <<< "$outputs"`,
      ...s.stage.tests.commands,
      ')',
    ].join('\n');
  });
  return JSON.stringify({ version: 0.2, env: { shell: 'bash' }, phases: { build: { commands } } });
}

/** The test action of a stage: after its deploys, reading the source artifact. */
export function testAction(
  s: TestedStage,
  runOrder: number,
): {
  name: string;
  category: 'Test';
  provider: 'CodeBuild';
  runOrder: number;
  configuration: Record<string, string>;
  inputArtifacts: string[];
  outputArtifacts: string[];
} {
  return {
    name: 'Test',
    category: 'Test',
    provider: 'CodeBuild',
    runOrder,
    configuration: { ProjectName: s.name },
    inputArtifacts: ['SourceOutput'],
    outputArtifacts: [],
  };
}
