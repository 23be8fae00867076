/**
 * The per-account bootstrap stacks a StackSet replaces (docs/design.md §13). Before StackSets,
 * each OU member had its own `<name>-target` stack holding the very role names the StackSet
 * brings, so its instance would fail on them ("Role with name … already exists") and a re-run
 * would not help. Before a member's instance, deploy retires that stack:
 *
 *   member without a CURRENT instance ─▶ DescribeStacks <name>-target there (StackSet region)
 *     absent ─────────────────────────────────────────────▶ nothing to do
 *     not tagged crossline:pipeline=<name> ───────────────▶ not ours: left, a warning
 *     ours, a role kept on delete (DeletionPolicy Retain) ─▶ failed: deleting frees no name
 *     ours ─▶ DeleteStack ─▶ wait ─▶ DELETE_COMPLETE ──────▶ deleted (retired)
 *                                 └▶ DELETE_FAILED … ──────▶ failed: that account's instance waits
 *
 * Members with a CURRENT instance are not looked at: their roles came from the StackSet, so no
 * stack holds those names there, and a re-run with nothing to do makes no call in the members.
 * A member that cannot be read (no credentials into it, AccessDenied) is a warning: the deploy
 * goes on and CloudFormation has the last word (the per-OU result names a failed account).
 */
import { errorMessage, type StackApi, type StackDescription } from '../aws/index.js';
import { isCrosslineError } from '../errors/index.js';
import { IO } from '../io/index.js';
import { compareText } from '../model/index.js';
import type { StackSetPlan } from '../synth/types.js';
import { StackMonitor } from './monitor.js';
import type { DeployEnvironment, StackResult } from './types.js';
import { failureReason, waitForStack } from './wait.js';

/** The tag deploy puts on every stack it makes (deploy-plan.ts), by which it knows its own. */
export const PIPELINE_TAG = 'crossline:pipeline';

type Account = StackSetPlan['members'][number];

/** A member's `<name>-target` stack that crossline made for this pipeline. */
export interface ReplacedStack {
  readonly account: Account;
  readonly region: string;
  readonly stack: StackDescription;
  /** Its deployed template (what diff shows going). */
  readonly templateBody: string | undefined;
}

export interface ReplacedLookup {
  readonly found: readonly ReplacedStack[];
  /** Warnings: members that could not be read, stacks of that name crossline did not make. */
  readonly warnings: readonly string[];
}

/** The members that still need their instance: every planned account without a CURRENT one. */
export function awaitingInstance(
  set: Pick<StackSetPlan, 'accounts' | 'region'>,
  instances: readonly { account: string; region: string; status: string }[] | undefined,
): string[] {
  const current = new Set(
    (instances ?? [])
      .filter((i) => i.region === set.region && i.status === 'CURRENT')
      .map((i) => i.account),
  );
  return set.accounts.filter((a) => !current.has(a));
}

/** Looks for crossline's own `<name>-target` stack in each account, at most `limit` at once. */
export async function findReplacedStacks(
  set: StackSetPlan,
  pipeline: string,
  accounts: readonly string[],
  env: Pick<DeployEnvironment, 'stackApi'>,
  limit: number,
): Promise<ReplacedLookup> {
  const byId = new Map(set.members.map((m) => [m.id, m]));
  const unreadable: string[] = [];
  const foreign: string[] = [];
  const found: ReplacedStack[] = [];
  await eachLimited(accounts, limit, async (id) => {
    const account = byId.get(id) ?? { alias: id, id };
    try {
      const api = await env.stackApi(account, set.region);
      const stack = await api.describe(set.replacesStack);
      if (stack === undefined) return;
      if (stack.tags[PIPELINE_TAG] !== pipeline) {
        foreign.push(`${account.alias} (${account.id})`);
        return;
      }
      found.push({
        account,
        region: set.region,
        stack,
        templateBody: await api.template(stack.id),
      });
    } catch (e) {
      unreadable.push(`${account.alias} (${account.id}): ${reasonOf(e)}`);
    }
  });
  const warnings: string[] = [];
  if (unreadable.length > 0)
    warnings.push(
      `could not look for an old ${set.replacesStack} stack in ${unreadable.length} member account${unreadable.length === 1 ? '' : 's'} of StackSet ${set.name} (${unreadable.slice(0, 3).join('; ')}${unreadable.length > 3 ? '; …' : ''}); where one is left, that account's instance fails on the existing role names`,
    );
  if (foreign.length > 0)
    warnings.push(
      `${foreign.join(', ')}: a ${set.replacesStack} stack that crossline did not make (no ${PIPELINE_TAG}=${pipeline} tag) is left in place; if it holds the role names of StackSet ${set.name}, that account's instance fails until it is removed`,
    );
  found.sort((a, b) => compareText(a.account.id, b.account.id));
  return { found, warnings };
}

/** What the retirement of the stacks a StackSet replaces left behind. */
export interface Retirement {
  /** One result per stack deleted or failed (`replacedBy` the StackSet). */
  readonly stacks: readonly StackResult[];
  /** Accounts whose instance must wait: what holds their role names could not be removed. */
  readonly blocked: readonly string[];
  /** Why, for the StackSet's result (absent when nothing failed). */
  readonly reason?: string | undefined;
}

