/**
 * Deploys every stack of plan.json into its account, in dependency order, independent stacks in
 * parallel (docs/design.md §8). For the usual plan that is the critical path
 *
 *   artifacts (tools) ─▶ source (source) ∥ target × N (each target account) ─▶ pipeline (tools)
 *                    └─▶ StackSet × OU (roles of the OU's accounts, docs/design.md §13) ─┘
 *                          (first retiring, in accounts that still need an instance, an old
 *                          `<name>-target` stack or a StackSet the plan no longer has)
 *
 * three stack durations whatever N is. On a failure nothing new starts, stacks in flight finish,
 * and every stack's state is reported; running again converges.
 */
import { IO } from '../io/index.js';
import { errorMessage } from '../aws/index.js';
import { isCrosslineError } from '../errors/index.js';
import type { StackId, SynthResult } from '../synth/types.js';
import { deployStack } from './deploy-stack.js';
import { runGraph } from './graph-runner.js';
import { acquireLock, type LockRecord } from './lock.js';
import { StackMonitor } from './monitor.js';
import { allSucceeded, resultsInPlanOrder } from './stack-results.js';
import { templateUrlFor } from './template-source.js';
import { notStarted, runStackSet, stackSetGraph } from './stackset-run.js';
import { LeftoverRun, leftoverStackSets } from './stackset-leftovers.js';
import { stackSetNodeId } from './stackset-deploy.js';
import type { DeployEnvironment, StackResult, StackSetResult } from './types.js';
import { resolvePlaceholders, stackParameters } from './wiring.js';

export interface DeployPlanOptions {
  /**
   * Most stacks deployed at once. Default 100: every account has its own CloudFormation rate
   * limits, so what is bounded is this process (sockets, polls); 100 keeps a 50-target stage
   * plus the source stack in one layer, so the critical path stays three stack durations.
   */
  readonly concurrency?: number;
  /** Who holds the lock, e.g. `ana@laptop pid 4242`. */
  readonly holder: string;
  /** Unique per run: names the lock and the change sets. */
  readonly runId: string;
  /** Remove the stale lock with this id first. */
  readonly forceUnlock?: string | undefined;
  /** Between two DescribeStacks of one stack. Default 2000 ms. */
  readonly pollIntervalMs?: number;
}

export interface DeployResult {
  readonly ok: boolean;
  readonly pipeline: string;
  readonly runId: string;
  /** In plan order, then the old `<name>-target` stacks deleted for a StackSet (`replacedBy`). */
  readonly stacks: readonly StackResult[];
  /**
   * The StackSets that bring the roles to OU accounts, then those of the pipeline the plan no
   * longer has (`leftover`: deleted when a planned one replaced them, else kept; absent: none).
   */
  readonly stackSets?: readonly StackSetResult[];
  /** pipeline.json with placeholders resolved; only when every stack is deployed. */
  readonly resolvedPipeline?: Readonly<Record<string, unknown>> | undefined;
  readonly elapsedMs: number;
}

export const DEFAULT_CONCURRENCY = 100;

export async function deployPlan(
  synth: SynthResult,
  env: DeployEnvironment,
  options: DeployPlanOptions,
): Promise<DeployResult> {
  const { plan } = synth;
  const started = env.clock.now();
  const record: LockRecord = {
    id: options.runId,
    holder: options.holder,
    since: new Date(started).toISOString(),
    operation: 'deploy',
  };
  const lock = await acquireLock(await env.lockApi(), plan.pipeline, record, options.forceUnlock);
  env.io.notify(IO.DEPLOY_LOCK.msg(`locked ${plan.pipeline} (lock ${record.id})`, record));
  try {
    const byId = new Map(plan.stacks.map((s) => [s.id, s]));
    const outputs = new Map<StackId, Readonly<Record<string, string>>>();
    const results = new Map<StackId, StackResult>();
    const tags = { 'crossline:pipeline': plan.pipeline };

    const sets = new Map((plan.stackSets ?? []).map((s) => [stackSetNodeId(s.name), s]));
    const setResults = new Map<string, StackSetResult>();
    // What StackSets replace: read under the lock, deleted by the StackSet nodes that need it.
    const leftovers = new LeftoverRun(await leftoverStackSets(plan, env), env, options);
    const retired: StackResult[] = [];
    await runGraph(stackSetGraph(plan), options.concurrency ?? DEFAULT_CONCURRENCY, async (id) => {
      const set = sets.get(id);
      if (set !== undefined) {
        const r = await runStackSet(synth, set, outputs, env, options, { leftovers, retired });
        setResults.set(id, r);
        return r.outcome !== 'failed';
      }
      const sp = byId.get(id)!;
      const monitor = new StackMonitor(sp, env.io, env.clock);
      let r: StackResult;
      try {
        const template = synth.templates[id];
        if (template === undefined) throw new Error(`no template for ${id} in the synth result`);
        const templateBody = JSON.stringify(template);
        const templateUrl = await templateUrlFor(sp, templateBody, plan, outputs, env);
        r = await deployStack({
          plan: sp,
          api: await env.stackApi(sp.account, sp.region),
          templateBody,
          templateUrl,
          parameters: stackParameters(sp, outputs),
          tags,
          changeSetName: `crossline-${options.runId}`,
          monitor,
          clock: env.clock,
          pollMs: options.pollIntervalMs ?? 2000,
        });
      } catch (e) {
        const reason = isCrosslineError(e) ? e.message : errorMessage(e);
        monitor.status('FAILED', true, reason);
        r = {
          id,
          stack: sp.name,
          kind: sp.kind,
          account: sp.account,
          outcome: 'failed',
          reason,
          elapsedMs: monitor.elapsedMs,
          outputs: {},
        };
      }
      results.set(id, r);
      if (r.outcome === 'failed') return false;
      outputs.set(id, r.outputs);
      return true;
    });

    // The plan's stacks, then the old target stacks retired for a StackSet (`replacedBy`).
    const stacks = [...resultsInPlanOrder(plan.stacks, results), ...retired];
    const stackSets = [
      ...[...sets].map(([id, s]) => setResults.get(id) ?? notStarted(s)),
      ...(await leftovers.results()),
    ];
    const ok =
      allSucceeded(stacks) &&
      stackSets.every((s) => s.outcome !== 'failed' && s.outcome !== 'not-started');
    return {
      ok,
      pipeline: plan.pipeline,
      runId: options.runId,
      stacks,
      ...(stackSets.length === 0 ? {} : { stackSets }),
      resolvedPipeline: ok ? resolvePlaceholders(synth.pipelineJson, plan, outputs) : undefined,
      elapsedMs: env.clock.now() - started,
    };
  } finally {
    await lock.release();
  }
}
