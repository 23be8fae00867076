import { parseArn } from '../model/arns.js';
import { ADMIN_DOCUMENT, Resources } from './rows.js';
import type { Topology } from './topology.js';
import type { AccessRow, PolicyInput } from './types.js';

/** What every row generator gets: the topology, its resources, and the assumed principals. */
export interface ScriptContext {
  readonly t: Topology;
  readonly r: Resources;
  /**
   * Registers `Allow *:*` as the identity policy of a principal outside the pipeline (once
   * per principal) and returns the principal, for a row that must be denied all the same.
   */
  admin(principal: string, account: string): string;
  /** Registers a policy the negative rows assume of a principal outside the pipeline. */
  assume(policy: PolicyInput): void;
}

/**
 * One group of access-script rows. The script is the concatenation of the generators listed
 * in `ROW_GENERATORS` (script.ts), in that order: a new feature adds its rows with one
 * generator and one line there.
 */
export type RowGenerator = (ctx: ScriptContext) => readonly AccessRow[];

/**
 * A fresh context for one script. Assumed policies are kept by what they are attached to:
 * a later one for the same principal replaces the earlier in its place.
 */
export function scriptContext(t: Topology): ScriptContext & { assumed(): PolicyInput[] } {
  const byPrincipal = new Map<string, PolicyInput>();
  const assume = (policy: PolicyInput): void => void byPrincipal.set(policy.attachedTo, policy);
  return {
    t,
    r: new Resources(t),
    assumed: () => [...byPrincipal.values()],
    assume,
    admin: (principal, account) => {
      assume({
        name: `assumed/admin/${account}/${parseArn(principal)?.resource ?? principal}`,
        kind: 'identity',
        account,
        attachedTo: principal,
        document: ADMIN_DOCUMENT,
      });
      return principal;
    },
  };
}