/** Finds and deletes the `<name>-target` stacks of `accounts` (see the top of this file). */
export async function retireReplacedStacks(
  set: StackSetPlan,
  pipeline: string,
  accounts: readonly string[],
  env: Pick<DeployEnvironment, 'stackApi' | 'io' | 'clock'>,
  options: { readonly limit: number; readonly pollMs: number },
): Promise<Retirement> {
  if (accounts.length === 0) return { stacks: [], blocked: [] };
  const lookup = await findReplacedStacks(set, pipeline, accounts, env, options.limit);
  for (const w of lookup.warnings) env.io.notify(IO.DEPLOY_RETIRE_WARNING.msg(w));
  const stacks = await eachLimited(lookup.found, options.limit, (f) =>
    retireStack(set, f, env, options.pollMs),
  );
  const failed = stacks.filter((s) => s.outcome === 'failed');
  return {
    stacks,
    blocked: failed.map((s) => s.account.id),
    ...(failed.length === 0
      ? {}
      : {
          reason: `retire ${set.replacesStack} failed in ${failed.map((s) => `${s.account.alias} (${s.account.id}): ${s.reason ?? s.status ?? 'failed'}`).join('; ')}; ${failed.length === 1 ? 'its instance waits' : 'their instances wait'} for a re-run`,
        }),
  };
}

/** The message that names a retirement, in deploy (and, as "would", in diff). */
export function retireMessage(set: StackSetPlan, f: ReplacedStack, verb = 'retire'): string {
  return `${verb} ${f.stack.name} in ${f.account.alias} (replaced by StackSet ${set.name})`;
}

async function retireStack(
  set: StackSetPlan,
  f: ReplacedStack,
  env: Pick<DeployEnvironment, 'stackApi' | 'io' | 'clock'>,
  pollMs: number,
): Promise<StackResult> {
  const id = `${f.account.alias}/${f.stack.name}`;
  env.io.notify(
    IO.DEPLOY_RETIRE.msg(retireMessage(set, f), {
      id,
      account: f.account.alias,
      accountId: f.account.id,
      stack: f.stack.name,
      region: f.region,
      replacedBy: set.name,
    }),
  );
  const monitor = new StackMonitor(
    { id, name: f.stack.name, account: f.account },
    env.io,
    env.clock,
  );
  const done = (outcome: 'deleted' | 'failed', status?: string, reason?: string): StackResult => {
    if (outcome === 'failed') monitor.status(status ?? 'FAILED', true, reason);
    else monitor.status('RETIRED', true);
    return {
      id,
      stack: f.stack.name,
      kind: 'target',
      account: f.account,
      outcome,
      ...(status === undefined ? {} : { status }),
      ...(reason === undefined ? {} : { reason }),
      elapsedMs: monitor.elapsedMs,
      outputs: {},
      replacedBy: set.name,
    };
  };
  const replaced = `retired: replaced by StackSet ${set.name}`;
  monitor.status('RETIRING', false, `replaced by StackSet ${set.name}`);
  const kept = retainedNames(f.templateBody);
  if (kept.length > 0)
    return done(
      'failed',
      f.stack.status,
      `its template keeps ${kept.join(', ')} on delete (DeletionPolicy Retain), so deleting it would not free the role names; delete the stack, then those resources, by hand`,
    );
  try {
    const api: StackApi = await env.stackApi(f.account, f.region);
    let current: StackDescription | undefined = f.stack;
    // One in progress (another deploy's, a delete of a previous run) is waited for first.
    if (current.status.endsWith('_IN_PROGRESS'))
      current = await waitForStack(api, f.stack.id, monitor, env.clock, pollMs);
    if (current === undefined || current.status === 'DELETE_COMPLETE')
      return done('deleted', 'DELETE_COMPLETE', replaced);
    const before = await api.events(current.id);
    monitor.ignore(before);
    await api.delete(current.id);
    const after = await waitForStack(api, current.id, monitor, env.clock, pollMs);
    if (after === undefined || after.status === 'DELETE_COMPLETE')
      return done('deleted', 'DELETE_COMPLETE', replaced);
    return done(
      'failed',
      after.status,
      await failureReason(
        api,
        current.id,
        new Set(before.map((e) => e.id)),
        after.statusReason ?? 'delete did not complete',
      ),
    );
  } catch (e) {
    return done('failed', undefined, reasonOf(e));
  }
}

/** Logical ids of the roles and policies a template keeps when its stack is deleted. */
function retainedNames(body: string | undefined): string[] {
  if (body === undefined) return [];
  let template: { Resources?: Record<string, { Type?: string; DeletionPolicy?: string }> };
  try {
    template = JSON.parse(body) as typeof template;
  } catch {
    return []; // not JSON (changed by hand): CloudFormation decides, the instance reports it
  }
  return Object.entries(template.Resources ?? {})
    .filter(
      ([, r]) =>
        /^AWS::IAM::(Role|ManagedPolicy)$/.test(r.Type ?? '') &&
        /^Retain/.test(r.DeletionPolicy ?? ''),
    )
    .map(([logicalId]) => logicalId)
    .sort();
}

function reasonOf(e: unknown): string {
  return isCrosslineError(e) ? e.message : errorMessage(e);
}

/** `f` over `items`, at most `limit` at once, results in input order. */
export async function eachLimited<T, R>(
  items: readonly T[],
  limit: number,
  f: (item: T) => Promise<R>,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await f(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return out;
}
