import { leastPrivilegeRows } from './least-privilege.js';
import { negativeRows } from './negative.js';
import { positiveRows } from './positive.js';
import { workloadRows } from './workloads.js';
import { formatStep, parseStep, type Step } from './step.js';
import type { Topology } from './topology.js';
import type { AccessScript } from './types.js';

/**
 * The access script of a pipeline (docs/design.md §5): the positive rows (every request the
 * running pipeline makes) then the negative rows (requests that must be denied). Derived from
 * the topology alone, so a new target adds its rows, and live topologies (doctor) work too.
 */
export function buildAccessScript(topology: Topology): AccessScript {
  const negative = negativeRows(topology);
  return {
    rows: [
      ...positiveRows(topology),
      ...negative.rows,
      ...leastPrivilegeRows(topology),
      ...workloadRows(topology),
    ],
    assumed: negative.assumed,
    accounts: topology.accounts,
  };
}

/**
 * Every step the script produces for `topology`, once each, in script order: what a finding
 * that names a step may name.
 */
export function scriptSteps(topology: Topology): Step[] {
  const seen = new Map<string, Step>();
  for (const row of buildAccessScript(topology).rows) {
    if (seen.has(row.step)) continue;
    const parsed = parseStep(row.step);
    if (parsed === undefined || formatStep(parsed) !== row.step)
      throw new Error(`the access script wrote step "${row.step}", which formatStep cannot write`);
    seen.set(row.step, parsed);
  }
  return [...seen.values()];
}
