/**
 * One stack, made to match its template (docs/design.md §8):
 *
 *   absent ─────────────────▶ CreateStack ──────────────▶ wait ─▶ created
 *   ROLLBACK_COMPLETE ──▶ delete, wait ─▶ (absent)                     (recreated)
 *   *_IN_PROGRESS ──▶ wait for it, then decide
 *   stable, same template + parameters + tags ─────────────────────▶ unchanged
 *   stable, different ─▶ CreateChangeSet ─▶ "no changes"? delete it ─▶ unchanged
 *                                        └▶ ExecuteChangeSet ─▶ wait ─▶ updated
 *
 * New stacks are created directly: a CREATE change set has nothing to review that `diff` did
 * not already show, and an interrupted one leaves a REVIEW_IN_PROGRESS stack behind.
 */
import {
  errorMessage,
  errorName,
  isNoChangesReason,
  type StackApi,
  type StackDescription,
  type StackInput,
} from '../aws/index.js';
import { isCrosslineError } from '../errors/index.js';
import type { StackPlan } from '../synth/types.js';
import type { StackMonitor } from './monitor.js';
import type { Clock, StackOutcome, StackResult } from './types.js';
import { failureReason, waitForStack } from './wait.js';

/**
 * The stack input without its name (the plan's): `templateBody` is the template as sent
 * (compact JSON), `templateUrl` the same template uploaded to S3 when it is too large to
 * send inline.
 */
export interface StackDeployRequest extends Omit<StackInput, 'stackName'> {
  readonly plan: StackPlan;
  readonly api: StackApi;
  readonly changeSetName: string;
  readonly monitor: StackMonitor;
  readonly clock: Clock;
  readonly pollMs: number;
}

/** CloudFormation's states from which a stack cannot move on without a human. */
const STUCK = new Set([
  'CREATE_FAILED',
  'ROLLBACK_FAILED',
  'DELETE_FAILED',
  'UPDATE_ROLLBACK_FAILED',
  'IMPORT_ROLLBACK_FAILED',
]);

/** Deletable leftovers without live resources: a failed first create, an unexecuted CREATE change set. */
const RECREATE = new Set(['ROLLBACK_COMPLETE', 'REVIEW_IN_PROGRESS']);

export async function deployStack(r: StackDeployRequest): Promise<StackResult> {
  const { plan, api, monitor } = r;
  const name = plan.name;
  const result = (
    outcome: StackOutcome,
    d: StackDescription | undefined,
    reason?: string,
  ): StackResult => {
    monitor.status(
      outcome === 'failed' ? (d?.status ?? 'FAILED') : outcome.toUpperCase(),
      true,
      reason,
    );
    return {
      id: plan.id,
      stack: name,
      kind: plan.kind,
      account: plan.account,
      outcome,
      status: d?.status,
      ...(reason !== undefined ? { reason } : {}),
      elapsedMs: monitor.elapsedMs,
      outputs: d?.outputs ?? {},
    };
  };

  try {
    monitor.status('CHECKING');
    let current = await api.describe(name);
    if (current !== undefined) monitor.ignore(await api.events(current.id));
    if (
      current !== undefined &&
      current.status.endsWith('_IN_PROGRESS') &&
      current.status !== 'REVIEW_IN_PROGRESS'
    ) {
      // A previous run was interrupted (the lock rules out a concurrent crossline): let it settle.
      current = await waitForStack(api, current.id, monitor, r.clock, r.pollMs);
    }
    if (current !== undefined && STUCK.has(current.status)) {
      return result(
        'failed',
        current,
        `stack is ${current.status}${current.statusReason ? ` (${current.statusReason})` : ''}; it needs a human: fix or delete it in the console, then deploy again`,
      );
    }
    let recreated = false;
    if (current !== undefined && RECREATE.has(current.status)) {
      monitor.status(`${current.status} → DELETING`);
      await api.delete(current.id);
      const gone = await waitForStack(api, current.id, monitor, r.clock, r.pollMs);
      if (gone !== undefined && gone.status !== 'DELETE_COMPLETE') {
        return result(
          'failed',
          gone,
          `could not delete the ${current.status} stack (${gone.status})`,
        );
      }
      current = undefined;
      recreated = true;
    }

    const input: StackInput = {
      stackName: name,
      templateBody: r.templateBody,
      templateUrl: r.templateUrl,
      parameters: r.parameters,
      tags: r.tags,
    };
    const before = new Set<string>();
    if (current === undefined) {
      const id = await api.create(input);
      const done = await waitForStack(api, id, monitor, r.clock, r.pollMs);
      if (done?.status === 'CREATE_COMPLETE')
        return result(recreated ? 'recreated' : 'created', done);
      return result('failed', done, await failureReason(api, id, before, done?.statusReason));
    }

    for (const e of await api.events(current.id)) before.add(e.id);
    if (await isUnchanged(api, current, r)) return result('unchanged', current);

    monitor.status('CREATING CHANGE SET');
    const made = await api.createChangeSet({ ...input, changeSetName: r.changeSetName });
    if (made === 'no-changes') return result('unchanged', current);
    const cs = await waitForChangeSet(api, name, r.changeSetName, r.clock, r.pollMs);
    if (cs.status === 'FAILED') {
      await api.deleteChangeSet(name, r.changeSetName);
      if (isNoChangesReason(cs.statusReason)) return result('unchanged', current);
      return result(
        'failed',
        current,
        `change set failed: ${cs.statusReason ?? 'no reason given'}`,
      );
    }
    monitor.status('EXECUTING CHANGE SET');
    await api.executeChangeSet(name, r.changeSetName);
    const done = await waitForStack(api, current.id, monitor, r.clock, r.pollMs);
    if (done?.status === 'UPDATE_COMPLETE') return result('updated', done);
    return result('failed', done, await failureReason(api, current.id, before, done?.statusReason));
  } catch (e) {
    const reason = isCrosslineError(e) ? e.message : `${errorName(e)}: ${errorMessage(e)}`;
    return result('failed', undefined, reason);
  }
}

async function waitForChangeSet(
  api: StackApi,
  stack: string,
  changeSet: string,
  clock: Clock,
  pollMs: number,
) {
  for (;;) {
    const cs = await api.describeChangeSet(stack, changeSet);
    if (cs.status === 'CREATE_COMPLETE' || cs.status === 'FAILED') return cs;
    await clock.sleep(pollMs);
  }
}

/** Same template (as JSON), same parameters, our tags present: nothing to do. */
async function isUnchanged(
  api: StackApi,
  current: StackDescription,
  r: StackDeployRequest,
): Promise<boolean> {
  if (current.status.endsWith('_FAILED')) return false;
  for (const [k, v] of Object.entries(r.parameters)) if (current.parameters[k] !== v) return false;
  for (const [k, v] of Object.entries(r.tags)) if (current.tags[k] !== v) return false;
  const deployed = await api.template(current.id);
  if (deployed === undefined) return false;
  return canonical(deployed) === canonical(r.templateBody);
}

function canonical(body: string): string {
  try {
    return JSON.stringify(sortKeys(JSON.parse(body)));
  } catch {
    return body.trim();
  }
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
