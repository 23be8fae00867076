/**
 * The bootstrap of OU accounts by service-managed StackSets (docs/design.md §13). The accounts
 * that `ou:` targets (and nothing else) reach get their deploy and execution roles from a
 * StackSet with automatic deployment on their OU, so an account that joins the OU gets them
 * without a crossline run; every other target keeps its own `<name>-target` stack.
 *
 *   one StackSet per outermost targeted OU ──▶ the roles of the OU's members, with the
 *   account id as AWS::AccountId ──▶ members whose roles differ (other stacks, other
 *   policies) are left out (DeploymentTargets DIFFERENCE) and keep their own stack
 *
 * One StackSet per outermost OU, not per stage or per pipeline: IAM roles are global, so an
 * account can hold one `<name>-deploy` role only, and two StackSets on one OU would both
 * deploy to every account that joins it later (the second failing on the existing role).
 * Outermost OUs are disjoint subtrees, so their StackSets never meet in an account.
 */
import {
  compareText,
  type Account,
  type OrganizationRollout,
  type OrganizationUnit,
} from '../model/index.js';
import type { SynthContext } from './context.js';
import { stableJson } from './json.js';
import { PARAM } from './placeholders.js';
import { regionalInputs, storesOfAccount } from './regions.js';
import { parameterRefs, type StackBuild } from './stacks/stack.js';
import { targetStack } from './stacks/target.js';
import type { StackSetOperationPreferences, StackSetPlan, StackSetTargets } from './types.js';

/** AWS's names for the service-managed StackSets features crossline uses. */
export const STACKSETS = {
  permissionModel: 'SERVICE_MANAGED',
  autoDeployment: { Enabled: true, RetainStacksOnAccountRemoval: false },
  capabilities: ['CAPABILITY_NAMED_IAM'],
} as const;

/**
 * Defaults of `organization.rollout`: a quarter of the accounts at once, stop at the first
 * failure. SOFT_FAILURE_TOLERANCE because in the default STRICT mode the concurrency is at
 * most FailureToleranceCount + 1, so a tolerance of 0 would deploy one account at a time
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_StackSetOperationPreferences.html).
 */
export const DEFAULT_ROLLOUT: StackSetOperationPreferences = {
  MaxConcurrentPercentage: 25,
  FailureToleranceCount: 0,
  RegionConcurrencyType: 'SEQUENTIAL',
  ConcurrencyMode: 'SOFT_FAILURE_TOLERANCE',
};

/** One StackSet before it is placed in the plan. */
export interface StackSetBuild {
  readonly name: string;
  readonly unit: OrganizationUnit;
  /** The accounts it brings the roles to, sorted by id. */
  readonly members: readonly Account[];
  /** Accounts under the OU that it leaves out, sorted. */
  readonly excluded: readonly string[];
  /** The first member's stack in StackSet form: its template is the StackSet's. */
  readonly build: StackBuild;
  /** Each member's roles, policies and notes (what verify proves, account by account). */
  readonly memberBuilds: readonly StackBuild[];
  readonly callAs: StackSetPlan['callAs'];
  readonly account: StackSetPlan['account'];
  readonly preferences: StackSetOperationPreferences;
  readonly notes: readonly string[];
}

export const stackSetTemplateFile = (name: string): string => `stacksets/${name}.template.json`;
export const stackSetRequestFile = (name: string): string => `stacksets/${name}.request.json`;

