import { scriptContext, type RowGenerator } from './generator.js';
import {
  buildScopeRows,
  eventScopeRows,
  pipelineScopeRows,
  sourceScopeRows,
  targetScopeRows,
} from './least-privilege/roles.js';
import { confusedDeputyRows, tagSessionRows } from './least-privilege/trusts.js';
import { otherAdminRows, outsiderRows } from './negative/outsiders.js';
import { otherServiceRows, pipelineAssumeRows } from './negative/pipeline.js';
import { targetNegativeRows } from './negative/targets.js';
import { sourceNegativeRows, transportRows } from './negative/transport.js';
import { buildRows } from './positive/build.js';
import { deployRows } from './positive/deploy.js';
import { pipelineRows, sourceRows } from './positive/pipeline.js';
import { triggerRows } from './positive/trigger.js';
import { changeSetNegativeRows } from './release/change-set.js';
import { testRows } from './release/tests.js';
import { notificationRows } from './release/notifications.js';
import { buildEnvironmentRows } from './release/build-environment.js';
import { orgOutsiderRows, scriptOrganization } from './negative/organization.js';
import { workloadRows } from './workloads.js';
import { deployedPackageRows } from './deployed-packages.js';
import { regionRows } from './regions.js';
import { formatStep, parseStep, type Step } from './step.js';
import type { Topology } from './topology.js';
import type { AccessScript } from './types.js';

/**
 * The script's rows, in order: the positive rows (every request the running pipeline makes),
 * the negative rows (requests that must be denied), then the least-privilege rows. A new
 * feature adds its rows with one generator file and one line here.
 */
export const ROW_GENERATORS: readonly RowGenerator[] = [
  // positive
  triggerRows,
  pipelineRows,
  sourceRows,
  buildRows,
  deployRows,
  // negative
  outsiderRows,
  otherAdminRows,
  transportRows,
  sourceNegativeRows,
  targetNegativeRows,
  otherServiceRows,
  pipelineAssumeRows,
  changeSetNegativeRows,
  orgOutsiderRows,
  // least privilege
  pipelineScopeRows,
  buildScopeRows,
  eventScopeRows,
  sourceScopeRows,
  targetScopeRows,
  tagSessionRows,
  confusedDeputyRows,
  // workloads (positive and negative rows of packaged code and images)
  workloadRows,
  // a live pipeline's deployed templates: the code and nested templates they read (doctor)
  deployedPackageRows,
  // targets in several regions: each extra region's artifact store (nothing for one region)
  regionRows,
  // release flow: the test actions (positive and negative rows)
  testRows,
  // release flow: notifications (positive and negative rows)
  notificationRows,
  // release flow: build.environment and build.vpc (positive and negative rows)
  buildEnvironmentRows,
];

/**
 * The access script of a pipeline (docs/design.md §5). Derived from the topology alone, so a
 * new target adds its rows, and live topologies (doctor) work too.
 */
export function buildAccessScript(topology: Topology): AccessScript {
  const ctx = scriptContext(topology);
  return {
    rows: ROW_GENERATORS.flatMap((generate) => generate(ctx)),
    assumed: ctx.assumed(),
    accounts: topology.accounts,
    ...(topology.organization === undefined
      ? {}
      : { organization: scriptOrganization(topology.organization) }),
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
