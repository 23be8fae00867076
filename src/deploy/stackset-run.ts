/**
 * The StackSets of plan.json in the deploy graph (docs/design.md §13): a StackSet node waits for
 * the stacks whose outputs feed its parameters (the artifacts stacks), and the stacks it lists
 * in `requiredBy` wait for it: the pipeline, whose actions assume the roles it brings, and the
 * own target stacks of accounts its OU leaves out (a stale instance must go before they create
 * the same role names).
 */
import { CrosslineError } from '../errors/index.js';
import type { PlanDocument, StackId, StackSetPlan, SynthResult } from '../synth/types.js';
import type { DeployPlanOptions } from './deploy-plan.js';
import type { GraphNode } from './graph-runner.js';
import { StackMonitor } from './monitor.js';
import { deployStackSet, destroyStackSet } from './stackset-deploy.js';
import { stackSetNodeId, stackSetTemplate } from './stackset-ids.js';
import type { LeftoverRun } from './stackset-leftovers.js';
import { retireReplacedStacks } from './stackset-retire.js';
import type { DeployEnvironment, StackResult, StackSetResult } from './types.js';
import { stackParameters } from './wiring.js';

/** The stacks of the plan and its StackSets as one dependency graph. */
export function stackSetGraph(plan: Pick<PlanDocument, 'stacks' | 'stackSets'>): GraphNode[] {
  const sets = plan.stackSets ?? [];
  return [
    ...plan.stacks.map((s) => ({
      id: s.id,
      dependsOn: [
        ...s.dependsOn,
        ...sets.filter((x) => x.requiredBy.includes(s.id)).map((x) => stackSetNodeId(x.name)),
      ],
    })),
    ...sets.map((s) => ({ id: stackSetNodeId(s.name), dependsOn: s.dependsOn })),
  ];
}

function monitorOf(set: StackSetPlan, env: DeployEnvironment, verb: 'deploy' | 'destroy') {
  return new StackMonitor(
    { id: stackSetNodeId(set.name), name: set.name, account: set.account },
    env.io,
    env.clock,
    verb,
  );
}

async function apiOf(set: StackSetPlan, env: DeployEnvironment) {
  if (env.stackSetApi === undefined)
    throw new CrosslineError('Internal', 'internal', 'the deploy environment has no StackSets API');
  return env.stackSetApi(set.account, set.region, set.callAs);
}

/**
 * One planned StackSet; before its instances, what holds its role names in the accounts that
 * still need one goes: leftover StackSets of the pipeline whose instances are there, then the
 * old `<name>-target` stacks (their results land in `retired`).
 */
export async function runStackSet(
  synth: SynthResult,
  set: StackSetPlan,
  outputs: ReadonlyMap<StackId, Readonly<Record<string, string>>>,
  env: DeployEnvironment,
  options: Pick<DeployPlanOptions, 'pollIntervalMs' | 'concurrency'>,
  run: { readonly leftovers: LeftoverRun; readonly retired: StackResult[] },
): Promise<StackSetResult> {
  const monitor = monitorOf(set, env, 'deploy');
  const pollMs = options.pollIntervalMs ?? 2000;
  const retire = async (accounts: readonly string[]) => {
    const sets = await run.leftovers.retireFor(set, accounts);
    const rest = accounts.filter((a) => !sets.blocked.includes(a));
    const stacks = await retireReplacedStacks(set, synth.plan.pipeline, rest, env, {
      limit: options.concurrency ?? RETIRE_CONCURRENCY,
      pollMs,
    });
    run.retired.push(...stacks.stacks);
    const reason = [sets.reason, stacks.reason].filter(Boolean).join('; ');
    return {
      blocked: [...sets.blocked, ...stacks.blocked],
      ...(reason === '' ? {} : { reason }),
    };
  };
  try {
    const template = stackSetTemplate(synth, set);
    return await deployStackSet({
      plan: set,
      api: await apiOf(set, env),
      templateBody: JSON.stringify(template),
      description: typeof template.Description === 'string' ? template.Description : set.name,
      parameters: stackParameters(
        { id: stackSetNodeId(set.name), parameters: set.parameters },
        outputs,
      ),
      tags: { 'crossline:pipeline': synth.plan.pipeline },
      monitor,
      clock: env.clock,
      pollMs,
      retire,
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    monitor.status('FAILED', true, reason);
    return { ...notStarted(set), outcome: 'failed', reason, elapsedMs: monitor.elapsedMs };
  }
}

/** Member accounts looked at (and old stacks deleted) at once, unless --concurrency says. */
const RETIRE_CONCURRENCY = 20;

export async function removeStackSet(
  set: StackSetPlan,
  env: DeployEnvironment,
  options: Pick<DeployPlanOptions, 'pollIntervalMs'>,
): Promise<StackSetResult> {
  const monitor = monitorOf(set, env, 'destroy');
  try {
    return await destroyStackSet({
      plan: set,
      api: await apiOf(set, env),
      monitor,
      clock: env.clock,
      pollMs: options.pollIntervalMs ?? 2000,
    });
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    monitor.status('FAILED', true, reason);
    return { ...notStarted(set), outcome: 'failed', reason, elapsedMs: monitor.elapsedMs };
  }
}

export function notStarted(set: StackSetPlan): StackSetResult {
  return {
    id: stackSetNodeId(set.name),
    name: set.name,
    account: set.account,
    outcome: 'not-started',
    elapsedMs: 0,
    operations: [],
    units: [],
  };
}

export { stackSetTemplate } from './stackset-ids.js';
