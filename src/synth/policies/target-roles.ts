import { regionOf, type Account } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import { changeSetGrant } from '../release/change-set-grants.js';
import { DEPLOY_READ_ACTIONS } from './bucket-policy.js';
import { decryptArtifactGrant } from './key-policy.js';
import type { RoleSpec } from './role.js';
import { trustPipelineRole, trustService } from './role.js';
import { because, DOCS } from './sources.js';
import { allow } from './statement.js';
import { execRoleWorkloadGrants } from '../workloads/grants.js';
import { storesOfAccount } from '../regions.js';
import { accountExecutionPolicies } from '../release/execution.js';

/**
 * Stack requests of the CloudFormation action in ActionMode CREATE_UPDATE (CDK's
 * grantCreateUpdateStack, without wildcards). That mode calls CreateStack/UpdateStack
 * directly, so no change-set action is granted.
 */
export const STACK_ACTIONS = [
  'cloudformation:CreateStack',
  'cloudformation:DescribeStackEvents',
  'cloudformation:DescribeStackResources',
  'cloudformation:DescribeStacks',
  'cloudformation:GetTemplate',
  'cloudformation:UpdateStack',
];

/** Stacks the pipeline deploys into one account, in config order, each in its region. */
export function stacksIn(
  ctx: SynthContext,
  account: Account,
): { readonly stack: string; readonly region: string; readonly changeSet: boolean }[] {
  const stacks: { stack: string; region: string; changeSet: boolean }[] = [];
  for (const stage of ctx.pipeline.stages)
    for (const t of stage.targets) {
      const region = regionOf(ctx.pipeline, t);
      if (t.account.id !== account.id) continue;
      if (!stacks.some((s) => s.stack === t.stack && s.region === region))
        stacks.push({ stack: t.stack, region, changeSet: stage.mode === 'change-set' });
    }
  return stacks;
}

export function deployRole(ctx: SynthContext, account: Account): RoleSpec {
  // Change-set stages get change-set rights on their stacks, the others create/update rights.
  const all = stacksIn(ctx, account);
  const inAccount = all.filter((s) => !s.changeSet);
  const reviewed = all.filter((s) => s.changeSet);
  const stacks = [...new Set(inAccount.map((s) => s.stack))];
  const stackArns = inAccount.map((s) => ctx.stackArn(account, s.stack, s.region));
  const execRole = ctx.execRoleOf(account);
  // IAM is global: one deploy role reads the artifact store of every region it deploys in.
  const stores = storesOfAccount(ctx, account);
  return {
    key: `target-${account.alias}-deploy-role`,
    logicalId: 'DeployRole',
    name: ctx.names.deployRole,
    account,
    arn: ctx.deployRoleOf(account),
    trust: [trustPipelineRole(ctx, `the CloudFormation actions into ${account.alias}`)],
    permissions: [
      ...(inAccount.length === 0
        ? []
        : [
            allow({
              sid: 'DeployTargetStacks',
              reason: because(
                `cloudformation:CreateStack / UpdateStack / DescribeStacks / DescribeStackEvents of ${stacks.join(', ')} by the CloudFormation action (ActionMode CREATE_UPDATE)`,
                'the action creates or updates exactly these stacks of this account',
                `${DOCS.cloudFormationAction} ; ${DOCS.cdkCreateUpdateGrants}`,
              ),
              actions: STACK_ACTIONS,
              resources: stackArns,
            }),
          ]),
      ...(reviewed.length === 0 ? [] : [changeSetGrant(ctx, account, reviewed)]),
      allow({
        sid: 'PassExecutionRoleToCloudFormation',
        reason: because(
          `iam:PassRole of ${ctx.names.execRole} when the action calls ${reviewed.length === 0 ? 'CreateStack/UpdateStack' : inAccount.length === 0 ? 'CreateChangeSet' : 'CreateStack/UpdateStack/CreateChangeSet'} with RoleArn`,
          'CloudFormation deploys with the execution role; only that role, only to cloudformation.amazonaws.com',
          DOCS.passRole,
        ),
        actions: ['iam:PassRole'],
        resources: [execRole],
        condition: { StringEquals: { 'iam:PassedToService': ctx.service('cloudformation') } },
      }),
      allow({
        sid: 'ReadBuildArtifact',
        reason: because(
          `s3:GetObject / GetObjectVersion of the build artifact (the template) from the artifact bucket${stores.length === 1 && stores[0].main ? '' : ` of each region it deploys in (${stores.map((s) => s.region).join(', ')})`}`,
          'the CloudFormation action reads its input artifact with the action role',
          DOCS.crossAccountPipeline,
        ),
        actions: DEPLOY_READ_ACTIONS,
        resources: stores.map((s) => s.bucketObjects),
      }),
      decryptArtifactGrant(
        'Build',
        stores.map((s) => s.key),
      ),
    ],
    managedPolicyArns: [],
    may: `${deployMay(stacks, reviewed)} in ${account.alias}, pass ${ctx.names.execRole} to CloudFormation, read+decrypt artifacts`,
    why: `the pipeline role assumes it for the CloudFormation action${stacks.length === 1 ? '' : 's'} into ${account.alias}`,
  };
}

export function execRole(ctx: SynthContext, account: Account): RoleSpec {
  // The union of what the account's targets need (stages[] / targets[].execution override).
  const policies = accountExecutionPolicies(ctx, account);
  return {
    key: `target-${account.alias}-exec-role`,
    logicalId: 'ExecutionRole',
    name: ctx.names.execRole,
    account,
    arn: ctx.execRoleOf(account),
    trust: [
      trustService(
        ctx,
        'cloudformation',
        account,
        undefined,
        `to create the resources of the target stacks in ${account.alias}`,
        DOCS.cfnServiceRole,
      ),
    ],
    permissions: execRoleWorkloadGrants(ctx, account),
    managedPolicyArns: policies,
    may: `do what the managed policies its targets need allow (${policies.map((a) => a.split('/').pop()).join(', ')})`,
    why: `CloudFormation creates the resources of your templates in ${account.alias} with it`,
  };
}

/** What the deploy role may do to its stacks, by how their stages deploy. */
function deployMay(
  direct: readonly string[],
  reviewed: readonly { readonly stack: string }[],
): string {
  const names = [...new Set(reviewed.map((s) => s.stack))];
  const parts = [
    ...(direct.length === 0
      ? []
      : [`create/update stack${direct.length === 1 ? '' : 's'} ${direct.join(', ')}`]),
    ...(names.length === 0 ? [] : [`create and execute change sets of ${names.join(', ')}`]),
  ];
  return parts.join(', ');
}
