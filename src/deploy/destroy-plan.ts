/**
 * `crossline destroy`: every stack deleted in reverse dependency order (pipeline first, then
 * source, targets and the StackSets of OU accounts in parallel — with those of the pipeline
 * the config no longer has, docs/design.md §13 —, artifacts last). The artifact bucket and key hold the
 * pipeline's history and are kept — with their stack — unless `--including-artifacts`; then
 * the stack is deleted and the retained bucket is emptied and removed, the key scheduled for
 * deletion (7 days, the shortest AWS allows).
 */
import { IO } from '../io/index.js';
import { errorMessage } from '../aws/index.js';
import { isCrosslineError } from '../errors/index.js';
import type { StackPlan, SynthResult } from '../synth/types.js';
import { reverseGraph, runGraph } from './graph-runner.js';
import { DEFAULT_CONCURRENCY } from './deploy-plan.js';
import { acquireLock } from './lock.js';
import { StackMonitor } from './monitor.js';
import { allSucceeded, resultsInPlanOrder } from './stack-results.js';
import { stackSetNodeId } from './stackset-deploy.js';
import { leftoverStackSets } from './stackset-leftovers.js';
import { notStarted, removeStackSet, stackSetGraph } from './stackset-run.js';
import type { DeployEnvironment, StackOutcome, StackResult, StackSetResult } from './types.js';
import { waitForStack } from './wait.js';

export interface DestroyOptions {
  readonly includingArtifacts: boolean;
  readonly holder: string;
  readonly runId: string;
  readonly forceUnlock?: string | undefined;
  readonly concurrency?: number;
  readonly pollIntervalMs?: number;
  /** Alias of the artifact key, deleted with it. */
  readonly keyAlias?: string;
}

export interface DestroyResult {
  readonly ok: boolean;
  readonly stacks: readonly StackResult[];
  /**
   * The StackSets of OU accounts: instances deleted, then the StackSet; those of the pipeline
   * the plan no longer has too (`leftover`). Absent: none.
   */
  readonly stackSets?: readonly StackSetResult[];
  /** What happened to the retained artifact store (only with includingArtifacts). */
  readonly artifacts?:
    { readonly bucket?: string; readonly key?: string; readonly removed: boolean } | undefined;
}

/** What a destroy deletes and keeps, for the question before it (see {@link destroyScope}). */
export interface DestroyScope {
  /** Stack ids in the order they are deleted: the pipeline first, the artifacts last. */
  readonly deletes: readonly string[];
  /** Stack ids kept: the artifacts stacks, unless `includingArtifacts`. */
  readonly keeps: readonly string[];
  /** `stackset/<name>` of the StackSets deleted with their instances (planned and leftover). */
  readonly stackSets: readonly string[];
  readonly text: string;
}

/**
 * The stacks a destroy deletes, in order, and what it keeps, in words: nobody should confirm
 * a destroy without seeing which accounts lose which stacks, and that the artifact bucket
 * and key (the pipeline's history) stay unless asked.
 */
export function destroyScope(
  stacks: readonly StackPlan[],
  includingArtifacts: boolean,
  store: { readonly bucket: string; readonly keyAlias: string },
  stackSets: readonly { readonly name: string; readonly leftover?: boolean }[] = [],
): DestroyScope {
  const order = [...stacks].reverse();
  const kept = (s: StackPlan): boolean => s.kind === 'artifacts' && !includingArtifacts;
  const deletes = order.filter((s) => !kept(s)).map((s) => s.id);
  const keeps = order.filter(kept).map((s) => s.id);
  const sets = stackSets.map((s) => stackSetNodeId(s.name));
  const lines = [
    `destroy deletes ${deletes.length} stack${deletes.length === 1 ? '' : 's'}, the pipeline first:`,
    ...deletes.map((id) => `  ${id}`),
    ...(stackSets.length === 0
      ? []
      : [
          `and ${stackSets.length} StackSet${stackSets.length === 1 ? '' : 's'} with ${stackSets.length === 1 ? 'its' : 'their'} instances (the roles in the OU accounts):`,
          ...stackSets.map(
            (s, i) => `  ${sets[i]}${s.leftover === true ? ' (no longer in the config)' : ''}`,
          ),
        ]),
    includingArtifacts
      ? `then empties and deletes bucket ${store.bucket} and schedules key ${store.keyAlias} for deletion (7 days)`
      : `keeps ${keeps.join(', ')}: bucket ${store.bucket} and key ${store.keyAlias} (the pipeline's history); --including-artifacts deletes them too`,
  ];
  return { deletes, keeps, stackSets: sets, text: lines.join('\n') };
}

