import { createStackApi, type SessionPool, type StackApi } from '../aws/index.js';
import type { StackEventsReader } from '../ops/explain/index.js';

/**
 * CloudFormation per (account, region) from the command's checked sessions, created once:
 * explain and watch read the stack events of an action in the account it deploys to.
 */
export function poolStacks(
  pool: SessionPool,
  aliases: ReadonlyMap<string, string>,
): StackEventsReader {
  const apis = new Map<string, Promise<StackApi>>();
  return (account, region) => {
    const key = `${account}/${region}`;
    let api = apis.get(key);
    if (api === undefined) {
      api = pool
        .get({ alias: aliases.get(account) ?? account, id: account })
        .then((s) => createStackApi({ ...s, config: { ...s.config, region } }));
      apis.set(key, api);
    }
    return api;
  };
}
