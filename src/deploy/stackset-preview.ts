/**
 * What deploy would retire for the planned StackSets, for `diff` (docs/design.md §13): the same
 * lookups deploy makes (stackset-retire.ts, stackset-leftovers.ts), without a change. Each
 * thing deploy would delete is a diff source whose desired template is empty (every resource
 * goes), marked `replacedBy`; what deploy could not check or leaves in place is a warning.
 * Loaded only when a plan has StackSets (diff-plan.ts imports it on demand).
 */
import { errorMessage } from '../aws/index.js';
import type { SynthResult } from '../synth/types.js';
import type { DiffSource } from './diff-plan.js';
import { findLeftoverStackSets, keptReason, overlapping } from './stackset-leftovers.js';
import { stackSetNodeId } from './stackset-ids.js';
import { awaitingInstance, findReplacedStacks } from './stackset-retire.js';
import type { DeployEnvironment } from './types.js';

/** Member accounts looked at at once. */
const LOOKUP_CONCURRENCY = 20;

export async function retirementSources(
  synth: SynthResult,
  env: Pick<DeployEnvironment, 'stackApi' | 'stackSetApi'>,
): Promise<{ sources: DiffSource[]; warnings: string[] }> {
  const { plan } = synth;
  const sources: DiffSource[] = [];
  const warnings: string[] = [];
  if (env.stackSetApi === undefined) return { sources, warnings };
  const waiting = new Map<string, string[]>();
  for (const set of plan.stackSets ?? []) {
    const api = await env.stackSetApi(set.account, set.region, set.callAs);
    let accounts: string[];
    try {
      const exists = (await api.describe(set.name)) !== undefined;
      accounts = awaitingInstance(set, exists ? await api.instances(set.name) : undefined);
    } catch (e) {
      warnings.push(`could not read StackSet ${set.name}: ${errorMessage(e)}`);
      continue;
    }
    waiting.set(set.name, accounts);
    const lookup = await findReplacedStacks(set, plan.pipeline, accounts, env, LOOKUP_CONCURRENCY);
    warnings.push(...lookup.warnings);
    for (const f of lookup.found)
      sources.push({
        id: `${f.account.alias}/${f.stack.name}`,
        name: f.stack.name,
        account: f.account,
        desired: {},
        current: () => Promise.resolve(f.templateBody),
        replacedBy: set.name,
      });
  }
  try {
    const found = await findLeftoverStackSets(plan, env);
    warnings.push(...found.warnings);
    for (const l of found.sets) {
      const by = (plan.stackSets ?? []).find(
        (s) => overlapping([l], waiting.get(s.name) ?? []).length > 0,
      );
      if (by === undefined) {
        warnings.push(`StackSet ${l.plan.name} ${keptReason(l)}`);
        continue;
      }
      sources.push({
        id: stackSetNodeId(l.plan.name),
        name: l.plan.name,
        account: l.plan.account,
        desired: {},
        current: () => Promise.resolve(l.templateBody),
        replacedBy: by.name,
      });
    }
  } catch (e) {
    warnings.push(
      `could not look for StackSets of ${plan.pipeline} the config no longer has: ${errorMessage(e)}`,
    );
  }
  return { sources, warnings };
}
