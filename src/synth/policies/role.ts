import type { Account } from '../../model/index.js';
import type { SynthContext } from '../context.js';
import type { PolicyStatement } from '../types.js';
import { because, DOCS } from './sources.js';
import { allow, awsPrincipal, pinnedTo, type Grant } from './statement.js';

/**
 * One IAM role as data. The template's AWS::IAM::Role and the PolicyEntry documents are both
 * rendered from this, so what `verify` evaluates is what CloudFormation creates.
 */
export interface RoleSpec {
  /** Prefix of its policies/ files, e.g. `source-role`, `target-staging-deploy-role`. */
  readonly key: string;
  readonly logicalId: string;
  readonly name: string;
  readonly account: Account;
  readonly arn: string;
  readonly trust: readonly Grant[];
  readonly permissions: readonly Grant[];
  /** AWS or customer managed policies from the config (execution role). */
  readonly managedPolicyArns: readonly string[];
  /** One line each for `plan`: what the role may do, and why it exists. */
  readonly may: string;
  readonly why: string;
}

/**
 * Trust for a role the pipeline role assumes from the tools account: the tools root as
 * principal (the pipeline role does not exist yet when this role is created) and the exact
 * pipeline role pinned with aws:PrincipalArn.
 */
export function trustPipelineRole(ctx: SynthContext, purpose: string): Grant {
  return allow({
    sid: 'AssumedByPipelineRole',
    reason: because(
      `sts:AssumeRole by the pipeline role (tools account) to run ${purpose}`,
      'CodePipeline assumes the action role with the pipeline role; the account root is named because the pipeline role is created later, and aws:PrincipalArn pins it',
      DOCS.crossAccountPipeline,
    ),
    principal: awsPrincipal([ctx.arns.toolsRoot]),
    actions: ['sts:AssumeRole'],
    resources: [],
    condition: pinnedTo([ctx.arns.pipelineRole]),
  });
}

/** Trust for a service principal, scoped to this account (and the calling resource). */
export function trustService(
  ctx: SynthContext,
  service: string,
  account: Account,
  sourceArn: string | undefined,
  request: string,
  source: string,
): Grant {
  const condition: NonNullable<PolicyStatement['Condition']> = {
    StringEquals: { 'aws:SourceAccount': account.id },
    ...(sourceArn === undefined ? {} : { ArnEquals: { 'aws:SourceArn': sourceArn } }),
  };
  return allow({
    sid: 'AssumedByService',
    reason: because(
      `sts:AssumeRole by ${ctx.service(service)} ${request}`,
      'the service assumes the role; aws:SourceAccount' +
        (sourceArn === undefined ? '' : ' and aws:SourceArn') +
        ' stop other accounts from using it as a confused deputy',
      `${source} ; ${DOCS.confusedDeputy}`,
    ),
    principal: { Service: ctx.service(service) },
    actions: ['sts:AssumeRole'],
    resources: [],
    condition,
  });
}

/** What a CodeBuild project's service role takes besides what every such role has. */
export interface CodeBuildRoleInput extends Pick<
  RoleSpec,
  'key' | 'logicalId' | 'name' | 'arn' | 'may' | 'why'
> {
  readonly project: { readonly name: string; readonly arn: string };
  /** The project's own log group (created by the pipeline stack) and why the project logs there. */
  readonly logs: {
    readonly sid: string;
    readonly group: string;
    readonly arn: string;
    readonly why: string;
  };
  /** The grants after the log statement. */
  readonly permissions: readonly Grant[];
}

/**
 * The service role of a CodeBuild project in the tools account: trusted by CodeBuild for that
 * project only, streaming to the project's log group, then `permissions`.
 */
export function codeBuildRole(ctx: SynthContext, o: CodeBuildRoleInput): RoleSpec {
  return {
    key: o.key,
    logicalId: o.logicalId,
    name: o.name,
    account: ctx.tools,
    arn: o.arn,
    trust: [
      trustService(
        ctx,
        'codebuild',
        ctx.tools,
        o.project.arn,
        `for the project ${o.project.name}`,
        DOCS.codeBuildServiceRole,
      ),
    ],
    permissions: [
      allow({
        sid: o.logs.sid,
        reason: because(
          `logs:CreateLogStream / PutLogEvents in ${o.logs.group}`,
          o.logs.why,
          DOCS.codeBuildServiceRole,
        ),
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [o.logs.arn, `${o.logs.arn}:log-stream:*`],
      }),
      ...o.permissions,
    ],
    managedPolicyArns: [],
    may: o.may,
    why: o.why,
  };
}
