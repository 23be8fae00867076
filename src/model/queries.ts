import type { ArnScope } from './arns.js';
import { compareText } from './order.js';
import type { Account, Pipeline, Target } from './types.js';

/** Distinct target accounts in first-use order across stages. */
export function targetAccounts(p: Pipeline): Account[] {
  const seen = new Map<string, Account>();
  for (const stage of p.stages) for (const t of stage.targets) seen.set(t.account.id, t.account);
  return [...seen.values()];
}

export function accountById(p: Pipeline, id: string): Account | undefined {
  return p.accounts.find((a) => a.id === id);
}

/**
 * The ARN scope (partition, region, account) of an account in this pipeline. The region is
 * the one of the thing the ARN names; the pipeline region when not given.
 */
export function scopeOf(
  p: Pick<Pipeline, 'partition' | 'region'>,
  account: Account,
  region: string = p.region,
): ArnScope {
  return { partition: p.partition, region, account: account.id };
}

/** The region a target's stack is deployed in. */
export function regionOf(p: Pick<Pipeline, 'region'>, target: Target): string {
  return target.region ?? p.region;
}

/**
 * Every region the pipeline acts in: its own first, then the regions targets name, sorted.
 * One region means one artifact store and the output of a single-region pipeline.
 */
export function pipelineRegions(p: Pick<Pipeline, 'region' | 'stages'>): string[] {
  const extra = new Set<string>();
  for (const s of p.stages)
    for (const t of s.targets) if (regionOf(p, t) !== p.region) extra.add(regionOf(p, t));
  return [p.region, ...[...extra].sort(compareText)];
}

/** Distinct accounts with a target in `region`, in first-use order across stages. */
export function targetsIn(p: Pick<Pipeline, 'region' | 'stages'>, region: string): Account[] {
  const seen = new Map<string, Account>();
  for (const s of p.stages)
    for (const t of s.targets) if (regionOf(p, t) === region) seen.set(t.account.id, t.account);
  return [...seen.values()];
}

/** The regions an account has targets in, in {@link pipelineRegions} order. */
export function regionsOfAccount(
  p: Pick<Pipeline, 'region' | 'stages'>,
  account: Pick<Account, 'id'>,
): string[] {
  let byAccount = regionsByAccount.get(p);
  if (byAccount === undefined) regionsByAccount.set(p, (byAccount = accountRegions(p)));
  return [...(byAccount.get(account.id) ?? [])];
}

/**
 * Asked once per account by synth and verify: computed once per pipeline (a pipeline is not
 * changed after it is built), so that 1,000 target accounts cost linear time.
 */
const regionsByAccount = new WeakMap<object, ReadonlyMap<string, readonly string[]>>();

function accountRegions(p: Pick<Pipeline, 'region' | 'stages'>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const region of pipelineRegions(p))
    for (const a of targetsIn(p, region)) {
      const regions = out.get(a.id) ?? [];
      regions.push(region);
      out.set(a.id, regions);
    }
  return out;
}
