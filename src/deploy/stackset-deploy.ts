/**
 * One service-managed StackSet, made to match the plan (docs/design.md §13):
 *
 *   first, the planned accounts without a CURRENT instance: what holds their role names is
 *   retired (`retire`: an old `<name>-target` stack, a StackSet the plan no longer has);
 *   an account where that fails is left out of this run's instance operations
 *   absent ─────────────────────────────▶ CreateStackSet ─────────────▶ created
 *   same template, parameters, auto-deployment, no outdated instance ──▶ unchanged
 *   otherwise ───────────▶ UpdateStackSet ─▶ wait for the operation ──▶ updated
 *   then the instances: none yet ─▶ CreateStackInstances on the OU (DIFFERENCE: the accounts
 *   left out); planned accounts without one ─▶ CreateStackInstances (INTERSECTION: those);
 *   left-out accounts with one ─▶ DeleteStackInstances (INTERSECTION: those)
 *
 * Accounts that joined the OU after the snapshot keep the instance automatic deployment gave
 * them. StackSets runs one operation at a time per StackSet, so each is waited for
 * (DescribeStackSetOperation) before the next, with its status as progress; the run ends with
 * the instances per OU.
 */
import {
  errorMessage,
  type OperationResult,
  type StackSetApi,
  type StackSetInput,
  type StackSetTargetsInput,
} from '../aws/index.js';
import { isCrosslineError } from '../errors/index.js';
import { stackSetNodeId } from './stackset-ids.js';
import { awaitingInstance } from './stackset-retire.js';
import type { StackSetPlan } from '../synth/types.js';
import type { StackMonitor } from './monitor.js';
import type { Clock, StackOutcome, StackSetResult, StackSetUnitResult } from './types.js';

export interface StackSetDeployRequest {
  readonly plan: StackSetPlan;
  readonly api: StackSetApi;
  /** The template as sent (compact JSON). */
  readonly templateBody: string;
  readonly description: string;
  readonly parameters: Readonly<Record<string, string>>;
  readonly tags: Readonly<Record<string, string>>;
  readonly monitor: StackMonitor;
  readonly clock: Clock;
  readonly pollMs: number;
  /**
   * Removes what holds the StackSet's role names in these accounts, before their instances
   * (stackset-retire.ts); `blocked`: accounts where that failed, why in `reason`.
   */
  readonly retire?: (accounts: readonly string[]) => Promise<{
    readonly blocked: readonly string[];
    readonly reason?: string | undefined;
  }>;
}

/** Terminal statuses of a StackSet operation (API_StackSetOperation.html). */
const DONE = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

/** A StackSet's result, its final status shown on its monitor (deploy and destroy). */
function settled(
  r: Pick<StackSetDeployRequest, 'plan' | 'monitor'>,
  operations: readonly string[],
  units: readonly StackSetUnitResult[],
  outcome: StackOutcome,
  reason?: string,
): StackSetResult {
  r.monitor.status(outcome === 'failed' ? 'FAILED' : outcome.toUpperCase(), true, reason);
  return {
    id: stackSetNodeId(r.plan.name),
    name: r.plan.name,
    account: r.plan.account,
    outcome,
    ...(reason === undefined ? {} : { reason }),
    elapsedMs: r.monitor.elapsedMs,
    operations,
    units,
  };
}