/** The StackSets of a pipeline and the accounts they bring roles to (none without `ou:` targets). */
export function bootstrapStackSets(ctx: SynthContext): {
  readonly sets: readonly StackSetBuild[];
  readonly members: ReadonlySet<string>;
} {
  const org = ctx.pipeline.organization;
  if (org === undefined || org.units.length === 0 || org.ouOnly === undefined)
    return { sets: [], members: new Set() };
  const ouOnly = new Set(org.ouOnly);
  const management = org.managementAccount;
  // The tools and source accounts hold other crossline roles and the management account gets
  // no instance of a service-managed StackSet (cloudformation-coverage-roadmap #1705).
  const candidates = ctx.targets.filter(
    (a) =>
      ouOnly.has(a.id) &&
      a.id !== ctx.tools.id &&
      a.id !== ctx.source.id &&
      a.id !== management &&
      a.orgPath !== undefined,
  );
  const outermost = [...org.units]
    .filter((u) => !org.units.some((o) => o !== u && u.path.startsWith(o.path)))
    .sort((a, b) => compareText(a.id, b.id));
  const { callAs, account } = caller(ctx);
  const sets: StackSetBuild[] = [];
  for (const unit of outermost) {
    const under = candidates
      .filter((a) => a.orgPath!.startsWith(unit.path))
      .sort((a, b) => compareText(a.id, b.id));
    if (under.length === 0) continue;
    const name = `${ctx.names.pipeline}-bootstrap-${unit.id}`;
    const description = `crossline ${ctx.names.pipeline}: deploy and execution roles (StackSet ${name}: the accounts of OU ${unit.id} ${unit.name})`;
    const builds = under.map((a) => targetStack(ctx, a, { description }));
    const keys = builds.map((b) =>
      stableJson({ p: b.template.Parameters, r: b.template.Resources }),
    );
    const count = new Map<string, number>();
    for (const k of keys) count.set(k, (count.get(k) ?? 0) + 1);
    // The roles most members share; on a tie, those of the first account by id.
    const best = keys.reduce((a, k) => (count.get(k)! > count.get(a)! ? k : a), keys[0]);
    const members = under.filter((_, i) => keys[i] === best);
    const memberBuilds = builds.filter((_, i) => keys[i] === best);
    const ids = new Set(members.map((a) => a.id));
    const excluded = (unit.accounts ?? []).filter((id) => !ids.has(id) && id !== management);
    const differing = under.filter((a) => !ids.has(a.id));
    sets.push({
      name,
      unit,
      members,
      excluded,
      build: memberBuilds[0],
      memberBuilds,
      callAs,
      account,
      preferences: operationPreferences(org.rollout),
      notes: [
        `StackSet ${name} (service-managed, automatic deployment) brings the deploy and execution roles to the ${members.length} target account${members.length === 1 ? '' : 's'} of OU ${unit.id} (${unit.name}), and to every account that joins the OU later; it is created from ${account.alias} (${account.id}, CallAs ${callAs}); deploy first deletes a ${ctx.names.targetStack} stack an earlier crossline left in a member account (it holds the same role names)`,
        ...(differing.length === 0
          ? []
          : [
              `OU ${unit.id}: ${differing.map((a) => a.alias).join(', ')} keep${differing.length === 1 ? 's its' : ' their'} own ${ctx.names.targetStack} stack: ${differing.length === 1 ? 'its roles differ' : 'their roles differ'} from the OU's (other stacks, regions or policies), so StackSet ${name} leaves ${differing.length === 1 ? 'it' : 'them'} out`,
            ]),
      ],
    });
  }
  return { sets, members: new Set(sets.flatMap((s) => s.members.map((a) => a.id))) };
}

/**
 * Where the StackSets calls are made (`organization.deployFrom`): `management` calls from the
 * management account (CallAs SELF), `delegated-admin` from the pipeline account as a delegated
 * administrator of StackSets (CallAs DELEGATED_ADMIN,
 * https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/stacksets-orgs-delegated-admin.html).
 * Unset: management when the pipeline account is the management account, else delegated-admin.
 */
function caller(ctx: SynthContext): Pick<StackSetBuild, 'callAs' | 'account'> {
  const org = ctx.pipeline.organization;
  const management = org?.managementAccount;
  const tools = { alias: ctx.tools.alias, id: ctx.tools.id };
  const from =
    org?.deployFrom ??
    (management === undefined || management === ctx.tools.id ? 'management' : 'delegated-admin');
  if (from === 'delegated-admin') return { callAs: 'DELEGATED_ADMIN', account: tools };
  if (management === undefined || management === ctx.tools.id)
    return { callAs: 'SELF', account: tools };
  const named = ctx.pipeline.accounts.find((a) => a.id === management);
  return {
    callAs: 'SELF',
    account: { alias: named?.alias ?? 'management', id: management },
  };
}

