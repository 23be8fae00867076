/**
 * One narrow API object per (account, region), built from the session pool: the same account
 * and region always get the same client; another region of the same account gets its own
 * client over the same (once resolved) credentials.
 */
import type { AccountRef, AccountSession, SessionPool } from './credentials.js';

export interface ClientPool<T> {
  get(account: AccountRef, region: string): Promise<T>;
}

export function createClientPool<T>(
  pool: SessionPool,
  make: (session: AccountSession) => T | Promise<T>,
): ClientPool<T> {
  const clients = new Map<string, Promise<T>>();
  return {
    get(account, region) {
      const key = `${account.id}/${region}`;
      let c = clients.get(key);
      if (c === undefined) {
        c = pool.get(account, region).then(make);
        clients.set(key, c);
      }
      return c;
    },
  };
}