export async function deployStackSet(r: StackSetDeployRequest): Promise<StackSetResult> {
  const { plan, api, monitor } = r;
  const operations: string[] = [];
  const results: OperationResult[] = [];
  const finish = async (outcome: StackOutcome, reason?: string): Promise<StackSetResult> =>
    settled(r, operations, await unitResults(api, plan, results).catch(() => []), outcome, reason);
  /** Runs one operation to its end; undefined when it succeeded, else why it did not. */
  const run = async (action: string, start: () => Promise<string>): Promise<string | undefined> => {
    monitor.status(`${action} STARTING`);
    const id = await start();
    operations.push(`${action} ${id}`);
    let state = await api.operation(plan.name, id);
    while (!DONE.has(state.status)) {
      monitor.status(`${action} ${state.status}`);
      await r.clock.sleep(r.pollMs);
      state = await api.operation(plan.name, id);
    }
    monitor.status(`${action} ${state.status}`);
    const got = await api.operationResults(plan.name, id);
    results.push(...got);
    if (state.status === 'SUCCEEDED') return undefined;
    const failed = got.filter((x) => x.status === 'FAILED');
    const detail = failed
      .slice(0, 3)
      .map((x) => `${x.account}: ${x.reason ?? 'failed'}`)
      .join('; ');
    return `${action} ${state.status}${failed.length > 0 ? ` in ${failed.length} account${failed.length === 1 ? '' : 's'} (${detail})` : ''}${state.reason ? `: ${state.reason}` : ''}`;
  };

  try {
    const input: StackSetInput = {
      name: plan.name,
      description: r.description,
      templateBody: r.templateBody,
      parameters: r.parameters,
      tags: r.tags,
      autoDeployment: plan.autoDeployment,
    };
    const prefs = plan.operationPreferences;
    const regions = [plan.region];
    monitor.status('CHECKING');
    const current = await api.describe(plan.name);
    let outcome: StackOutcome = 'unchanged';
    const instances = current === undefined ? [] : await api.instances(plan.name);
    const here = instances.filter((i) => i.region === plan.region);
    const waiting = awaitingInstance(plan, here);
    const retired =
      waiting.length > 0 && r.retire !== undefined ? await r.retire(waiting) : { blocked: [] };
    const blocked = new Set(retired.blocked);
    const planned = new Set(plan.accounts.filter((a) => !blocked.has(a)));
    if (current === undefined) {
      monitor.status('CREATE_STACK_SET');
      await api.create(input);
      outcome = 'created';
    } else if (
      differs(current, input) ||
      here.some((i) => planned.has(i.account) && i.status !== 'CURRENT')
    ) {
      const failed = await run('UPDATE_STACK_SET', () => api.update(input, prefs));
      if (failed !== undefined)
        return await finish('failed', [retired.reason, failed].filter(Boolean).join('; '));
      outcome = 'updated';
    }

    const ous = plan.deploymentTargets.OrganizationalUnitIds;
    const excluded = new Set(plan.deploymentTargets.Accounts ?? []);
    const have = new Set(here.map((i) => i.account));
    const steps: { action: string; start: () => Promise<string> }[] = [];
    if (here.length === 0) {
      // Accounts whose old stack could not be retired wait, left out like the excluded ones.
      const left = [...excluded, ...blocked].sort();
      const targets: StackSetTargetsInput =
        left.length === 0
          ? { OrganizationalUnitIds: ous }
          : { OrganizationalUnitIds: ous, AccountFilterType: 'DIFFERENCE', Accounts: left };
      if (planned.size > 0)
        steps.push({
          action: 'CREATE_STACK_INSTANCES',
          start: () => api.createInstances(plan.name, targets, regions, prefs),
        });
    } else {
      const only = (accounts: readonly string[]): StackSetTargetsInput => ({
        OrganizationalUnitIds: ous,
        AccountFilterType: 'INTERSECTION',
        Accounts: accounts,
      });
      const missing = plan.accounts.filter((a) => !have.has(a) && !blocked.has(a));
      if (missing.length > 0)
        steps.push({
          action: 'CREATE_STACK_INSTANCES',
          start: () => api.createInstances(plan.name, only(missing), regions, prefs),
        });
      const stale = [...have].filter((a) => excluded.has(a)).sort();
      if (stale.length > 0)
        steps.push({
          action: 'DELETE_STACK_INSTANCES',
          start: () => api.deleteInstances(plan.name, only(stale), regions, prefs),
        });
      // Instances deployed through an OU the plan no longer targets (where AWS says which).
      const dropped = [...new Set(here.flatMap((i) => i.ou ?? []))].filter((o) => !ous.includes(o));
      if (dropped.length > 0)
        steps.push({
          action: 'DELETE_STACK_INSTANCES',
          start: () =>
            api.deleteInstances(plan.name, { OrganizationalUnitIds: dropped }, regions, prefs),
        });
    }
    for (const step of steps) {
      const failed = await run(step.action, step.start);
      if (failed !== undefined)
        return await finish('failed', [retired.reason, failed].filter(Boolean).join('; '));
      if (outcome === 'unchanged') outcome = 'updated';
    }
    return await finish(retired.reason === undefined ? outcome : 'failed', retired.reason);
  } catch (e) {
    return finish('failed', isCrosslineError(e) ? e.message : errorMessage(e));
  }
}

