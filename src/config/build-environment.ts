import * as z from 'zod/mini';

/**
 * `build.environment`, `build.privileged` and `build.vpc` (docs/design.md §12): what the build
 * project's Environment and VpcConfig gain. Ids are checked by shape here, so a typo is a
 * located error before anything reaches CloudFormation.
 */

/** Shell-safe variable names; CodeBuild reserves the CODEBUILD_ prefix and crossline its own. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/**
 * "Do not set any environment variable with a name that starts with CODEBUILD_. This prefix is
 * reserved for internal use." (https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-env-vars.html)
 */
const RESERVED_PREFIX = /^(CODEBUILD_|CROSSLINE_)/;
/** SSM parameter names: letters, digits and `_ . - /` (hierarchies start with `/`). */
const PARAMETER_NAME = /^\/?[A-Za-z0-9_.\-]+(\/[A-Za-z0-9_.\-]+)*$/;
/** A secret name (letters, digits and `/_+=.@-`), optionally followed by `:json-key:stage:id`. */
const SECRET_REFERENCE = /^[A-Za-z0-9/_+=.@-]+(:[^:\s]*){0,3}$/;

export const SUBNET_ID = /^subnet-[0-9a-f]{8}([0-9a-f]{9})?$/;
export const SECURITY_GROUP_ID = /^sg-[0-9a-f]{8}([0-9a-f]{9})?$/;
export const VPC_ID = /^vpc-[0-9a-f]{8}([0-9a-f]{9})?$/;

const variableValue = z.union([
  z.string().register(z.globalRegistry, {
    description: 'A plain value (CodeBuild type PLAINTEXT: visible in the console)',
  }),
  z
    .strictObject({
      'parameter-store': z
        .string()
        .check(z.regex(PARAMETER_NAME, 'not a Parameter Store parameter name (e.g. /shop/api-url)'))
        .register(z.globalRegistry, {
          description: 'Name of a Systems Manager parameter in the tools account and region',
        }),
    })
    .register(z.globalRegistry, {
      description: 'CodeBuild type PARAMETER_STORE; the build role may ssm:GetParameters on it',
    }),
  z
    .strictObject({
      'secrets-manager': z
        .string()
        .check(
          z.regex(
            SECRET_REFERENCE,
            'not a secret reference: give <secret-name>[:json-key[:version-stage[:version-id]]]',
          ),
        )
        .register(z.globalRegistry, {
          description:
            'Secret name in the tools account and region, then optional :json-key:stage:id',
        }),
    })
    .register(z.globalRegistry, {
      description:
        'CodeBuild type SECRETS_MANAGER; the build role may GetSecretValue on that secret',
    }),
]);

export const buildEnvironmentShape = {
  environment: z
    .optional(
      z
        .record(
          z
            .string()
            .check(
              z.regex(
                VARIABLE_NAME,
                'not a variable name: letters, digits and _, not starting with a digit',
              ),
            ),
          variableValue,
        )
        .check(
          z.superRefine((variables, ctx) => {
            // A refinement on the key would surface as zod's "Invalid key in record": say why here.
            for (const name of Object.keys(variables).filter((n) => RESERVED_PREFIX.test(n))) {
              ctx.addIssue({
                code: 'custom',
                path: [name],
                message: `${name}: CODEBUILD_ is reserved by CodeBuild and CROSSLINE_ by crossline; rename the variable`,
              });
            }
          }),
        ),
    )
    .register(z.globalRegistry, {
      description:
        'Environment variables of the build: plain values, parameter-store or secrets-manager',
    }),
  privileged: z.optional(z.boolean()).register(z.globalRegistry, {
    description:
      'Run the build in privileged mode, for docker build (default false; true with images)',
  }),
  vpc: z
    .optional(
      z.strictObject({
        vpcId: z.string().check(z.regex(VPC_ID, 'not a VPC id (vpc-0123456789abcdef0)')),
        subnets: z
          .array(z.string().check(z.regex(SUBNET_ID, 'not a subnet id (subnet-0123456789abcdef0)')))
          .check(
            z.minLength(1, 'give at least one subnet (private, with a NAT route)'),
            z.maxLength(16, 'CodeBuild takes at most 16 subnets'),
          ),
        securityGroups: z
          .array(
            z
              .string()
              .check(z.regex(SECURITY_GROUP_ID, 'not a security group id (sg-0123456789abcdef0)')),
          )
          .check(
            z.minLength(1, 'give at least one security group'),
            z.maxLength(5, 'CodeBuild takes at most 5 security groups'),
          ),
      }),
    )
    .register(z.globalRegistry, {
      description: 'Run the build in these subnets of a VPC in the tools account (VpcConfig)',
    }),
};

/** What to do about a problem under build.environment / privileged / vpc (undefined: not ours). */
export function buildEnvironmentHint(key: string): string | undefined {
  if (key === 'build.vpc.vpcId')
    return 'the id of a VPC in the tools account and region, e.g. vpc-0123456789abcdef0 (aws ec2 describe-vpcs)';
  if (key.startsWith('build.vpc.subnets'))
    return 'private subnets (with a NAT route) of that VPC, e.g. subnets: [subnet-0123456789abcdef0] (aws ec2 describe-subnets)';
  if (key.startsWith('build.vpc.securityGroups'))
    return 'security groups of that VPC, e.g. securityGroups: [sg-0123456789abcdef0]';
  if (key.startsWith('build.vpc'))
    return 'e.g. vpc: { vpcId: vpc-…, subnets: [subnet-…], securityGroups: [sg-…] }';
  if (key === 'build.privileged') return 'use true or false, e.g. privileged: true (docker build)';
  if (key.startsWith('build.environment'))
    return 'e.g. environment: { NODE_ENV: production, API_URL: { parameter-store: /shop/api-url }, DB_PASSWORD: { secrets-manager: shop/db:password } }';
  return undefined;
}
