/**
 * Facts about `build.environment` and `build.vpc` that synth (the build role's grants) and
 * verify (the rows that check them) both need: one list each, declared here.
 */

const CODEBUILD = 'https://docs.aws.amazon.com/codebuild/latest';

/** Where the claims about CodeBuild's build environment come from. */
export const BUILD_ENVIRONMENT_DOCS = {
  /** "add the ssm:GetParameters action to your CodeBuild service role" (env/parameter-store). */
  parameterStore: `${CODEBUILD}/userguide/build-spec-ref.html#build-spec.env.parameter-store`,
  /** secret-id:json-key:version-stage:version-id; the service role reads the secret (env/secrets-manager). */
  secretsManager: `${CODEBUILD}/userguide/build-spec-ref.html#build-spec.env.secrets-manager`,
  /** The documented service-role policy "to create a VPC network interface". */
  vpc: `${CODEBUILD}/userguide/auth-and-access-control-iam-identity-based-access-control.html#customer-managed-policies-example-create-vpc-network-interface`,
} as const;

/**
 * The EC2 calls of CodeBuild's documented VPC policy, granted on `*` (the Describe calls take
 * no resource).
 */
export const CODEBUILD_VPC_ACTIONS: readonly string[] = [
  'ec2:CreateNetworkInterface',
  'ec2:DeleteNetworkInterface',
  'ec2:DescribeDhcpOptions',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcs',
];

/** The secret name of a `<secret>[:json-key[:stage[:id]]]` reference: the part before the first colon. */
export function secretName(reference: string): string {
  return reference.split(':')[0] ?? reference;
}
