/**
 * StackSets crossline made for this pipeline that the plan no longer has (docs/design.md §13):
 * named `<name>-bootstrap-<ou>`, tagged `crossline:pipeline=<name>`, listed where the plan's
 * StackSets are made (ListStackSets, DescribeStackSet, ListStackInstances).
 *
 *   its instances are in accounts a planned StackSet still has to reach (the targeted OU moved
 *   to a parent or a child) ─▶ replaced: deploy deletes it, instances first, before those
 *   accounts' instances (it holds the same role names, and its automatic deployment would
 *   keep bringing them to every account that joins its OU)
 *   otherwise (its OU was dropped from the config) ─▶ left: deploy reports it (`kept`), as it
 *   leaves the stacks of an account the config no longer targets; destroy deletes it
 *
 * Why deploy leaves it: deleting its instances deletes `<name>-cfn-exec` in every account of
 * the OU, and the workload stacks deployed there with it as their service role can then be
 * neither updated nor deleted until a role is given again
 * (https://repost.aws/knowledge-center/cloudformation-role-arn-error). That is for an
 * explicit, confirmed `destroy`.
 */
import { errorMessage, errorName, type StackInstance } from '../aws/index.js';
import { IO } from '../io/index.js';
import type { PlanDocument, StackSetPlan } from '../synth/types.js';
import type { DeployPlanOptions } from './deploy-plan.js';
import { stackSetNodeId } from './stackset-ids.js';
import { PIPELINE_TAG } from './stackset-retire.js';
import { removeStackSet } from './stackset-run.js';
import type { DeployEnvironment, StackSetResult, StackSetUnitResult } from './types.js';

export interface LeftoverStackSet {
  /** Its calls as destroy makes them: the caller of the planned StackSets, its OU. */
  readonly plan: StackSetPlan;
  readonly instances: readonly StackInstance[];
  readonly templateBody: string;
}

/** Every leftover StackSet of this pipeline, and what could not be listed (warnings). */
export async function findLeftoverStackSets(
  plan: Pick<PlanDocument, 'pipeline' | 'stackSets'>,
  env: Pick<DeployEnvironment, 'stackSetApi'>,
): Promise<{ readonly sets: readonly LeftoverStackSet[]; readonly warnings: readonly string[] }> {
  const planned = plan.stackSets ?? [];
  if (planned.length === 0 || env.stackSetApi === undefined) return { sets: [], warnings: [] };
  const names = new Set(planned.map((s) => s.name));
  const prefix = `${plan.pipeline}-bootstrap-`;
  // One listing per place the calls are made (account, region, CallAs).
  const callers = new Map(
    planned.map((s) => [`${s.account.id}/${s.region}/${s.callAs}`, s] as const),
  );
  const sets: LeftoverStackSet[] = [];
  const warnings: string[] = [];
  for (const caller of callers.values()) {
    const api = await env.stackSetApi(caller.account, caller.region, caller.callAs);
    let listed: readonly string[];
    try {
      listed = await api.list();
    } catch (e) {
      if (!/AccessDenied/.test(errorName(e))) throw e;
      warnings.push(
        `could not list the StackSets of ${caller.account.alias} (${caller.account.id}) to find those of ${plan.pipeline} the config no longer has (${errorName(e)}); a dropped OU keeps its StackSet`,
      );
      continue;
    }
    for (const name of [...listed].sort()) {
      if (!name.startsWith(prefix) || names.has(name)) continue;
      const d = await api.describe(name);
      if (d === undefined || d.tags[PIPELINE_TAG] !== plan.pipeline) continue;
      if (d.permissionModel !== undefined && d.permissionModel !== 'SERVICE_MANAGED') continue;
      sets.push({
        plan: leftoverPlan(caller, name, name.slice(prefix.length)),
        instances: await api.instances(name),
        templateBody: d.templateBody,
      });
    }
  }
  return { sets, warnings };
}

/**
 * {@link findLeftoverStackSets} for deploy and destroy: its warnings sent, and a listing that
 * fails is a warning too (what is left stays; CloudFormation reports a clash of role names).
 */
export async function leftoverStackSets(
  plan: Pick<PlanDocument, 'pipeline' | 'stackSets'>,
  env: Pick<DeployEnvironment, 'stackSetApi' | 'io'>,
): Promise<readonly LeftoverStackSet[]> {
  try {
    const found = await findLeftoverStackSets(plan, env);
    for (const w of found.warnings) env.io.notify(IO.DEPLOY_RETIRE_WARNING.msg(w));
    return found.sets;
  } catch (e) {
    env.io.notify(
      IO.DEPLOY_RETIRE_WARNING.msg(
        `could not look for StackSets of ${plan.pipeline} the config no longer has: ${errorMessage(e)}`,
      ),
    );
    return [];
  }
}

function leftoverPlan(caller: StackSetPlan, name: string, ou: string): StackSetPlan {
  return {
    ...caller,
    name,
    templateFile: '',
    requestFile: '',
    parameters: [],
    dependsOn: [],
    requiredBy: [],
    deploymentTargets: { OrganizationalUnitIds: [ou] },
    accounts: [],
    members: [],
  };
}