export async function destroyPlan(
  synth: SynthResult,
  env: DeployEnvironment,
  options: DestroyOptions,
): Promise<DestroyResult> {
  const { plan } = synth;
  const lock = await acquireLock(
    await env.lockApi(),
    plan.pipeline,
    {
      id: options.runId,
      holder: options.holder,
      since: new Date(env.clock.now()).toISOString(),
      operation: 'destroy',
    },
    options.forceUnlock,
  );
  try {
    const byId = new Map(plan.stacks.map((s) => [s.id, s]));
    const results = new Map<string, StackResult>();
    let artifacts: DestroyResult['artifacts'];

    // The planned StackSets and those of the pipeline the plan no longer has (an OU dropped).
    const leftovers = (await leftoverStackSets(plan, env)).map((l) => l.plan);
    const leftoverIds = new Set(leftovers.map((l) => stackSetNodeId(l.name)));
    const planned = [...(plan.stackSets ?? []), ...leftovers];
    const sets = new Map(planned.map((s) => [stackSetNodeId(s.name), s]));
    const setResults = new Map<string, StackSetResult>();
    await runGraph(
      reverseGraph(stackSetGraph({ stacks: plan.stacks, stackSets: planned })),
      options.concurrency ?? DEFAULT_CONCURRENCY,
      async (id) => {
        const set = sets.get(id);
        if (set !== undefined) {
          const r = await removeStackSet(set, env, options);
          setResults.set(id, leftoverIds.has(id) ? { ...r, leftover: true } : r);
          return r.outcome !== 'failed';
        }
        const sp = byId.get(id)!;
        const monitor = new StackMonitor(sp, env.io, env.clock, 'destroy');
        const done = (outcome: StackOutcome, status?: string, reason?: string): boolean => {
          monitor.status(
            outcome === 'failed' ? (status ?? 'FAILED') : outcome.toUpperCase(),
            true,
            reason,
          );
          results.set(id, {
            id,
            stack: sp.name,
            kind: sp.kind,
            account: sp.account,
            outcome,
            status,
            ...(reason !== undefined ? { reason } : {}),
            elapsedMs: monitor.elapsedMs,
            outputs: {},
          });
          return outcome !== 'failed';
        };
        if (sp.kind === 'artifacts' && !options.includingArtifacts) return done('kept');
        try {
          const api = await env.stackApi(sp.account, sp.region);
          const current = await api.describe(sp.name);
          if (current === undefined) return done('absent');
          monitor.ignore(await api.events(current.id));
          await api.delete(current.id);
          const after = await waitForStack(
            api,
            current.id,
            monitor,
            env.clock,
            options.pollIntervalMs ?? 2000,
          );
          if (after !== undefined && after.status !== 'DELETE_COMPLETE') {
            return done('failed', after.status, after.statusReason ?? 'delete did not complete');
          }
          if (sp.kind === 'artifacts')
            artifacts = await removeArtifactStore(env, sp, current.outputs, options.keyAlias);
          return done('deleted', 'DELETE_COMPLETE');
        } catch (e) {
          return done('failed', undefined, isCrosslineError(e) ? e.message : errorMessage(e));
        }
      },
    );

    const stacks = resultsInPlanOrder(plan.stacks, results).reverse();
    const stackSets = [...sets].map(([id, s]) => setResults.get(id) ?? notStarted(s));
    return {
      ok:
        allSucceeded(stacks) &&
        stackSets.every((s) => s.outcome !== 'failed' && s.outcome !== 'not-started'),
      stacks,
      ...(stackSets.length === 0 ? {} : { stackSets }),
      artifacts,
    };
  } finally {
    await lock.release();
  }
}

async function removeArtifactStore(
  env: DeployEnvironment,
  sp: StackPlan,
  outputs: Readonly<Record<string, string>>,
  keyAlias: string | undefined,
): Promise<NonNullable<DestroyResult['artifacts']>> {
  const bucket = outputs.ArtifactBucketName;
  const key = outputs.ArtifactKeyArn;
  if (env.artifactStoreApi === undefined) return { bucket, key, removed: false };
  const api = await env.artifactStoreApi(sp.region);
  if (bucket !== undefined) await api.deleteBucket(bucket);
  if (key !== undefined) await api.retireKey(key, keyAlias);
  env.io.notify(
    IO.DESTROY_ARTIFACTS.msg(
      `removed artifact bucket ${bucket ?? '(unknown)'} and scheduled key ${key ?? '(unknown)'} for deletion in ${sp.account.alias}`,
    ),
  );
  return { bucket, key, removed: true };
}