/** `organization.rollout` as StackSetOperationPreferences; unset keys keep the defaults. */
export function operationPreferences(
  rollout: OrganizationRollout | undefined,
): StackSetOperationPreferences {
  const max = rollout?.maxConcurrency;
  const tolerance = rollout?.failureTolerance;
  return {
    ...(max === undefined
      ? { MaxConcurrentPercentage: DEFAULT_ROLLOUT.MaxConcurrentPercentage }
      : 'count' in max
        ? { MaxConcurrentCount: max.count }
        : { MaxConcurrentPercentage: max.percent }),
    ...(tolerance === undefined
      ? { FailureToleranceCount: DEFAULT_ROLLOUT.FailureToleranceCount }
      : 'count' in tolerance
        ? { FailureToleranceCount: tolerance.count }
        : { FailureTolerancePercentage: tolerance.percent }),
    RegionConcurrencyType: rollout?.regionConcurrency ?? DEFAULT_ROLLOUT.RegionConcurrencyType,
    ConcurrencyMode: DEFAULT_ROLLOUT.ConcurrencyMode,
  };
}

/** The StackSet in plan.json. */
export function stackSetPlan(
  ctx: SynthContext,
  set: StackSetBuild,
  stackIds: {
    readonly artifacts: string;
    readonly pipeline: string;
    readonly targets: ReadonlyMap<string, string>;
  },
): StackSetPlan {
  const inputs = set.build.inputs ?? [];
  return {
    name: set.name,
    account: set.account,
    callAs: set.callAs,
    region: ctx.region,
    templateFile: stackSetTemplateFile(set.name),
    requestFile: stackSetRequestFile(set.name),
    parameters: [
      ...set.build.parameters.map((name) => ({
        name,
        fromOutput: { stack: stackIds.artifacts, output: name },
      })),
      ...inputs.map((i) => ({ name: i.name, fromOutput: { stack: i.stack, output: i.output } })),
    ],
    dependsOn: [stackIds.artifacts, ...new Set(inputs.map((i) => i.stack))],
    requiredBy: [
      stackIds.pipeline,
      ...set.excluded.flatMap((id) => stackIds.targets.get(id) ?? []),
    ],
    deploymentTargets: deploymentTargets(set),
    accounts: set.members.map((a) => a.id),
    members: set.members.map((a) => ({ alias: a.alias, id: a.id })),
    replacesStack: ctx.names.targetStack,
    autoDeployment: STACKSETS.autoDeployment,
    operationPreferences: set.preferences,
  };
}

export function deploymentTargets(set: Pick<StackSetBuild, 'unit' | 'excluded'>): StackSetTargets {
  return {
    OrganizationalUnitIds: [set.unit.id],
    ...(set.excluded.length === 0
      ? {}
      : { AccountFilterType: 'DIFFERENCE' as const, Accounts: set.excluded }),
  };
}

/**
 * `stacksets/<name>.request.json`: the CreateStackSet and CreateStackInstances requests deploy
 * makes, as the API takes them (TemplateBody: the content of `templateFile`; parameter values
 * known only after deploy carry the placeholders of plan.json).
 */
export function stackSetRequest(ctx: SynthContext, set: StackSetBuild): Record<string, unknown> {
  const member = set.members[0];
  const refs = [...parameterRefs(ctx), ...regionalInputs(storesOfAccount(ctx, member)).refs];
  const names = [...set.build.parameters, ...(set.build.inputs ?? []).map((i) => i.name)];
  const value = (name: string): string =>
    refs.find((r) => r.sub === name)?.text ?? (name === PARAM.bucketName ? ctx.names.bucket : '');
  return {
    account: set.account,
    templateFile: stackSetTemplateFile(set.name),
    createStackSet: {
      StackSetName: set.name,
      Description: set.build.template.Description,
      PermissionModel: STACKSETS.permissionModel,
      AutoDeployment: STACKSETS.autoDeployment,
      Capabilities: STACKSETS.capabilities,
      CallAs: set.callAs,
      Parameters: names.map((n) => ({ ParameterKey: n, ParameterValue: value(n) })),
      Tags: [{ Key: 'crossline:pipeline', Value: ctx.names.pipeline }],
    },
    createStackInstances: {
      StackSetName: set.name,
      DeploymentTargets: deploymentTargets(set),
      Regions: [ctx.region],
      OperationPreferences: set.preferences,
      CallAs: set.callAs,
    },
  };
}
