import { scopeOf, secretArnPattern, ssmParameterArn, subnetArn } from '../../model/index.js';
import { siblingArn, withArnParts } from '../../model/arns.js';
import {
  BUILD_ENVIRONMENT_DOCS,
  CODEBUILD_VPC_ACTIONS,
  secretName,
} from '../../model/build-environment.js';
import type { Pipeline } from '../../model/types.js';
import type { RowGenerator } from '../generator.js';
import { OTHER_SERVICE, unique } from '../negative.js';
import { makeRow, type RowSpec } from '../rows.js';
import { step, type StepTarget } from '../step.js';
import type { Topology } from '../topology.js';
import type { AccessRow } from '../types.js';

/**
 * What `build.environment` and `build.vpc` make the build role read or create, as the script
 * sees it (docs/design.md §12). Absent when the build uses neither.
 */
export interface BuildEnvironmentTopology {
  /** ARNs of the parameter-store variables' parameters. */
  readonly parameters: readonly string[];
  /** ARNs of the secrets-manager variables' secrets, each with a concrete six-character suffix. */
  readonly secrets: readonly string[];
  /** `build.vpc`: the subnets' ARNs (absent without a VPC). */
  readonly subnets?: readonly string[] | undefined;
  /** The build project's security groups' ARNs (absent without a VPC). */
  readonly securityGroups?: readonly string[] | undefined;
}

/**
 * A secret's ARN ends in `-` and six random characters Secrets Manager appends: the rows ask
 * for a concrete one, the policy grants `<name>-??????`.
 */
const SECRET_SUFFIX = 'AbC123';
const secretArn = (pattern: string): string => pattern.replace(/\?{6}$/, SECRET_SUFFIX);

/** The build-environment part of a generated pipeline's topology (nothing without the keys). */
export function buildEnvironmentTopology(p: Pipeline): Pick<Topology, 'buildEnvironment'> {
  const tools = scopeOf(p, p.tools);
  const variables = p.build.variables ?? [];
  const named = (type: string, name: (value: string) => string): string[] =>
    unique(variables.filter((v) => v.type === type).map((v) => name(v.value))).sort();
  const parameters = named('PARAMETER_STORE', (v) => ssmParameterArn(tools, v));
  const secrets = named('SECRETS_MANAGER', (v) =>
    secretArn(secretArnPattern(tools, secretName(v))),
  );
  const vpc = p.build.vpc;
  if (parameters.length === 0 && secrets.length === 0 && vpc === undefined) return {};
  const group = (id: string): string =>
    withArnParts(subnetArn(tools, id), { resource: `security-group/${id}` });
  return {
    buildEnvironment: {
      parameters,
      secrets,
      ...(vpc === undefined
        ? {}
        : {
            subnets: vpc.subnets.map((s) => subnetArn(tools, s)),
            securityGroups: vpc.securityGroups.map(group),
          }),
    },
  };
}

/** A network interface CodeBuild creates for a build (any id: the policy grants `network-interface/*`). */
const interfaceIn = (subnet: string): string =>
  withArnParts(subnet, { resource: 'network-interface/eni-0a1b2c3d4e5f60718' });
/** A subnet of the same account and region that `build.vpc` does not name. */
const otherSubnet = (subnets: readonly string[]): string => {
  const first = subnets[0] ?? '';
  const ids = ['subnet-0000000000000000f', 'subnet-0000000000000000e'];
  const id = ids.find((x) => !subnets.some((s) => s.endsWith(`/${x}`))) ?? ids[0];
  return withArnParts(first, { resource: `subnet/${id}` });
};

/**
 * The requests of `build.environment` and `build.vpc` (docs/design.md §5, §12): CodeBuild reads
 * each parameter-store / secrets-manager variable with the build role when a build starts, and
 * creates (and authorizes) the build's network interface in the configured subnets. Must fail:
 * the build role reading another parameter or secret or writing the named ones; the pipeline
 * role, the test projects' roles and the deploy roles reading them; the interface permission
 * for another subnet or another service; changing the build's interfaces or security groups.
 */
