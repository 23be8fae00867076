import { leastPrivilegeRows } from './least-privilege.js';
import { negativeRows } from './negative.js';
import { positiveRows } from './positive.js';
import type { Topology } from './topology.js';
import type { AccessScript } from './types.js';

/**
 * The access script of a pipeline (DESIGN.md §5): the positive rows (every request the
 * running pipeline makes) then the negative rows (requests that must be denied). Derived from
 * the topology alone, so a new target adds its rows, and live topologies (doctor) work too.
 */
export function buildAccessScript(topology: Topology): AccessScript {
  const negative = negativeRows(topology);
  return {
    rows: [...positiveRows(topology), ...negative.rows, ...leastPrivilegeRows(topology)],
    assumed: negative.assumed,
    accounts: topology.accounts,
  };
}