/** The leftover StackSets whose instances are in any of these accounts. */
export function overlapping(
  sets: readonly LeftoverStackSet[],
  accounts: readonly string[],
): LeftoverStackSet[] {
  const wanted = new Set(accounts);
  return sets.filter((l) => l.instances.some((i) => wanted.has(i.account)));
}

/**
 * The leftovers of one deploy run: each replaced one deleted once (two planned StackSets may
 * need the same one gone), the others reported at the end.
 */
export class LeftoverRun {
  private readonly removed = new Map<string, Promise<StackSetResult>>();

  constructor(
    private readonly sets: readonly LeftoverStackSet[],
    private readonly env: DeployEnvironment,
    private readonly options: Pick<DeployPlanOptions, 'pollIntervalMs'>,
  ) {}

  /** Deletes the leftovers that hold role names in these accounts of `set`. */
  async retireFor(
    set: StackSetPlan,
    accounts: readonly string[],
  ): Promise<{ blocked: string[]; reason?: string }> {
    const blocked: string[] = [];
    const reasons: string[] = [];
    for (const l of overlapping(this.sets, accounts)) {
      let run = this.removed.get(l.plan.name);
      if (run === undefined) {
        this.env.io.notify(
          IO.DEPLOY_RETIRE.msg(
            `retire StackSet ${l.plan.name} from ${l.plan.account.alias} (replaced by StackSet ${set.name})`,
            {
              id: stackSetNodeId(l.plan.name),
              account: l.plan.account.alias,
              accountId: l.plan.account.id,
              stack: l.plan.name,
              region: l.plan.region,
              replacedBy: set.name,
            },
          ),
        );
        run = removeStackSet(l.plan, this.env, this.options).then((r) => ({
          ...r,
          leftover: true,
          replacedBy: set.name,
        }));
        this.removed.set(l.plan.name, run);
      }
      const r = await run;
      if (r.outcome !== 'failed') continue;
      const theirs = new Set(l.instances.map((i) => i.account));
      blocked.push(...accounts.filter((a) => theirs.has(a)));
      reasons.push(`retire StackSet ${l.plan.name} failed: ${r.reason ?? 'failed'}`);
    }
    return { blocked, ...(reasons.length === 0 ? {} : { reason: reasons.join('; ') }) };
  }

  /** Each leftover's result: deleted (or failed) when replaced, else kept with a warning. */
  async results(): Promise<StackSetResult[]> {
    const out: StackSetResult[] = [];
    for (const l of this.sets) {
      const run = this.removed.get(l.plan.name);
      if (run !== undefined) {
        out.push(await run);
        continue;
      }
      const reason = keptReason(l);
      this.env.io.notify(IO.DEPLOY_RETIRE_WARNING.msg(`StackSet ${l.plan.name} ${reason}`));
      out.push({
        id: stackSetNodeId(l.plan.name),
        name: l.plan.name,
        account: l.plan.account,
        outcome: 'kept',
        reason,
        elapsedMs: 0,
        operations: [],
        units: unitsOf(l),
        leftover: true,
      });
    }
    return out;
  }
}

/** Why a leftover stays, and how to remove it (destroy, or the two AWS CLI calls). */
export function keptReason(l: LeftoverStackSet): string {
  const ous = [...new Set(l.instances.flatMap((i) => i.ou ?? []))].sort();
  const targets = ous.length > 0 ? ous : l.plan.deploymentTargets.OrganizationalUnitIds;
  const regions = [...new Set(l.instances.map((i) => i.region))].sort();
  const callAs = l.plan.callAs === 'DELEGATED_ADMIN' ? ' --call-as DELEGATED_ADMIN' : '';
  const n = l.instances.length;
  return `is no longer in the plan (OU ${targets.join(', ')} is not targeted): its ${n} instance${n === 1 ? '' : 's'} keep${n === 1 ? 's' : ''} the roles; crossline destroy removes it, or by hand: aws cloudformation delete-stack-instances --stack-set-name ${l.plan.name} --deployment-targets OrganizationalUnitIds=${targets.join(',')} --regions ${(regions.length > 0 ? regions : [l.plan.region]).join(' ')} --no-retain-stacks${callAs}, then aws cloudformation delete-stack-set --stack-set-name ${l.plan.name}${callAs}`;
}

function unitsOf(l: LeftoverStackSet): StackSetUnitResult[] {
  const main = l.plan.deploymentTargets.OrganizationalUnitIds[0];
  const ous = [...new Set(l.instances.map((i) => i.ou ?? main))].sort();
  return ous.map((ou) => {
    const mine = l.instances.filter((i) => (i.ou ?? main) === ou);
    return {
      ou,
      instances: mine.length,
      current: mine.filter((i) => i.status === 'CURRENT').length,
      failed: 0,
      reasons: [],
    };
  });
}