export const buildEnvironmentRows: RowGenerator = (ctx) => {
  const { t } = ctx;
  const env = t.buildEnvironment;
  const build = t.buildRole;
  if (env === undefined || build === undefined) return [];
  const rows: AccessRow[] = [];
  const allow = (spec: RowSpec): void => void rows.push(makeRow('allow', spec));
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  const S = BUILD_ENVIRONMENT_DOCS;
  // What the build reads, per variable type: the read it makes, a write it never makes, and a
  // resource named like the granted one that the grant must not reach.
  const stores = [
    {
      arns: env.parameters,
      verb: 'env.parameter',
      read: 'ssm:GetParameters',
      write: 'ssm:PutParameter',
      source: S.parameterStore,
      // A parameter named like it (catches a trailing `*`).
      alike: (arn: string) => siblingArn(arn, '-other'),
    },
    {
      arns: env.secrets,
      verb: 'env.secret',
      read: 'secretsmanager:GetSecretValue',
      write: 'secretsmanager:PutSecretValue',
      source: S.secretsManager,
      // `<name>-admin-AbC123` is another secret whose name starts with this one's: the six `?`
      // of the grant stop it, a `<name>*` grant would not.
      alike: (arn: string) => arn.replace(/-[^-]{6}$/, `-admin-${arn.slice(-6)}`),
    },
  ];
  const scope = step('negative', { check: 'scope', verb: 'build-env' });
  for (const store of stores) {
    const { read: action, source } = store;
    for (const arn of store.arns) {
      allow({
        step: step('build', { verb: store.verb }),
        principal: build,
        action,
        resource: arn,
        source,
      });
      deny({ step: scope, principal: build, action, resource: store.alike(arn), source });
      deny({ step: scope, principal: build, action: store.write, resource: arn, source });
    }
  }
  const reads = stores.flatMap((s) =>
    s.arns.map((arn) => ({ action: s.read, arn, source: s.source })),
  );
  // Nobody else reads them: the pipeline role and the test builds (their own roles) in the
  // tools account, and the deploy roles (same account or not: crossline grants them nothing).
  const others: { principal: string; target?: StepTarget }[] = [
    { principal: t.pipelineRole },
    ...(t.tests ?? []).map((x) => ({ principal: x.projectRole })),
  ];
  for (const target of t.targets) {
    if (target.deployRole === undefined || others.some((o) => o.principal === target.deployRole))
      continue;
    others.push({
      principal: target.deployRole,
      target: { stage: target.stage, alias: target.alias },
    });
  }
  for (const other of others) {
    for (const read of reads) {
      deny({
        step:
          other.target === undefined
            ? step('negative', { check: 'pipeline', verb: 'build-env' })
            : step('negative', { target: other.target, verb: 'build-env' }),
        principal: other.principal,
        action: read.action,
        resource: read.arn,
        source: read.source,
      });
    }
  }
  rows.push(...vpcRows(t, build, env));
  return rows;
};

function vpcRows(t: Topology, build: string, env: BuildEnvironmentTopology): AccessRow[] {
  const subnets = env.subnets;
  if (subnets === undefined || subnets.length === 0) return [];
  const rows: AccessRow[] = [];
  const allow = (spec: RowSpec): void => void rows.push(makeRow('allow', spec));
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  const source = BUILD_ENVIRONMENT_DOCS.vpc;
  const interfaceStep = step('build', { verb: 'vpc.interface' });
  const inTools = { principalAccount: t.tools, resourceAccount: t.tools };
  for (const subnet of subnets) {
    allow({
      step: interfaceStep,
      principal: build,
      action: 'ec2:CreateNetworkInterface',
      resource: subnet,
      source,
    });
  }
  allow({
    step: interfaceStep,
    principal: build,
    action: 'ec2:DeleteNetworkInterface',
    resource: interfaceIn(subnets[0] ?? ''),
    source,
  });
  // The Describe calls take no resource: the documented policy grants them on `*`.
  for (const action of CODEBUILD_VPC_ACTIONS.filter((a) => a.startsWith('ec2:Describe'))) {
    allow({ step: interfaceStep, principal: build, action, resource: '*', ...inTools, source });
  }
  const pinned = (subnet: string, service = t.services.codebuild) => ({
    'ec2:Subnet': subnet,
    'ec2:AuthorizedService': service,
  });
  for (const subnet of subnets) {
    allow({
      step: step('build', { verb: 'vpc.permission' }),
      principal: build,
      action: 'ec2:CreateNetworkInterfacePermission',
      resource: interfaceIn(subnet),
      context: pinned(subnet),
      source,
    });
  }
  const scope = step('negative', { check: 'scope', verb: 'build-vpc' });
  const eni = interfaceIn(subnets[0] ?? '');
  deny({
    step: scope,
    principal: build,
    action: 'ec2:CreateNetworkInterfacePermission',
    resource: eni,
    context: pinned(otherSubnet(subnets)),
    source,
  });
  deny({
    step: scope,
    principal: build,
    action: 'ec2:CreateNetworkInterfacePermission',
    resource: eni,
    context: pinned(subnets[0] ?? '', OTHER_SERVICE),
    source,
  });
  // Changing the build's interface or opening its security groups is not CodeBuild's to do;
  // the request carries the pinned keys at their worst, so only the action can stop it.
  deny({
    step: scope,
    principal: build,
    action: 'ec2:ModifyNetworkInterfaceAttribute',
    resource: eni,
    context: pinned(subnets[0] ?? ''),
    source,
  });
  for (const group of env.securityGroups ?? []) {
    deny({
      step: scope,
      principal: build,
      action: 'ec2:AuthorizeSecurityGroupIngress',
      resource: group,
      source,
    });
  }
  return rows;
}
