import {
  anyNetworkInterfaceArn,
  scopeOf,
  secretArnPattern,
  ssmParameterArn,
  subnetArn,
} from '../../model/index.js';
import type { Json } from '../cfn.js';
import type { SynthContext } from '../context.js';
import { because } from '../policies/sources.js';
import { allow, type Grant } from '../policies/statement.js';

/**
 * `build.environment`, `build.privileged` and `build.vpc` (docs/design.md §12): the build
 * project's EnvironmentVariables / PrivilegedMode / VpcConfig and the build role's grants for
 * them. Each grant exists only when the config asks for it, so other pipelines keep their policy.
 */
export const BUILD_ENV_DOCS = {
  /** "add the ssm:GetParameters action to your CodeBuild service role" (env/parameter-store). */
  parameterStore:
    'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.parameter-store',
  /** secret-id:json-key:version-stage:version-id; the service role reads the secret (env/secrets-manager). */
  secretsManager:
    'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.env.secrets-manager',
  /** The documented policy "to create a VPC network interface". */
  vpc: 'https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface',
  vpcConfig: 'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_VpcConfig.html',
} as const;

/** The EC2 actions CodeBuild's documented VPC policy grants on `*` (they take no resource). */
export const VPC_DESCRIBE_ACTIONS = [
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
];

/** The secret name of a `<secret>[:json-key[:stage[:id]]]` reference. */
export function secretName(reference: string): string {
  return reference.split(':')[0] ?? reference;
}

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

export function buildEnvironmentGrants(ctx: SynthContext): Grant[] {
  const tools = scopeOf(ctx.pipeline, ctx.tools);
  const variables = ctx.pipeline.build.variables ?? [];
  const parameters = [
    ...new Set(variables.filter((v) => v.type === 'PARAMETER_STORE').map((v) => v.value)),
  ].sort();
  const secrets = [
    ...new Set(
      variables.filter((v) => v.type === 'SECRETS_MANAGER').map((v) => secretName(v.value)),
    ),
  ].sort();
  const vpc = ctx.pipeline.build.vpc;
  return [
    ...(parameters.length === 0
      ? []
      : [
          allow({
            sid: 'ReadBuildParameters',
            reason: because(
              `ssm:GetParameters of ${parameters.join(', ')} by CodeBuild for build.environment`,
              'CodeBuild reads parameter-store variables with the service role when the build starts; exactly those parameters',
              BUILD_ENV_DOCS.parameterStore,
            ),
            actions: ['ssm:GetParameters'],
            resources: parameters.map((p) => ssmParameterArn(tools, p)),
          }),
        ]),
    ...(secrets.length === 0
      ? []
      : [
          allow({
            sid: 'ReadBuildSecrets',
            reason: because(
              `secretsmanager:GetSecretValue of ${secrets.join(', ')} by CodeBuild for build.environment`,
              'CodeBuild reads secrets-manager variables with the service role when the build starts; those secrets only (name and its random suffix)',
              BUILD_ENV_DOCS.secretsManager,
            ),
            actions: ['secretsmanager:GetSecretValue'],
            resources: secrets.map((s) => secretArnPattern(tools, s)),
          }),
        ]),
    ...(vpc === undefined
      ? []
      : [
          allow({
            sid: 'BuildInVpc',
            reason: because(
              `ec2:CreateNetworkInterface / DescribeDhcpOptions / DescribeNetworkInterfaces / DeleteNetworkInterface / DescribeSubnets / DescribeSecurityGroups / DescribeVpcs by CodeBuild for ${vpc.vpcId}`,
              'CodeBuild creates the build network interface in the subnets with the service role; the documented policy grants these on *',
              BUILD_ENV_DOCS.vpc,
            ),
            actions: VPC_DESCRIBE_ACTIONS,
            resources: ['*'],
          }),
          allow({
            sid: 'AuthorizeBuildInterfaces',
            reason: because(
              `ec2:CreateNetworkInterfacePermission by CodeBuild on interfaces in ${vpc.subnets.join(', ')}`,
              'only for codebuild.amazonaws.com (ec2:AuthorizedService) and only in the configured subnets (ec2:Subnet), as documented',
              BUILD_ENV_DOCS.vpc,
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
