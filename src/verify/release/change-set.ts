import { makeRow, Resources, type RowSpec } from '../rows.js';
import { SOURCES } from '../sources.js';
import { targetSteps } from '../positive.js';
import type { Topology } from '../topology.js';
import type { AccessRow } from '../types.js';

/**
 * The change set a crossline change-set stage prepares for each of its stacks (the same
 * name synthesis writes: `<pipeline>-release`).
 */
export function releaseChangeSetName(pipeline: string): string {
  return `${pipeline}-release`;
}

/**
 * Negative rows of the deploy modes (docs/design.md §5). The positive rows of each mode come
 * from `stackActions`; these prove the modes apart:
 * - a create-update target's deploy role cannot execute (or create) a change set on its stack:
 *   change-set rights belong to change-set stages only;
 * - a change-set target's deploy role cannot UpdateStack/CreateStack its stack (that would
 *   skip the reviewed change set), nor execute a change set of another name.
 */
export function changeSetNegativeRows(t: Topology): AccessRow[] {
  // Only pipelines that use change sets have two modes to tell apart.
  if (!t.targets.some((x) => x.mode === 'CHANGE_SET')) return [];
  const r = new Resources(t);
  const rows: AccessRow[] = [];
  const deny = (spec: RowSpec): void => void rows.push(makeRow('deny', spec));
  for (const [target, prefix] of targetSteps(t)) {
    const step = `negative.${prefix.slice('deploy.'.length)}.mode`;
    const actor = target.deployRole ?? t.pipelineRole;
    const stack = r.stack(target.account, target.stack);
    if (target.mode === 'CREATE_UPDATE') {
      for (const action of ['cloudformation:ExecuteChangeSet', 'cloudformation:CreateChangeSet']) {
        deny({
          step,
          principal: actor,
          action,
          resource: stack,
          context: { 'cloudformation:ChangeSetName': releaseChangeSetName(t.pipelineName) },
          source: SOURCES.cloudformationAction,
        });
      }
      continue;
    }
    for (const action of ['cloudformation:UpdateStack', 'cloudformation:CreateStack']) {
      deny({
        step,
        principal: actor,
        action,
        resource: stack,
        source: SOURCES.cloudformationAction,
      });
    }
    if (target.changeSetName !== undefined) {
      deny({
        step,
        principal: actor,
        action: 'cloudformation:ExecuteChangeSet',
        resource: stack,
        context: { 'cloudformation:ChangeSetName': `${target.changeSetName}-other` },
        source: SOURCES.cdkCloudformationGrants,
      });
    }
  }
  return rows;
}
