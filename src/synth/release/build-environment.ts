import {
  anyNetworkInterfaceArn,
  scopeOf,
  secretArnPattern,
  ssmParameterArn,
  subnetArn,
} from '../../model/index.js';
import {
  BUILD_ENVIRONMENT_DOCS,
  CODEBUILD_VPC_ACTIONS,
  secretName,
} from '../../model/build-environment.js';
import type { Json } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { because } from '../policies/sources.js';
import { allow, type Grant } from '../policies/statement.js';

/**
 * `build.environment`, `build.privileged` and `build.vpc` (docs/design.md §12): the build
 * project's EnvironmentVariables / PrivilegedMode / VpcConfig and the build role's grants for
 * them. Each grant exists only when the config asks for it, so other pipelines keep their policy.
 */
/** What the build project's Environment gains from the config (merged after the workloads'). */
export function configEnvironment(ctx: SynthContext): {
  variables: Json[];
  privileged: boolean;
} {
  const build = ctx.pipeline.build;
  return {
    variables: (build.variables ?? []).map((v) => ({ Name: v.name, Type: v.type, Value: v.value })),
    privileged: build.privileged === true,
  };
}

/** The project's VpcConfig, or nothing. */
export function vpcConfig(ctx: SynthContext): Record<string, Json> {
  const vpc = ctx.pipeline.build.vpc;
  if (vpc === undefined) return {};
  return {
    VpcConfig: {
      VpcId: vpc.vpcId,
      Subnets: [...vpc.subnets],
      SecurityGroupIds: [...vpc.securityGroups],
    },
  };
}

/** The variable types CodeBuild resolves with the service role when a build starts. */
const VARIABLE_STORES = [
  {
    type: 'PARAMETER_STORE',
    sid: 'ReadBuildParameters',
    action: 'ssm:GetParameters',
    name: (value: string) => value,
    arn: ssmParameterArn,
    why: 'CodeBuild reads parameter-store variables with the service role when the build starts; exactly those parameters',
    doc: BUILD_ENVIRONMENT_DOCS.parameterStore,
  },
  {
    type: 'SECRETS_MANAGER',
    sid: 'ReadBuildSecrets',
    action: 'secretsmanager:GetSecretValue',
    name: secretName,
    arn: secretArnPattern,
    why: 'CodeBuild reads secrets-manager variables with the service role when the build starts; those secrets only (name and its random suffix)',
    doc: BUILD_ENVIRONMENT_DOCS.secretsManager,
  },
] as const;

export function buildEnvironmentGrants(ctx: SynthContext): Grant[] {
  const tools = scopeOf(ctx.pipeline, ctx.tools);
  const variables = ctx.pipeline.build.variables ?? [];
  const vpc = ctx.pipeline.build.vpc;
  return [
    ...VARIABLE_STORES.flatMap((store) => {
      const names = [
        ...new Set(variables.filter((v) => v.type === store.type).map((v) => store.name(v.value))),
      ].sort();
      if (names.length === 0) return [];
      return [
        allow({
          sid: store.sid,
          reason: because(
            `${store.action} of ${names.join(', ')} by CodeBuild for build.environment`,
            store.why,
            store.doc,
          ),
          actions: [store.action],
          resources: names.map((n) => store.arn(tools, n)),
        }),
      ];
    }),
    ...(vpc === undefined
      ? []
      : [
          allow({
            sid: 'BuildInVpc',
            reason: because(
              `ec2:CreateNetworkInterface / DescribeDhcpOptions / DescribeNetworkInterfaces / DeleteNetworkInterface / DescribeSubnets / DescribeSecurityGroups / DescribeVpcs by CodeBuild for ${vpc.vpcId}`,
              'CodeBuild creates the build network interface in the subnets with the service role; the documented policy grants these on *',
              BUILD_ENVIRONMENT_DOCS.vpc,
            ),
            actions: CODEBUILD_VPC_ACTIONS,
            resources: ['*'],
          }),
          allow({
            sid: 'AuthorizeBuildInterfaces',
            reason: because(
              `ec2:CreateNetworkInterfacePermission by CodeBuild on interfaces in ${vpc.subnets.join(', ')}`,
              'only for codebuild.amazonaws.com (ec2:AuthorizedService) and only in the configured subnets (ec2:Subnet), as documented',
              BUILD_ENVIRONMENT_DOCS.vpc,
            ),
            actions: ['ec2:CreateNetworkInterfacePermission'],
            resources: [anyNetworkInterfaceArn(tools)],
            condition: {
              StringEquals: {
                'ec2:Subnet': vpc.subnets.map((s) => subnetArn(tools, s)),
                'ec2:AuthorizedService': 'codebuild.amazonaws.com',
              },
            },
          }),
        ]),
  ];
}

/**
 * The build project's Environment: crossline's own variables and privileged mode (workloads:
 * images force it, for Docker) with the config's after them.
 */
export function buildProjectEnvironment(
  ctx: SynthContext,
  workload: Record<string, Json>,
): Record<string, Json> {
  const image = ctx.pipeline.build.image;
  const own = configEnvironment(ctx);
  const variables = [
    ...((workload.EnvironmentVariables as Json[] | undefined) ?? []),
    ...own.variables,
  ];
  return {
    Type: /aarch64|arm/i.test(image) ? 'ARM_CONTAINER' : 'LINUX_CONTAINER',
    ComputeType: ctx.pipeline.build.computeType,
    Image: image,
    ...(variables.length > 0 ? { EnvironmentVariables: variables } : {}),
    ...(workload.PrivilegedMode === true || own.privileged ? { PrivilegedMode: true } : {}),
  };
}
