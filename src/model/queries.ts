import type { ArnScope } from './arns.js';
import type { Account, Pipeline } from './types.js';

/** Distinct target accounts in first-use order across stages. */
export function targetAccounts(p: Pipeline): Account[] {
  const seen = new Map<string, Account>();
  for (const stage of p.stages) for (const t of stage.targets) seen.set(t.account.id, t.account);
  return [...seen.values()];
}

export function accountById(p: Pipeline, id: string): Account | undefined {
  return p.accounts.find((a) => a.id === id);
}

/** The ARN scope (partition, region, account) of an account in this pipeline. */
export function scopeOf(p: Pipeline, account: Account): ArnScope {
  return { partition: p.partition, region: p.region, account: account.id };
}