/** Whether the deployed StackSet differs from the one planned (what UpdateStackSet would change). */
function differs(
  current: {
    templateBody: string;
    parameters: Readonly<Record<string, string>>;
    autoDeployment?: { enabled: boolean; retainStacksOnAccountRemoval: boolean } | undefined;
  },
  input: StackSetInput,
): boolean {
  if (current.templateBody !== input.templateBody) return true;
  const a = Object.entries(current.parameters).sort();
  const b = Object.entries(input.parameters).sort();
  if (JSON.stringify(a) !== JSON.stringify(b)) return true;
  const auto = current.autoDeployment;
  return (
    auto !== undefined &&
    (auto.enabled !== input.autoDeployment.Enabled ||
      auto.retainStacksOnAccountRemoval !== input.autoDeployment.RetainStacksOnAccountRemoval)
  );
}

/** Per OU: the instances after the run and the accounts this run's operations failed in. */
async function unitResults(
  api: StackSetApi,
  plan: StackSetPlan,
  results: readonly OperationResult[],
): Promise<StackSetUnitResult[]> {
  const main = plan.deploymentTargets.OrganizationalUnitIds[0];
  const instances = (await api.instances(plan.name)).filter((i) => i.region === plan.region);
  const ous = [
    ...new Set([
      ...plan.deploymentTargets.OrganizationalUnitIds,
      ...instances.flatMap((i) => i.ou ?? []),
    ]),
  ];
  return ous.map((ou) => {
    const mine = instances.filter((i) => (i.ou ?? main) === ou);
    const failed = results.filter((x) => (x.ou ?? main) === ou && x.status === 'FAILED');
    return {
      ou,
      instances: mine.length,
      current: mine.filter((i) => i.status === 'CURRENT').length,
      failed: failed.length,
      reasons: failed.slice(0, 5).map((x) => `${x.account}: ${x.reason ?? 'failed'}`),
    };
  });
}

/**
 * destroy: the instances first (DeleteStackInstances on their OUs, RetainStacks false, so the
 * roles go), then the StackSet (DeleteStackSet refuses one with instances).
 */
export async function destroyStackSet(
  r: Pick<StackSetDeployRequest, 'plan' | 'api' | 'monitor' | 'clock' | 'pollMs'>,
): Promise<StackSetResult> {
  const { plan, api, monitor } = r;
  const operations: string[] = [];
  const done = (outcome: StackOutcome, reason?: string): StackSetResult =>
    settled(r, operations, [], outcome, reason);
  try {
    if ((await api.describe(plan.name)) === undefined) return done('absent');
    const instances = await api.instances(plan.name);
    if (instances.length > 0) {
      const main = plan.deploymentTargets.OrganizationalUnitIds[0];
      const ous = [...new Set(instances.map((i) => i.ou ?? main))].sort();
      const regions = [...new Set(instances.map((i) => i.region))].sort();
      monitor.status('DELETE_STACK_INSTANCES STARTING');
      const id = await api.deleteInstances(
        plan.name,
        { OrganizationalUnitIds: ous },
        regions,
        plan.operationPreferences,
      );
      operations.push(`DELETE_STACK_INSTANCES ${id}`);
      let state = await api.operation(plan.name, id);
      while (!DONE.has(state.status)) {
        monitor.status(`DELETE_STACK_INSTANCES ${state.status}`);
        await r.clock.sleep(r.pollMs);
        state = await api.operation(plan.name, id);
      }
      if (state.status !== 'SUCCEEDED')
        return done(
          'failed',
          `DELETE_STACK_INSTANCES ${state.status}${state.reason ? `: ${state.reason}` : ''}`,
        );
    }
    monitor.status('DELETE_STACK_SET');
    await api.delete(plan.name);
    return done('deleted');
  } catch (e) {
    return done('failed', isCrosslineError(e) ? e.message : errorMessage(e));
  }
}

export { stackSetNodeId } from './stackset-ids.js';
