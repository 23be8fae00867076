import type { ArnScope } from './arns.js';
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
